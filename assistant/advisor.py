"""The Advisor: one object that holds the corpus, the rule engine and the index, used by CLI, API and UI.

Example:
    advisor = Advisor.open(Settings(), build=True)
    hits = advisor.search("北京线上要学多少学时", region="北京").passages
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from assistant.compose.llm import LLMComposer
from assistant.compose.pipeline import AnswerPipeline, Collaborators
from assistant.corpus.library import Corpus
from assistant.corpus.lexicon import load_lexicon
from assistant.indexing.builder import BuildReport, build_index
from assistant.indexing.embedder import Embedder, make_embedder
from assistant.indexing.query_cache import QueryCache
from assistant.indexing.store import LoadedIndex, index_status, open_index
from assistant.llm.factory import make_chat_model
from assistant.retrieval.calibration import CALIBRATION_PATH, ScoreCalibrator
from assistant.retrieval.glossary import QueryExpander
from assistant.retrieval.hybrid import HybridRetriever, Mode
from assistant.rules import RuleEngine
from assistant.settings import Settings
from assistant.types import Answer, Passage

__all__ = ["Advisor", "SearchResult", "MAX_QUERY_CHARS", "ensure_index", "validate_history"]

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
    """Build the index when it is missing or stale (or when forced); None when it was already fresh. One builder
    at a time per index folder: a second one waits for the first, then finds the index fresh and loads it."""
    from assistant.indexing.layout import IndexLayout

    if not force and not index_status(settings, corpus)[1]:
        return None
    with IndexLayout(settings.index_dir).lock():
        _, reasons = index_status(settings, corpus)  # again: the builder we waited for may have done it
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


def validate_history(history: list[dict] | None) -> list[dict]:
    """Conversation turns as {role, content}; malformed turns are a clear error, long histories are cut."""
    from assistant.compose.pipeline import MAX_HISTORY  # noqa: F401  (kept with the pipeline it bounds)

    if not history:
        return []
    if not isinstance(history, list):
        raise ValueError("history 必须是对话列表")
    out = []
    for i, turn in enumerate(history[-MAX_HISTORY:]):
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant") \
                or not isinstance(turn.get("content"), str):
            raise ValueError(f"history 第 {i + 1} 条格式不对：应为 {{role: user|assistant, content: 文本}}")
        out.append({"role": turn["role"], "content": turn["content"][: MAX_QUERY_CHARS * 4]})
    return out


class Advisor:
    """Corpus + rules + index + retriever, built once per process from Settings."""

    def __init__(self, settings: Settings, corpus: Corpus, rules: RuleEngine, embedder: Embedder,
                 index: LoadedIndex, chat_model=None) -> None:
        self.settings = settings
        self.corpus = corpus
        self.rules = rules
        self.embedder = embedder
        self.index = index
        self.lexicon = load_lexicon(settings.corpus_dir / "lexicon")
        self.retriever = HybridRetriever(
            index, embedder, {d.id: d.title for d in corpus.documents}, settings.candidates, settings.rrf_k,
            settings.dense_weight, QueryExpander(self.lexicon.glossary),
            ScoreCalibrator.load() if CALIBRATION_PATH.exists() else None,
        )
        self.chat_model = chat_model
        self.pipeline = AnswerPipeline(self._collaborators())

    def warm(self) -> "Advisor":
        """Read once what answers keep meeting (every document's clauses, every rule's quote) and build the
        recommender, so the first questions after start-up cost what later ones do. Serving calls this before it
        reports ready; a one-off CLI call does not need it."""
        from assistant.guard.evidence import Evidence, EvidenceIndex

        texts = list(self.corpus.texts.values()) + [r.quote for r in self.rules.all_rules if r.quote]
        EvidenceIndex([Evidence(text=t) for t in texts], self.pipeline.p.verifier.reader)
        self.recommender  # noqa: B018 - built on first use; build it now
        return self

    def with_rules(self, rules: RuleEngine) -> "Advisor":
        """The same corpus, index and embedder under new rules (after a trainer accepted or edited some)."""
        return type(self)(self.settings, self.corpus, rules, self.embedder, self.index, self.chat_model)

    def _collaborators(self) -> Collaborators:
        """The answer pipeline's parts, built from this advisor's corpus, rules and lexicon."""
        from assistant.compose.cases import CaseAnswerer
        from assistant.compose.catalogue import CatalogueAnswerer
        from assistant.compose.citations import CitationBook
        from assistant.compose.documents import DocumentAnswerer
        from assistant.compose.eligibility import EligibilityAnswerer
        from assistant.compose.extractive import ExtractiveAnswerer
        from assistant.compose.question import QuestionReader
        from assistant.compose.ranking import SentenceRanker
        from assistant.compose.sentences import SentenceIndex
        from assistant.corpus.cases import load_cases
        from assistant.guard.slots import SlotReader
        from assistant.guard.verifier import ClaimVerifier
        from assistant.recommend.cues import load_cues

        corpus, rules, lex = self.corpus, self.rules, self.lexicon
        titles = {d.id: d.title for d in corpus.documents}
        external = [r for r in rules.all_rules if r.source is None and not r.is_default and r.reference]
        sentences = SentenceIndex.build(corpus.documents, corpus.texts, external)
        reader = SlotReader(lex, rules.catalogue, rules.gazetteer)  # one reader: the ranker and the guard read
        ranker = SentenceRanker(sentences, reader, lex)               # the same sentences
        cues = load_cues(self.settings.corpus_dir / "recommend_cues.yaml")
        llm = LLMComposer(self.chat_model, self.settings.answer_max_chars) if self.chat_model is not None else None
        return Collaborators(
            engine=rules,
            reader=QuestionReader(rules, lex, cues, corpus.texts),
            extractive=ExtractiveAnswerer(ranker, rules, titles, corpus.texts),
            catalogue=CatalogueAnswerer(rules),
            eligibility=EligibilityAnswerer(rules, corpus.texts),
            documents=DocumentAnswerer(rules, corpus.texts),
            cases=CaseAnswerer(load_cases(self.settings.corpus_dir / "cases"), rules, frozenset(ranker._drop)),
            verifier=ClaimVerifier(lex, rules.catalogue, rules.gazetteer, rules.documents, corpus.texts,
                                   reader=reader),
            book=lambda: CitationBook(self.index, corpus.texts, titles),
            recommend=lambda text, region: self.recommend(text, region=region),
            llm=llm,
        )

    @classmethod
    def open(cls, settings: Settings, build: bool = False) -> "Advisor":
        """Load everything; with build=True a missing or stale index is rebuilt, otherwise it is refused."""
        corpus = Corpus.load(settings.corpus_dir)
        rules = RuleEngine.load(settings.corpus_dir)
        embedder = make_embedder(settings.embedder, settings.threads)
        if settings.query_cache:
            embedder = QueryCache(embedder, settings.query_cache)
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        chat_model = make_chat_model(settings.composer, settings.llm_base_url, key, settings.llm_timeout,
                                     settings.llm_max_tokens)
        if build:
            ensure_index(settings, corpus, embedder)
        return cls(settings, corpus, rules, embedder, open_index(settings, corpus), chat_model)

    def scope(self, region: str | None, program: str | None = None) -> tuple[set[str] | None, str | None, list[str]]:
        """Which documents may answer for this region and programme: (doc_ids, canonical region, notes)."""
        if region is None or not str(region).strip():
            if program is None:
                return None, None, []
        jurisdiction = self.rules.jurisdiction(region, program)
        return set(jurisdiction.doc_ids), jurisdiction.region.canonical, list(jurisdiction.notes)

    def search(
        self, query: str, region: str | None = None, k: int | None = None, program: str | None = None,
        mode: Mode = "auto",
    ) -> SearchResult:
        """Hybrid search limited to the documents that govern the region (national ones always apply)."""
        query = validate_query(query)
        k = self.settings.search_k if k is None else k
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k 须在 1 到 {MAX_K} 之间")
        doc_ids, canonical, notes = self.scope(region, program)
        passages = self.retriever.search(query, k=k, doc_ids=doc_ids, mode=mode)
        return SearchResult(passages, canonical, notes)

    @property
    def recommender(self):
        """The micro-ability recommender, built on first use (it embeds the catalogue once, cached on disk)."""
        if getattr(self, "_recommender", None) is None:
            from assistant.recommend import Recommender

            self._recommender = Recommender.from_settings(self.settings, engine=self.rules, embedder=self.embedder)
        return self._recommender

    def recommend(self, text: str, region: str | None = None, environment: str | None = None,
                  subject: str | None = None, grade: str | None = None):
        """Three micro-abilities valid for the region and environment, with reasons and citations."""
        return self.recommender.recommend(text, region=region, environment=environment, subject=subject, grade=grade)

    def ask(self, question: str, region: str | None = None, history: list[dict] | None = None) -> Answer:
        """A grounded answer with citations; every sentence has passed the guard."""
        question = validate_query(question)
        return self.pipeline.answer(question, region=region, history=validate_history(history))
