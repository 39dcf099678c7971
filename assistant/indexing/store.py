"""Opening a built index: refuse a missing, corrupted or stale one loudly, never use it silently."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.corpus.library import Corpus
from assistant.indexing.bm25 import BM25Index
from assistant.indexing.builder import expected_fingerprint
from assistant.indexing.layout import IndexLayout
from assistant.indexing.manifest import read_manifest, stale_reasons
from assistant.indexing.memory import MemoryVectorIndex
from assistant.indexing.vector_index import VectorIndex
from assistant.settings import Settings
from assistant.types import Chunk

__all__ = ["IndexUnavailable", "LoadedIndex", "index_status", "open_index"]


class IndexUnavailable(RuntimeError):
    """The index cannot be used as it is; the message says why and what to run."""


@dataclass
class LoadedIndex:
    """A built index ready to query: chunks by id, a vector index and BM25."""

    path: Path
    manifest: dict
    chunks: list[Chunk]
    by_id: dict[str, Chunk]
    vectors: VectorIndex
    bm25: BM25Index
    tokens: list[list[str]]


def index_status(settings: Settings, corpus: Corpus) -> tuple[Path | None, list[str]]:
    """(live build folder or None, reasons it cannot be used — empty when it is fresh)."""
    path = IndexLayout(settings.index_dir).current()
    if path is None:
        return None, ["尚未构建索引"]
    try:
        manifest = read_manifest(path / "manifest.json")
    except ValueError as e:
        return path, [str(e)]
    return path, stale_reasons(manifest, expected_fingerprint(settings, corpus))


def open_index(settings: Settings, corpus: Corpus) -> LoadedIndex:
    """Load the live index after checking it matches this corpus and these settings."""
    path, reasons = index_status(settings, corpus)
    if reasons:
        raise IndexUnavailable(f"索引不可用（{'；'.join(reasons)}）。请先运行：advisor index build")
    assert path is not None
    manifest = read_manifest(path / "manifest.json")
    try:
        rows = [json.loads(line) for line in (path / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
        matrix = np.load(path / "vectors.npy")
    except (OSError, ValueError) as e:
        raise IndexUnavailable(f"索引文件已损坏（{e}）。请运行：advisor index build") from e
    tokens = [r.pop("bm25") for r in rows]
    chunks = [Chunk.model_validate(r) for r in rows]
    if len(chunks) != manifest.get("chunks") or matrix.shape[0] != len(chunks):
        raise IndexUnavailable("索引文件与清单不一致。请运行：advisor index build")
    ids = [c.id for c in chunks]
    vectors: VectorIndex
    if settings.vector_index == "chroma":
        from assistant.indexing.chroma import ChromaVectorIndex

        if settings.chroma_url:
            collection = manifest.get("chroma_collection")
            if not collection:
                raise IndexUnavailable("该索引的向量不在 chroma 服务上。请运行：advisor index build")
            try:
                vectors = ChromaVectorIndex(settings.embedder, url=settings.chroma_url, collection=collection)
                count = vectors.count()
            except Exception as e:  # noqa: BLE001 - chromadb raises many kinds; the operator needs one message
                raise IndexUnavailable(f"无法使用 chroma 服务 {settings.chroma_url}（{type(e).__name__}）") from e
        else:
            vectors = ChromaVectorIndex(settings.embedder, path=path / "chroma")
            count = vectors.count()
        if count != len(chunks):
            raise IndexUnavailable("chroma 向量库与清单不一致。请运行：advisor index build")
    else:
        vectors = MemoryVectorIndex(int(matrix.shape[1]))
        vectors.add(ids, matrix, [{"doc_id": c.doc_id} for c in chunks])
    bm25 = BM25Index(ids, tokens, [c.doc_id for c in chunks])
    return LoadedIndex(path, manifest, chunks, {c.id: c for c in chunks}, vectors, bm25, tokens)
