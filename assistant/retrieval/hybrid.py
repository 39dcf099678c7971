"""Hybrid retrieval: dense vectors and BM25 over jieba tokens, fused by RRF, restricted to some documents."""

from __future__ import annotations

from typing import Literal

from assistant.indexing.embedder import Embedder
from assistant.indexing.store import LoadedIndex
from assistant.retrieval.calibration import ScoreCalibrator
from assistant.retrieval.fusion import rrf
from assistant.retrieval.glossary import QueryExpander
from assistant.types import Passage

__all__ = ["HybridRetriever", "Mode"]

Mode = Literal["hybrid", "dense", "bm25"]


class HybridRetriever:
    """Searches one loaded index; `doc_ids` (from the jurisdiction) limits which documents may answer."""

    def __init__(
        self,
        index: LoadedIndex,
        embedder: Embedder,
        titles: dict[str, str],
        candidates: int = 30,
        rrf_k: int = 60,
        dense_weight: float = 1.0,
        expander: QueryExpander | None = None,
        calibrator: ScoreCalibrator | None = None,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.titles = titles
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.expander = expander or QueryExpander({})
        self.calibrator = calibrator

    def search(
        self, query: str, k: int = 5, doc_ids: set[str] | None = None, mode: Mode = "hybrid"
    ) -> list[Passage]:
        """Top-k passages for the query, best first."""
        n = max(k, self.candidates)
        query = self.expander.expand(query)
        dense: list[tuple[str, float]] = []
        sparse: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            qv = self.embedder.embed_queries([query])[0]
            dense = self.index.vectors.query(qv, n, doc_ids)
        if mode in ("hybrid", "bm25"):
            sparse = self.index.bm25.query(query, n, doc_ids)
        dense_rank = {cid: r for r, (cid, _) in enumerate(dense, start=1)}
        sparse_rank = {cid: r for r, (cid, _) in enumerate(sparse, start=1)}
        sparse_score = dict(sparse)
        if mode == "dense":
            fused = dense
        elif mode == "bm25":
            fused = sparse
        else:
            fused = rrf([[c for c, _ in dense], [c for c, _ in sparse]], self.rrf_k, [self.dense_weight, 1.0])
        out = []
        for fused_rank, (cid, score) in enumerate(fused[:k], start=1):
            chunk = self.index.by_id.get(cid)
            if chunk is None:  # a vector store out of step with chunks.jsonl is caught at load; be safe
                continue
            ranks = (sparse_rank.get(cid), dense_rank.get(cid), fused_rank, sparse_score.get(cid))
            out.append(
                Passage(
                    chunk=chunk,
                    title=self.titles.get(chunk.doc_id, chunk.doc_id),
                    score=score,
                    dense_rank=ranks[1],
                    bm25_rank=ranks[0],
                    bm25_score=ranks[3],
                    relevance=self.calibrator.probability(*ranks) if self.calibrator and mode == "hybrid" else None,
                )
            )
        return out
