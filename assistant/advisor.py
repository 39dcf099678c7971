"""The Advisor: one object that holds the corpus, the rule engine and the index, used by CLI, API and UI.

Example:
    advisor = Advisor.open(Settings(), build=True)
    hits = advisor.search("北京线上要学多少学时", region="北京").passages
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from assistant.corpus.library import Corpus
from assistant.indexing.builder import BuildReport, build_index
from assistant.indexing.embedder import Embedder, make_embedder
from assistant.indexing.store import LoadedIndex, index_status, open_index
from assistant.retrieval.glossary import QueryExpander
from assistant.retrieval.hybrid import HybridRetriever, Mode
from assistant.rules import RuleEngine
from assistant.settings import Settings
from assistant.types import Passage

__all__ = ["Advisor", "SearchResult", "MAX_QUERY_CHARS", "ensure_index"]

MAX_QUERY_CHARS = 1000
MAX_K = 50


@dataclass
class SearchResult:
    """Passages for a query and what the jurisdiction said about the region."""

    passages: list[Passage]
    region: str | None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The API shape: {results, region, notes}."""
        return {"results": [p.to_result() for p in self.passages], "region": self.region, "notes": self.notes}


def ensure_index(
    settings: Settings, corpus: Corpus, embedder: Embedder, progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> BuildReport | None:
    """Build the index when it is missing or stale (or when forced); None when it was already fresh."""
    _, reasons = index_status(settings, corpus)
    if reasons or force:
        return build_index(settings, corpus, embedder, progress)
    return None


def validate_query(text: str, what: str = "问题") -> str:
    """Strip and check a user's text: not empty, not longer than MAX_QUERY_CHARS."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{what}不能为空")
    text = text.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise ValueError(f"{what}过长（{len(text)} 字），请控制在 {MAX_QUERY_CHARS} 字以内")
    return text


class Advisor:
    """Corpus + rules + index + retriever, built once per process from Settings."""

    def __init__(self, settings: Settings, corpus: Corpus, rules: RuleEngine, embedder: Embedder,
                 index: LoadedIndex) -> None:
        self.settings = settings
        self.corpus = corpus
        self.rules = rules
        self.embedder = embedder
        self.index = index
        self.retriever = HybridRetriever(
            index, embedder, {d.id: d.title for d in corpus.documents}, settings.candidates, settings.rrf_k,
            settings.dense_weight, QueryExpander.load(settings.corpus_dir / "glossary.yaml"),
        )

    @classmethod
    def open(cls, settings: Settings, build: bool = False) -> "Advisor":
        """Load everything; with build=True a missing or stale index is rebuilt, otherwise it is refused."""
        corpus = Corpus.load(settings.corpus_dir)
        rules = RuleEngine.load(settings.corpus_dir)
        embedder = make_embedder(settings.embedder, settings.threads)
        if build:
            ensure_index(settings, corpus, embedder)
        return cls(settings, corpus, rules, embedder, open_index(settings, corpus))

    def scope(self, region: str | None, program: str | None = None) -> tuple[set[str] | None, str | None, list[str]]:
        """Which documents may answer for this region and programme: (doc_ids, canonical region, notes)."""
        if region is None or not str(region).strip():
            if program is None:
                return None, None, []
        jurisdiction = self.rules.jurisdiction(region, program)
        return set(jurisdiction.doc_ids), jurisdiction.region.canonical, list(jurisdiction.notes)

    def search(
        self, query: str, region: str | None = None, k: int | None = None, program: str | None = None,
        mode: Mode = "hybrid",
    ) -> SearchResult:
        """Hybrid search limited to the documents that govern the region (national ones always apply)."""
        query = validate_query(query)
        k = self.settings.search_k if k is None else k
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k 须在 1 到 {MAX_K} 之间")
        doc_ids, canonical, notes = self.scope(region, program)
        passages = self.retriever.search(query, k=k, doc_ids=doc_ids, mode=mode)
        return SearchResult(passages, canonical, notes)
