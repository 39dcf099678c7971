"""The VectorIndex interface shared by the in-memory and chroma backends."""

from __future__ import annotations

from typing import Protocol

import numpy as np

__all__ = ["VectorIndex"]


class VectorIndex(Protocol):
    """Stores one vector per chunk id and answers cosine top-k, optionally restricted to some documents."""

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict]) -> None: ...

    def query(self, vector: np.ndarray, k: int, doc_ids: set[str] | None = None) -> list[tuple[str, float]]: ...

    def count(self) -> int: ...
