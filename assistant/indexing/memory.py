"""An in-memory vector index over a numpy matrix: the test double, and exact."""

from __future__ import annotations

import numpy as np

__all__ = ["MemoryVectorIndex"]


class MemoryVectorIndex:
    """Exact cosine search with a doc_id filter; vectors are expected L2-normalised."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._ids: list[str] = []
        self._docs: list[str] = []
        self._matrix = np.zeros((0, dim), dtype=np.float32)

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict]) -> None:
        if len(ids) != len(vectors) or len(ids) != len(metadatas):
            raise ValueError("ids、vectors、metadatas 数量不一致")
        known = set(self._ids)
        dup = [i for i in ids if i in known]
        if dup or len(set(ids)) != len(ids):
            raise ValueError(f"重复的 id：{(dup or ids)[0]}")
        self._ids.extend(ids)
        self._docs.extend(m["doc_id"] for m in metadatas)
        self._matrix = np.vstack([self._matrix, np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)])

    def query(self, vector: np.ndarray, k: int, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        if not self._ids or k <= 0:
            return []
        scores = self._matrix @ np.asarray(vector, dtype=np.float32).reshape(self.dim)
        if doc_ids is not None:
            mask = np.fromiter((d in doc_ids for d in self._docs), dtype=bool, count=len(self._docs))
            scores = np.where(mask, scores, -np.inf)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self._ids[i], float(scores[i])) for i in order if np.isfinite(scores[i])]

    def count(self) -> int:
        return len(self._ids)
