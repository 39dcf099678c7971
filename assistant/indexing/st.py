"""sentence-transformers models given by local path or name (bge-small-zh, bge-m3, …); an optional extra."""

from __future__ import annotations

import numpy as np

from assistant.indexing.embedder import MissingExtra

__all__ = ["SentenceTransformerEmbedder"]


class SentenceTransformerEmbedder:
    """A SentenceTransformer loaded offline; bge/e5 style instruction prefixes are not added here."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:  # pragma: no cover - depends on the install
            raise MissingExtra("需要安装可选依赖：pip install torch==2.13.0 && pip install -e '.[st]'") from e
        # local_files_only: a name that is not already on disk fails at once instead of reaching for a hub.
        self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(getter())
        self.name = f"st:{model}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(out, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)
