"""Hybrid retrieval: dense vectors and BM25 over jieba tokens, fused by RRF, restricted to some documents.

`auto` (the default) runs BM25 first and the dense leg only when BM25 is not decisive: when its best hit leads
the second by less than a margin chosen on the dev questions (`dense_margin` in calibration.json, fitted by
`python -m evals.fit_calibration`). A query embedding is the costliest step of a search; on the dev questions
BM25 alone found the passage holding the fact in its top 5 as often as the hybrid did, or more often.
"""

from __future__ import annotations

from typing import Literal

from assistant.indexing.embedder import Embedder
from assistant.indexing.store import LoadedIndex
from assistant.retrieval.calibration import ScoreCalibrator
from assistant.retrieval.fusion import rrf
from assistant.retrieval.glossary import QueryExpander
from assistant.timing import timed
from assistant.types import Passage

__all__ = ["HybridRetriever", "Mode"]

Mode = Literal["auto", "hybrid", "dense", "bm25"]


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

    @timed("retrieve")
    def decisive(self, sparse: list[tuple[str, float]]) -> bool:
        """BM25's best hit leads the second by the calibrated margin (a lone hit leads by all of its score)."""
        if not sparse or sparse[0][1] <= 0:
            return False
        second = sparse[1][1] if len(sparse) > 1 else 0.0
        margin = self.calibrator.dense_margin if self.calibrator else 0.0
        return (sparse[0][1] - second) / sparse[0][1] >= margin

    def search(
        self, query: str, k: int = 5, doc_ids: set[str] | None = None, mode: Mode = "auto"
    ) -> list[Passage]:
        """Top-k passages for the query, best first."""
        n = max(k, self.candidates)
        query = self.expander.expand(query)
        dense: list[tuple[str, float]] = []
        sparse: list[tuple[str, float]] = []
        if mode in ("hybrid", "bm25", "auto"):
            sparse = self.index.bm25.query(query, n, doc_ids)
        skipped = mode == "auto" and self.decisive(sparse)
        if mode in ("hybrid", "dense") or (mode == "auto" and not skipped):
            qv = self.embedder.embed_queries([query])[0]
            dense = self.index.vectors.query(qv, n, doc_ids)
        dense_rank = {cid: r for r, (cid, _) in enumerate(dense, start=1)}
        sparse_rank = {cid: r for r, (cid, _) in enumerate(sparse, start=1)}
        sparse_score = dict(sparse)
        if mode == "dense":
            fused = dense
        elif mode == "bm25" or skipped:
            fused = sparse
        else:
            fused = rrf([[c for c, _ in dense], [c for c, _ in sparse]], self.rrf_k, [self.dense_weight, 1.0])
        out = []
        for fused_rank, (cid, score) in enumerate(fused[:k], start=1):
            chunk = self.index.by_id.get(cid)
            if chunk is None:  # a vector store out of step with chunks.jsonl is caught at load; be safe
                continue
            ranks = (sparse_rank.get(cid), dense_rank.get(cid), fused_rank, sparse_score.get(cid), skipped)
            out.append(
                Passage(
                    chunk=chunk,
                    title=self.titles.get(chunk.doc_id, chunk.doc_id),
                    score=score,
                    dense_rank=ranks[1],
                    bm25_rank=ranks[0],
                    bm25_score=ranks[3],
                    relevance=(self.calibrator.probability(*ranks)
                               if self.calibrator and mode in ("hybrid", "auto") else None),
                )
            )
        return out
