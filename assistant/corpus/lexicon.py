"""The Chinese word lists that drive tokenization, question understanding and claim verification.

They are data (corpus/lexicon/*.yaml), validated once when loaded; code never carries its own copy. A malformed
file raises CorpusError naming the file, the entry and the field.

Usage:
    lex = default_lexicon()
    lex.claims.actor_of("县级教育行政部门")      # → "county"
    lex.questions.slots["when"]                  # → ["什么时候", …]
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError, describe_validation

__all__ = ["Lexicon", "ClaimWords", "QuestionWords", "TokenWords", "FigureCues", "AttackPatterns", "RoutePatterns",
           "ROUTE_NAMES", "Actor", "SLOTS", "ExtractionWords",
           "load_lexicon",
           "default_lexicon", "DEFAULT_LEXICON_DIR", "alternation"]

DEFAULT_LEXICON_DIR = Path(__file__).resolve().parents[2] / "corpus" / "lexicon"
SLOTS = ("how_many", "when", "who", "where", "materials", "may_i", "consequence", "how", "why", "what_is", "example")
Word = str


def _words(v: list[str]) -> list[str]:
    out = []
    for w in v:
        if not isinstance(w, str) or not w.strip():
            raise ValueError("词表中有空词")
        out.append(str(w).strip())
    return list(dict.fromkeys(out))


def _regex(pattern: str, what: str = "") -> None:
    """Raise ValueError (Chinese, naming the pattern) when a pattern of the lexicon does not compile."""
    try:
        re.compile(pattern)
    except re.error as e:
        raise ValueError(f"{what}正则表达式无效：{pattern}（{e}）") from e


def alternation(words: list[str]) -> re.Pattern[str]:
    """One regex matching any of the words, longest first (so 不少于 wins over 不)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ordered) if ordered else r"(?!x)x")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*")
    @classmethod
    def _no_blank_words(cls, v: object) -> object:
        def walk(x: object) -> None:
            if isinstance(x, str):
                if not x.strip():
                    raise ValueError("词表中有空词")
            elif isinstance(x, (list, tuple)):
                for y in x:
                    walk(y)
            elif isinstance(x, dict):
                for k, y in x.items():
                    walk(k)
                    walk(y)

        walk(v)
        return v


class Actor(_Strict):
    """One actor (a body, a level of government, a role) and every way the documents and teachers name it."""

    id: str = Field(pattern=r"^[a-z_]+$")
    level: Literal["national", "province", "city", "county", "school", "group", "person", "body"]
    label: str
    words: list[Word] = Field(min_length=1)

    _check = field_validator("words")(classmethod(lambda cls, v: _words(v)))


class _Modality(_Strict):
    strong: list[Word] = Field(min_length=1)
    weak: list[Word] = Field(min_length=1)
    none: list[Word] = Field(default_factory=list)  # words that only look modal (所需经费)
    leave: list[Word] = Field(default_factory=list)  # weak words that grant leave outright (可以, 鼓励)
    voluntary: list[Word] = Field(default_factory=list)  # words that make a task optional (自愿, 视情况)
    choice: list[Word] = Field(default_factory=list)  # a free choice of which, not of whether (自主选择不少于5学时)


class _Limits(_Strict):
    min: list[Word] = Field(min_length=1)
    max: list[Word] = Field(min_length=1)
    exact: list[Word] = Field(min_length=1)
    # Limit words that also just state a figure reached (达到100%): they add no bound to a bare figure.
    soft: list[Word] = Field(default_factory=list)
    # Bound words that say only a bound wherever they stand (最多覆盖…2个维度), by kind (min, max).
    loose: dict[Literal["min", "max"], list[Word]] = Field(default_factory=dict)


class _Negation(_Strict):
    markers: list[Word] = Field(min_length=1)
    lexicalized: list[Word] = Field(default_factory=list)
    # Verbs that carry a denial on to the action after them (不参与抽检 denies 抽检 too).
    carriers: list[Word] = Field(default_factory=list)
    antonyms: list[list[Word]] = Field(default_factory=list)

    @field_validator("antonyms")
    @classmethod
    def _pairs(cls, v: list[list[str]]) -> list[list[str]]:
        for pair in v:
            if len(_words(pair)) != 2:
                raise ValueError(f"反义词须成对：{pair}")
        return v


class _Scope(_Strict):
    all: list[Word] = Field(min_length=1)
    partial: list[Word] = Field(min_length=1)
    only: list[Word] = Field(default_factory=list)
    excluded: list[Word] = Field(default_factory=list)  # what follows the group left out (幼儿园教师不在其中)
    picks_out: list[Word] = Field(default_factory=list)  # how a clause before 的 picks some out (不具备网络条件的)
    every_level: list[Word] = Field(default_factory=list)  # a level meaning every level (各级各类)
    one_level: list[Word] = Field(default_factory=list)  # a level meaning one level (省级)
    proportion: list[Word] = Field(default_factory=list)  # some chosen by a share (按一定比例遴选)


class ClaimWords(_Strict):
    """What a statement says beyond its words: actor, modality, limit, polarity, scope, programme, reading."""

    actors: list[Actor] = Field(min_length=1)
    modality: _Modality
    limits: _Limits
    negation: _Negation
    scope: _Scope
    programmes: dict[Literal["1.0", "2.0"], list[Word]]
    plan_cues: list[Word] = Field(min_length=1)
    figure_words: dict[str, list[Word]] = Field(default_factory=dict)
    synonyms: list[list[Word]] = Field(default_factory=list)
    # Verbs after which an actor word is what is acted on (组织全市校长…培训), not who acts.
    object_verbs: list[Word] = Field(default_factory=list)
    recipient_verbs: list[Word] = Field(default_factory=list)  # 交给省里: the actor after them receives
    # Words that make something a precondition (须经…批准后方可): a condition the evidence does not set is added.
    conditions: list[Word] = Field(default_factory=list)
    # Words that hold a condition's characters without setting one (所需经费: 需 and 经 of two words).
    not_conditions: list[Word] = Field(default_factory=list)
    # Verbs saying where a body sits (办公室设在…).
    seat_verbs: list[Word] = Field(default_factory=list)
    outcomes: list[Word] = Field(default_factory=list)
    issuing: list[Word] = Field(default_factory=list)  # 印发, 发布: what a document's title line says of its issuer

    @field_validator("synonyms")
    @classmethod
    def _groups(cls, v: list[list[str]]) -> list[list[str]]:
        for group in v:
            if len(_words(group)) < 2:
                raise ValueError(f"同义词组至少要有两个词：{group}")
        return [_words(g) for g in v]

    @model_validator(mode="after")
    def _unique_actor_ids(self) -> "ClaimWords":
        ids = [a.id for a in self.actors]
        if len(ids) != len(set(ids)):
            raise ValueError("actors 中有重复的 id")
        return self

    @cached_property
    def actor_pattern(self) -> re.Pattern[str]:
        """Any actor word, longest first."""
        return alternation([w for a in self.actors for w in a.words])

    @cached_property
    def actor_by_word(self) -> dict[str, Actor]:
        """Actor of every word."""
        return {w: a for a in self.actors for w in a.words}

    def actor_of(self, word: str) -> str | None:
        """The id of the actor a word names, or None."""
        a = self.actor_by_word.get(word)
        return a.id if a else None

    @cached_property
    def synonym_of(self) -> dict[str, int]:
        """Word → the index of its synonym group (words in several groups keep the first)."""
        out: dict[str, int] = {}
        for i, group in enumerate(self.synonyms):
            for w in group:
                out.setdefault(w, i)
        return out


class _Kind(_Strict):
    asked: list[Word] = Field(min_length=1)  # how a teacher names their kind (中职, 幼师, 体育)
    said: list[Word] = Field(min_length=1)  # how the documents name it among those who take part (中等职业学校)


class Coverage(_Strict):
    """Whom the programme covers: the documents' words for all teachers, for taking part, and for each kind."""

    all: list[Word] = Field(min_length=1)
    says: list[Word] = Field(min_length=1)
    kinds: list[_Kind] = Field(min_length=1)
    groups: list[Word] = Field(default_factory=list)  # 管理团队哪些人参加: who makes up a group, not who takes part
    included: list[Word] = Field(default_factory=list)  # 包括我们吗: asks whether the kind is included (包括在内)


class Contrast(_Strict):
    """A comparison asking the difference (差多少) or sameness (一样吗) of the two sides' figures."""

    difference: list[Word] = Field(min_length=1)
    same: list[Word] = Field(min_length=1)
    total: list[Word] = Field(min_length=1)  # before a figure, it is a side's whole (共计50学时)


class QuestionWords(_Strict):
    """How teachers ask: slots, yes/no endings, 1.0 history, national documents, several questions in one."""

    slots: dict[str, list[Word]]
    yes_no: list[Word] = Field(min_length=1)
    affirm: list[Word] = Field(default_factory=list)
    programme_1_0: list[Word] = Field(min_length=1)
    programme_1_0_weak: list[Word] = Field(default_factory=list)
    national_documents: list[Word] = Field(min_length=1)
    splitters: list[Word] = Field(min_length=1)
    comparison: list[Word] = Field(min_length=1)
    recommend: list[Word] = Field(min_length=1)
    draft: list[Word] = Field(min_length=1)
    draft_objects: list[Word] = Field(min_length=1)
    draft_out_of_scope: list[Word] = Field(default_factory=list)
    programme_words: list[Word] = Field(min_length=1)
    catalogue_terms: list[Word] = Field(min_length=1)
    counterparts: list[list[Word]] = Field(default_factory=list)
    self_intro: dict[Literal["openers", "roles"], list[Word]] = Field(default_factory=dict)
    coverage: Coverage
    contrast: Contrast
    unsettled: dict[Literal["no_basis", "out_of_scope"], list[Word]] = Field(default_factory=dict)
    typos: dict[Word, Word] = Field(default_factory=dict)
    units: dict[str, str] = Field(min_length=1)

    @field_validator("units")
    @classmethod
    def _unit_patterns(cls, v: dict[str, str]) -> dict[str, str]:
        for unit, p in v.items():
            _regex(p, f"单位 {unit} 的")
        return v

    @field_validator("typos")
    @classmethod
    def _typos(cls, v: dict[str, str]) -> dict[str, str]:
        same = [k for k, w in v.items() if k == w]
        if same:
            raise ValueError(f"错别字与正字相同：{same}")
        return v

    @field_validator("slots")
    @classmethod
    def _known_slots(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = [k for k in v if k not in SLOTS]
        if unknown:
            raise ValueError(f"未知的槽位：{unknown}（可用：{', '.join(SLOTS)}）")
        return {k: _words(ws) for k, ws in v.items()}


class TokenWords(_Strict):
    """Words jieba must keep whole, words retrieval drops, and words that carry no checkable content."""

    domain_terms: list[Word] = Field(min_length=1)
    stop_words: list[Word] = Field(min_length=1)
    fillers: list[Word] = Field(default_factory=list)
    generic_words: list[Word] = Field(default_factory=list)
    # Nouns that name what kind of thing a fact is (材料, 机构): no checkable content of a claim, though retrieval
    # keeps them (报哪些材料 looks for the sentence on materials).
    category_nouns: list[Word] = Field(default_factory=list)
    # Words that frame a fact without adding to it (面向…开展, 形成…的格局): no checkable content of a claim, though
    # retrieval keeps them (培训面向哪些人 looks for the sentence on whom it is for).
    frame_words: list[Word] = Field(default_factory=list)
    # Function words the segmenter glues onto a content word (来学, 库里, 保持一致): the rest is what is said.
    light_words: list[Word] = Field(default_factory=list)


class AttackPatterns(_Strict):
    """Regular expressions that mark prompt injection and prompt extraction."""

    patterns: list[str] = Field(min_length=1)
    # Requests to forge or fabricate (a certificate, an official-sounding notice, a 文号): refused whole.
    forge: list[str] = Field(default_factory=list)

    @field_validator("patterns", "forge")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for p in v:
            _regex(p)
        return v


ROUTE_NAMES = (
    "counted_after", "asks_if_required", "schedule_nouns", "part_of_whole", "asks_portion", "asks_kinds", "kinds_after", "lists_kinds", "asks_schedule", "concerns_me", "asks_obligation", "owned_document", "meets_requirement", "catalogue_attribute", "clock_time", "chooses_points", "exact_day", "counted_before", "counted_container", "on_a_list", "list_member", "names_training", "recommend_other", "share_asked", "meaning_asked", "not_yes_no_tail", "light_verbs", "draft_request", "already_written", "must_write",
    "point_words", "recommend_outright", "not_recommend", "hearsay_opener", "yes_no_tail", "followup_lead",
    "followup_tail", "followup_filler", "points_back", "leans_back", "seeking_place", "class_or_dimension", "class_letters", "which",
    "catalogue_subject", "catalogue_count", "selection_count", "counts_points", "names_point", "asks_materials",
    "whole_selection", "checks_selection", "not_selection", "environment_subject", "environment_leave",
    "dimension_words", "asks_person", "enumerates", "asks_example", "names_case", "policy_case", "asks_document", "document_kind", "cites_document",
    "introduces", "materials_sentence", "defines_sentence", "steps_sentence", "place_sentence", "says_what", "explains",
    "attribution_lead", "attribution_only", "predicate_lead", "asks_something", "topic_frame",
    "topic_end", "rules_subject",
)


class Gloss(_Strict):
    """One English sentence of the corpus (the catalogue's notes) and its literal Chinese rendering."""

    en: str = Field(min_length=2)
    zh: str = Field(min_length=2)


class GlossTable(_Strict):
    """Chinese renderings of the corpus's English notes, so a Chinese answer can be aligned with them."""

    glosses: list[Gloss] = Field(min_length=1)

    @field_validator("glosses")
    @classmethod
    def _distinct(cls, v: list[Gloss]) -> list[Gloss]:
        seen = [" ".join(g.en.lower().split()) for g in v]
        dup = next((e for e in seen if seen.count(e) > 1), None)
        if dup:
            raise ValueError(f"英文原句重复：{dup}")
        return v


class RoutePatterns(_Strict):
    """Named patterns of how teachers ask and how the documents say things, used to route questions and shape
    answers. Every name the code uses must be there; every pattern must compile."""

    patterns: dict[str, str]

    @field_validator("patterns")
    @classmethod
    def _complete(cls, v: dict[str, str]) -> dict[str, str]:
        missing = [n for n in ROUTE_NAMES if n not in v]
        if missing:
            raise ValueError(f"缺少模式：{'、'.join(missing)}")
        for name, p in v.items():
            _regex(p, f"模式 {name} 的")
        return v

    @cached_property
    def compiled(self) -> dict[str, re.Pattern[str]]:
        return {name: re.compile(p) for name, p in self.patterns.items()}

    def __getitem__(self, name: str) -> re.Pattern[str]:
        return self.compiled[name]


class _Cue(_Strict):
    words: list[Word] = Field(min_length=1)
    topics: list[str] = Field(min_length=1)


class FigureCues(_Strict):
    """Per unit family, the words near a number that say which rule topic it is about."""

    units: dict[Literal["学时", "ratio", "个", "所", "人", "date"], list[_Cue]]
    weak: list[Word] = Field(default_factory=list)
    difference: list[Word] = Field(default_factory=list)  # 相差30学时: a difference of two figures, not a figure
    default: dict[str, list[str]] = Field(default_factory=dict)


class ExtractionWords(_Strict):
    """What makes a sentence of a trainer's document a candidate rule: requirement and distractor cues,
    required points, environment limits, deadlines, who is responsible, what is submitted."""

    not_rules: list[Word] = Field(min_length=1)
    requirement_cues: list[Word] = Field(min_length=1)
    required_cues: list[Word] = Field(min_length=1)
    environment_words: dict[Literal["多媒体", "混合", "智慧"], list[Word]]
    environment_limits: list[Word] = Field(min_length=1)
    deadline_words: list[Word] = Field(min_length=1)
    responsibility_verbs: list[Word] = Field(min_length=1)
    responsibility_nouns: list[Word] = Field(min_length=1)
    deadline_before: list[Word] = Field(min_length=1)
    submission_verbs: list[Word] = Field(min_length=1)
    materials: list[Word] = Field(min_length=1)
    topic_labels: dict[str, Word] = Field(default_factory=dict)

    def label(self, topic: str) -> str:
        """The Chinese name of a rule topic, or of its nearest named parent (schedule.kickoff → 时间节点)."""
        parts = topic.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in self.topic_labels:
                return self.topic_labels[".".join(parts[:n])]
        return "其他要求"


class Lexicon(BaseModel):
    """Every word list, loaded from one folder."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    claims: ClaimWords
    questions: QuestionWords
    tokens: TokenWords
    figures: FigureCues
    attacks: AttackPatterns
    routes: RoutePatterns
    extraction: ExtractionWords
    glosses: GlossTable
    glossary: dict[str, list[str]]
    version: str


_FILES = {"claims": ClaimWords, "questions": QuestionWords, "tokens": TokenWords, "figures": FigureCues,
          "attacks": AttackPatterns, "routes": RoutePatterns, "extraction": ExtractionWords, "glosses": GlossTable}


def _load_glossary(path: Path) -> dict[str, list[str]]:
    data = read_yaml(path)
    table = data.get("synonyms") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise CorpusError(f"{path}: 缺少 synonyms 表")
    for key, terms in table.items():
        if not isinstance(key, str) or not isinstance(terms, list) or not all(isinstance(t, str) and t for t in terms):
            raise CorpusError(f"{path}: 条目 {key}: 字段 synonyms: 应为 词 → [文件用语, …]")
    return {str(k): list(v) for k, v in table.items()}


@lru_cache(maxsize=8)
def load_lexicon(directory: Path = DEFAULT_LEXICON_DIR) -> Lexicon:
    """Read and validate corpus/lexicon/{claims,questions,tokens,figures,attacks,routes,extraction,glosses,glossary}.yaml (once per
    folder)."""
    import hashlib

    directory = Path(directory)
    parts: dict[str, object] = {}
    digest = hashlib.sha256()
    for name, model in _FILES.items():
        path = directory / f"{name}.yaml"
        data = read_yaml(path)
        if not isinstance(data, dict):
            raise CorpusError(f"{path}: 应为 YAML 映射")
        try:
            parts[name] = model.model_validate(data)
        except ValidationError as e:
            raise CorpusError(describe_validation(str(path), name, e)) from e
        digest.update(path.read_bytes())
    glossary_path = directory / "glossary.yaml"
    parts["glossary"] = _load_glossary(glossary_path)
    digest.update(glossary_path.read_bytes())
    return Lexicon(**parts, version=digest.hexdigest()[:12])


def default_lexicon() -> Lexicon:
    """The repository's lexicon (corpus/lexicon)."""
    return load_lexicon(DEFAULT_LEXICON_DIR)
