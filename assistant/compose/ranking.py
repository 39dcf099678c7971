"""Which sentences answer a question: features per sentence, combined by weights fitted on the dev split.

The features are what a reader would look for: the question's words in the sentence (and in its heading and its
neighbours), a filler for the asked slot (a figure in the asked unit for 多少, a date for 什么时候, a body for 谁),
the asker's own region, terms the question quotes. A logistic model turns them into a probability that the
sentence answers; `evals.fit_ranker` fits its weights on the dev split only and writes ranker.json beside this
file, which the answerability threshold is then chosen against.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.compose.question import Question
from assistant.compose.sentences import Sentence, SentenceIndex
from assistant.corpus.definitions import defined_pairs
from assistant.corpus.lexicon import default_lexicon
from assistant.guard.slots import SlotReader, UNIT_FAMILY
from assistant.timing import timed

__all__ = ["SentenceRanker", "Ranked", "Calibration", "FEATURES", "WEIGHTS_PATH", "load_weights", "load_calibration"]

WEIGHTS_PATH = Path(__file__).with_name("ranker.json")
FEATURES = ("bm25", "coverage", "heading", "context", "slot", "unit", "local", "national", "quoted", "explains",
            "count", "position", "length", "table")
ROUTES = default_lexicon().routes
_MATERIALS = ROUTES["materials_sentence"]
_DEFINES = ROUTES["defines_sentence"]
_STEPS = ROUTES["steps_sentence"]
_BEFALLS = ROUTES["consequence_sentence"]
_PLACE = ROUTES["place_sentence"]
_STAND_IN = 0.7  # a glossary or definition word standing in for the asked word
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,20})[”\"」』]")
_COUNT = re.compile(r"(?:哪|这|那)?([两二三四五六七八九十\d])(?:个|项|类|种|条|支|级|大|方面|部分)")
_CN = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ENUM = re.compile(r"[\u4e00-\u9fffA-Za-z0-9“”]{2,18}(?:[、—-][\u4e00-\u9fffA-Za-z0-9“”]{2,18})+")


@dataclass
class Concept:
    """One thing the question asks about: the word as asked, its weight (idf), words that may stand for it, and
    the parts of its definition when the documents define it."""

    word: str
    weight: float
    alts: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)

    def covered(self, text: str) -> float:
        """1 when the text holds the word (or spells out most of its definition), less for a stand-in, else 0."""
        if self.word in text:
            return 1.0
        if self.parts and sum(p in text for p in self.parts) >= max(2, len(self.parts) / 2):
            return 1.0
        if any(a in text for a in self.alts | self.parts):
            return _STAND_IN
        return 0.0


@dataclass
class Ranked:
    """A sentence with its features and its score (a linear function fitted to rank answering sentences first)."""

    sentence: Sentence
    features: np.ndarray
    score: float


@dataclass(frozen=True)
class Calibration:
    """Answerability: P(the documents answer) = 1 / (1 + exp(-(weights·features + b))) over the features of
    ExtractiveAnswerer.assess; answer when it reaches `threshold`; runners-up within `margin` of the best
    score support the answer."""

    weights: np.ndarray = field(default_factory=lambda: np.array([0.5, 4.0, 2.0, -3.0, 1.0, 1.0]))
    b: float = -3.0
    threshold: float = 0.5
    margin: float = 1.0


class SentenceRanker:
    """Scores the sentences of the governing documents for one question."""

    def __init__(self, index: SentenceIndex, reader: SlotReader, lexicon, weights: dict[str, float] | None = None
                 ) -> None:
        self.index = index
        self.reader = reader
        self.lex = lexicon
        self.weights = weights if weights is not None else load_weights()
        self._vector = np.array([self.weights.get(f, 0.0) for f in FEATURES])
        from assistant.indexing.bm25 import segment

        self._segment = segment
        self._drop = set(lexicon.tokens.stop_words) | set(lexicon.tokens.fillers) | set(lexicon.tokens.generic_words)
        df: dict[str, int] = {}
        for s in index.sentences:
            for w in set(segment(s.text)):
                df[w] = df.get(w, 0) + 1
        n = max(len(index.sentences), 1)
        self._idf = {w: math.log(1 + n / (1 + c)) for w, c in df.items()}
        self._default_idf = math.log(1 + n)
        self.max_idf = self._default_idf
        self._expand = lexicon.glossary
        self._defined = _definitions(index)

    def set_weights(self, weights: dict[str, float]) -> None:
        """Use other weights (the fitting script tries its own)."""
        self.weights = dict(weights)
        self._vector = np.array([self.weights.get(f, 0.0) for f in FEATURES])

    def nouns(self, text: str) -> list[str]:
        """The question's nouns (what it is about, not how it asks), without fillers and generic words."""
        from assistant.indexing.bm25 import tag

        return list(dict.fromkeys(w for w, flag in tag(text) if (flag[:1] in ("n", "j") or flag in ("vn", "eng"))
                                  and len(w) >= 2 and w not in self._drop))

    def words(self, text: str) -> list[str]:
        """The question's content words, with the glossary's official words for its everyday ones and the
        documents' own definitions (“一划两案”（即…）) for their terms."""
        out = [w for w in self._segment(text) if w not in self._drop and len(w) >= 2 or re.fullmatch(r"[A-Za-z]\d+", w)]
        for word, terms in self._expand.items():
            if word in text:
                out.extend(t for t in terms if len(t) >= 2)
        for term, meaning in self._defined.items():
            if term in text:
                out.extend(w for w in self._segment(meaning) if w not in self._drop and len(w) >= 2)
        return list(dict.fromkeys(out))

    def groups(self, text: str) -> list["Concept"]:
        """The question's concepts: each word as asked, the glossary words that may stand for it (线上 / 在线 /
        网络学习), and for a term the documents define (“一划两案”（即…）) the parts of its definition."""
        base = [w for w in self._segment(text) if w not in self._drop and len(w) >= 2
                or re.fullmatch(r"[A-Za-z]\d+", w)]
        concepts: dict[str, Concept] = {w: Concept(w, self.idf(w)) for w in base}

        def concept(word: str) -> "Concept":
            key = next((b for b in base if word in b or b in word), word)
            return concepts.setdefault(key, Concept(key, self.idf(key)))

        for word, terms in self._expand.items():
            if word in text and (word not in self._drop or word in concepts):
                concept(word).alts.update(t for t in terms if len(t) >= 2)
        for term, meaning in self._defined.items():
            if term in text:
                concept(term).parts.update(w for w in self._segment(meaning) if w not in self._drop and len(w) >= 2)
        return list(concepts.values())

    def idf(self, word: str) -> float:
        """Inverse sentence frequency of a word over the indexed sentences (rare words weigh more)."""
        return self._idf.get(word, self._default_idf)

    @staticmethod
    def _coverage(concepts: list["Concept"], text: str) -> float:
        """Weighted share of the concepts the text holds: the word as asked, or most of a defined term's
        definition spelled out, counts fully; a glossary word standing in for it counts a little less."""
        total = sum(c.weight for c in concepts)
        if not total:
            return 0.0
        return sum(c.weight * c.covered(text) for c in concepts) / total

    def _slot(self, q: Question, s: Sentence) -> tuple[float, float]:
        slots = self.reader.read(s.text)
        if q.slot == "how_many":
            figures = [f for f in slots.figures]
            if q.unit and q.unit != "date":
                # 多久, 分几年: a length of time in any of its units.
                asked = _DURATION if q.unit == "时长" else {UNIT_FAMILY.get(q.unit, q.unit)}
                fit = any(UNIT_FAMILY.get(f.unit or "", f.unit) in asked for f in figures)
                # 网络研修占多少: a part stated of a whole (总计80学时，其中…研修56学时) is its share too.
                fit = fit or (q.unit == "%" and bool(ROUTES["asks_portion"].search(q.text))
                              and bool(ROUTES["part_of_whole"].search(s.text)))
                return (1.0 if fit else (0.3 if figures else 0.0)), (1.0 if fit else 0.0)
            return (1.0 if figures else 0.0), 0.0
        if q.slot == "when":
            return (1.0 if slots.dates or slots.periods else 0.0), 0.0
        if q.slot == "who":
            return (1.0 if any(a != "teacher" for a in slots.actors) else 0.0), 0.0
        if q.slot == "materials":
            return (1.0 if _MATERIALS.search(s.text) else 0.0), 0.0
        if q.slot in ("what_is", "why"):
            return (1.0 if _DEFINES.search(s.text) else 0.0), 0.0
        if q.slot in ("how", "example"):
            return (1.0 if _STEPS.search(s.text) else 0.0), 0.0
        if q.slot == "consequence":
            return (1.0 if _BEFALLS.search(s.text) else 0.0), 0.0
        return 0.0, 0.0

    def features(self, q: Question, words: list[str], s: Sentence, bm25: float, top: float,
                 groups: list["Concept"] | None = None) -> np.ndarray:
        """The feature vector of one sentence (order: FEATURES)."""
        if groups is None:
            groups = [Concept(w, self.idf(w)) for w in words]
        around = " ".join(n.text for n in self.index.neighbours(s))
        slot, unit = self._slot(q, s)
        quoted = [m for m in _QUOTED.findall(q.text)] + [w for w in words if len(w) >= 4]
        local = 1.0 if q.region and s.region != "全国" else 0.0
        return np.array([
            bm25 / top if top > 0 else 0.0,
            self._coverage(groups, s.heading_leaf + s.text),
            self._coverage(groups, s.heading),
            self._coverage(groups, around),
            slot,
            unit,
            local,
            1.0 if s.region == "全国" else 0.0,
            1.0 if any(w in s.text for w in quoted) else 0.0,
            _explains(quoted, s.text),
            _count_match(q.text, s.text),
            1.0 / (1 + s.position),
            min(len(s.text), 200) / 200,
            1.0 if s.table else 0.0,
        ])

    @timed("retrieve")
    def rank(self, q: Question, doc_ids: set[str] | None, limit: int = 40) -> list[Ranked]:
        """Candidate sentences (BM25 top `limit` in the governing documents), best first. A follow-up's own words
        count twice, the previous question's once."""
        query = q.topic or q.text
        own = self.words(query)
        context = self.words(q.context_topic) if q.context_topic else []
        words = list(dict.fromkeys(own + context))
        groups = self.groups(query)
        if q.context_topic:
            seen = {c.word for c in groups}
            groups += [c for c in self.groups(q.context_topic) if c.word not in seen]
        asked = [c.word for c in groups]
        expanded = " ".join([query, *asked, *own, *context])
        scores = self.index.scores(expanded, doc_ids)
        order = np.argsort(-scores)[:limit]
        top = float(scores[order[0]]) if len(order) else 0.0
        out = []
        for i in order:
            if scores[i] <= 0:
                break
            s = self.index.sentences[i]
            x = self.features(q, words, s, float(scores[i]), top, groups)
            out.append(Ranked(s, x, float(x @ self._vector)))
        out.sort(key=lambda r: -r.score)
        return out

    def answers(self, q: Question, s: Sentence) -> bool:
        """Whether the sentence fills the asked slot, as the badge reads it: for 是什么 it must explain the asked
        term (即/是指/包括…, or the term's own definition), not merely mention it."""
        if q.slot == "what_is":
            terms = [w for w in self.nouns(q.topic or q.text) if len(w) >= 2]
            if terms:
                return any(_says_what(t, s.text) for t in terms)
        return self.fills(q, s)

    def fills(self, q: Question, s: Sentence) -> bool:
        """Whether the sentence holds what the question asks for (a figure in the asked unit, a date, a body, a
        place…); True for questions whose slot has no such test."""
        if q.slot == "where":
            # 记到哪个学分里: what a thing is entered into (记入“十四五”学分) is where it goes.
            entered = ROUTES["asks_entered"].search(q.text) and ROUTES["entered_sentence"].search(s.text)
            return bool(_PLACE.search(s.text) or entered)
        if q.slot not in ("how_many", "when", "who", "consequence"):
            return True
        slot, unit = self._slot(q, s)
        return slot >= 1.0


_DURATION = {"分钟", "学时", "天", "周", "个月", "年"}


def _explains(terms: list[str], sentence: str) -> float:
    """1 when the sentence explains one of the question's terms: the term followed by 即/是指/：/（即…）."""
    for t in terms:
        at = sentence.find(t)
        if at >= 0 and ROUTES["explains"].match(sentence[at + len(t):at + len(t) + 6]):
            return 1.0
    return 0.0


def _says_what(term: str, sentence: str) -> bool:
    """The sentence says what the term is, right after naming it (X是…, X即…, X包括…, X（即…）, X由…组成)."""
    at = sentence.find(term)
    return at >= 0 and bool(ROUTES["says_what"].match(sentence[at + len(term):at + len(term) + 8]))


def _count_match(question: str, sentence: str) -> float:
    """"四个能力是哪四个": 1 when the sentence lists as many items as the question counts."""
    m = _COUNT.search(question)
    if not m:
        return 0.0
    n = int(m[1]) if m[1].isdigit() else _CN.get(m[1], 0)
    for e in _ENUM.finditer(sentence):
        items = re.split(r"[、—-]", e[0])
        last = re.split(r"和|及|与", items[-1])
        if len(items) == n or len(items) + len(last) - 1 == n:
            return 1.0
    return 0.0


def _definitions(index: SentenceIndex) -> dict[str, str]:
    """Terms the documents define themselves: “一划两案”（即…）, …（以下简称“提升工程”）."""
    out: dict[str, str] = {}
    for s in index.sentences:
        for term, meaning in defined_pairs(s.text):
            out.setdefault(term, meaning)
    return out


def load_calibration(path: Path = WEIGHTS_PATH) -> Calibration:
    """The answerability calibration fitted with the weights (ranker.json); a neutral one when missing."""
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8")).get("calibration")
        if data and "weights" in data:
            return Calibration(np.array(data["weights"], dtype=float), float(data["b"]), float(data["threshold"]),
                               float(data["margin"]))
    return Calibration()


def load_weights(path: Path = WEIGHTS_PATH) -> dict[str, float]:
    """The fitted weights (ranker.json); a neutral hand-set vector when the file is missing."""
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: float(v) for k, v in data["weights"].items()}
    return {"bm25": 2.0, "coverage": 3.0, "heading": 0.5, "context": 0.5, "slot": 1.0, "unit": 1.0, "local": 0.5,
            "national": 0.0, "quoted": 0.5, "count": 1.0, "position": 0.0, "length": 0.0, "bias": -4.0}
