"""Retrieval: hybrid dense + BM25 search with region and programme filters."""

from assistant.retrieval.fusion import rrf
from assistant.retrieval.hybrid import HybridRetriever

__all__ = ["HybridRetriever", "rrf"]
