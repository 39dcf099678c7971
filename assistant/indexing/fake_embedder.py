"""A deterministic fake embedder: hashed character n-grams, seeded from SHA-256."""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["FakeEmbedder"]


class FakeEmbedder:
    """Bag of character uni/bi-grams hashed into `dim` buckets: same text, same vector, in every process."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"fake:{dim}"

    def _bucket(self, gram: str) -> tuple[int, float]:
        digest = hashlib.sha256(gram.encode("utf-8")).digest()
        index = int.from_bytes(digest[:4], "big") % self.dim
        sign = 1.0 if digest[4] & 1 else -1.0
        return index, sign

    def _embed(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        chars = [c for c in text if not c.isspace()]
        grams = chars + [a + b for a, b in zip(chars, chars[1:])]
        for gram in grams:
            i, sign = self._bucket(gram)
            vec[i] += sign
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            vec[0] = 1.0
            return vec
        return vec / norm

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._embed(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.embed_queries(texts)
