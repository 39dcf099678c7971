"""The claim verifier: every clause of an answer aligned to its closest evidence clause and compared slot by slot.

One verifier serves the guard (our own answers), the faithfulness scorer (any system's answers) and
`advisor rules check-text`. A claim is supported only when its aligned evidence carries the same figures (and
limits), dates, 文号, codes, actors, modality, polarity and scope, belongs to the region and programme the claim
names, and holds the claim's content words (synonyms from the lexicon allowed). Each verdict names the slot that
failed and quotes the evidence.

Usage:
    verifier = ClaimVerifier.from_engine(engine, corpus_texts)
    report = verifier.verify("北京的专项培训不超过40学时。", verifier.evidence(["（不少于40学时）…"]))
    report.claims[0].status, report.claims[0].reason   # → "contradicted", "限定词不符：原文为“不少于”"
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from assistant.corpus.definitions import defined_pairs
from assistant.corpus.lexicon import alternation, Lexicon, default_lexicon
from assistant.guard.clauses import is_attribution, split_clauses
from assistant.guard.evidence import Evidence, EvidenceIndex, Window, bigrams, from_contexts
from assistant.guard.slots import PROGRAMME_LABEL, Figure, SlotReader, Slots
from assistant.rules.catalogue import Catalogue
from assistant.rules.gazetteer import NATIONAL, Gazetteer
from assistant.rules.numbers import normalize_text
from assistant.types import Document

__all__ = ["ClaimVerifier", "ClaimVerdict", "VerifierReport", "Thresholds", "DEFAULT_THRESHOLDS", "SLOT_NAMES"]

Status = Literal["supported", "contradicted", "not_found"]
_QUOTED_NAME = re.compile(r"“[^”“]{2,40}”")  # a quoted name or slogan of the documents
SLOT_NAMES = {"figure": "数字", "limit": "限定词", "actor": "主体", "modality": "情态", "negation": "肯定与否定",
              "scope": "范围", "region": "地区", "programme": "期次", "date": "日期", "doc_no": "文号",
              "code": "微能力点", "content": "内容", "alignment": "对应原文"}
_LIMIT_WORD = {"min": "不少于", "max": "不超过", "exact": "只需"}
_BOUND_WORD = {"min": "不少于", "max": "不超过"}
_CONFLICTS = {frozenset({"min", "max"}), frozenset({"exact", "min"}), frozenset({"exact", "max"})}


@dataclass(frozen=True)
class Thresholds:
    """Alignment below `align` finds no evidence unless the claim's content words cover `cover` (IDF share) of
    it; new content words above `content` (IDF share) are unsupported."""

    align: float = 0.34
    content: float = 0.34
    novel: float = 6.0
    sentence: float = 0.3
    elsewhere: float = 0.6
    cover: float = 0.75


DEFAULT_THRESHOLDS = Thresholds()
# A claim clause that shares this much of its wording with one evidence clause is read as a copy of it, so a
# noun it has in another's place is a changed object.
_QUOTED_PHRASE = re.compile(r"[“\"「]([^”\"」]{2,30})[”\"」]")
_TITLE = re.compile(r"《([^》]{4,80})》")
_SINGLED_OUT = re.compile(r"特别是|尤其是|特别要|尤其要")
COPY_ALIGN = 0.6
COPY_NOVEL = 3.5
SWAP_ALIGN = 0.5
SWAP_SAME = 0.7


@dataclass
class ClaimVerdict:
    """One claim as judged: supported, contradicted (with the slot that differs) or not found."""

    text: str
    status: Status
    slot: str | None = None
    reason: str = ""
    evidence: str | None = None
    evidence_index: int | None = None
    alignment: float = 0.0

    def to_json(self) -> dict:
        """{text, status, slot, reason, evidence, evidence_index, alignment}."""
        return {"text": self.text, "status": self.status, "slot": self.slot, "reason": self.reason,
                "evidence": self.evidence, "evidence_index": self.evidence_index,
                "alignment": round(self.alignment, 3)}


@dataclass
class VerifierReport:
    """Every claim's verdict, and the clauses that carry no claim (framing, courtesy)."""

    claims: list[ClaimVerdict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def faithful(self) -> bool:
        """True when every claim is supported."""
        return all(c.status == "supported" for c in self.claims)

    @property
    def score(self) -> float | None:
        """Share of claims supported (None when there is no claim)."""
        return sum(c.status == "supported" for c in self.claims) / len(self.claims) if self.claims else None


class ClaimVerifier:
    """Aligns claims to evidence and compares their slots; pure apart from its caches."""

    def __init__(self, lexicon: Lexicon, catalogue: Catalogue, gazetteer: Gazetteer,
                 documents: list[Document] = (), texts: dict[str, str] | None = None,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS, reader: SlotReader | None = None) -> None:
        self.lex = lexicon
        self.catalogue = catalogue
        self.gazetteer = gazetteer
        self.documents = list(documents)
        self.texts = dict(texts or {})
        self.thresholds = thresholds
        self.reader = reader or SlotReader(lexicon, catalogue, gazetteer)  # shared: its cache serves both
        self._squashed = {d.id: re.sub(r"\s+", "", normalize_text(self.texts.get(d.id, ""))) for d in self.documents}
        self._idf = self._background([t for t in self.texts.values()])
        self._defined = _defined_terms(self.texts.values())
        self._meaning = {term: "".join(parts) for term, parts in self._defined.items()}  # what each stands for
        self._synonyms = lexicon.claims.synonym_of
        self._groups = lexicon.claims.synonyms
        self._light = sorted(lexicon.tokens.light_words, key=len, reverse=True)
        self._bound: dict[str, list[tuple[str, str]]] = {}
        self._actor_last = re.compile(rf"(?:{lexicon.claims.actor_pattern.pattern})$")  # a body ending a text
        scope = lexicon.claims.scope
        # A clause that picks some out of a group (不具备网络条件的), and a level before whom it qualifies (省级
        # 学科带头人, 各级各类学科带头人: every level).
        self._picks_out = re.compile(rf"^(?:{alternation(scope.picks_out).pattern})")
        self._every_level = set(scope.every_level)
        self._levelled = re.compile(rf"({alternation(scope.every_level + scope.one_level).pattern})(?:的)?"
                                    r"([\u4e00-\u9fff]{2,6})")
        # A verb, then only determiners or levels, right before an actor word: the actor is acted on.
        self._denial = alternation(lexicon.claims.negation.markers)
        self._lexicalized = alternation(lexicon.claims.negation.lexicalized)
        receive = lexicon.claims.recipient_verbs
        self._recipient = re.compile(rf"(?:{alternation(receive).pattern})$") if receive else re.compile(r"(?!x)x")
        seats = lexicon.claims.seat_verbs
        self._seat_pattern = re.compile(rf"(?:{alternation(seats).pattern})([^，,。；;、（(]{{2,16}})" if seats
                                        else r"(?!x)x")
        verbs = alternation(lexicon.claims.object_verbs) if lexicon.claims.object_verbs else None
        self._object_verbs = re.compile(
            rf"(?:{verbs.pattern})(?:全市|全省|全区|全县|全国|各级|各|本|所有|全体|中小学|[省市县区校]级)*$"
            if verbs else r"(?!x)x")

    @classmethod
    def from_engine(cls, engine, texts: dict[str, str], lexicon: Lexicon | None = None,
                    thresholds: Thresholds = DEFAULT_THRESHOLDS) -> "ClaimVerifier":
        """A verifier over the rule engine's catalogue, places and documents."""
        return cls(lexicon or default_lexicon(), engine.catalogue, engine.gazetteer, engine.documents, texts,
                   thresholds)

    # -- evidence --------------------------------------------------------------------------------------
    def region_of(self, name: str | None) -> str | None:
        """Canonical region of a name (全国 for national)."""
        place = self.gazetteer.resolve(name)
        return place.canonical if place.known else None

    def evidence(self, contexts: list[str]) -> list[Evidence]:
        """Evidence from plain context strings (see guard.evidence.from_contexts)."""
        return from_contexts(contexts, self.documents, self.texts, self.region_of, self._squashed)

    def _background(self, texts: list[str]) -> dict[str, float]:
        from assistant.indexing.bm25 import segment

        sentences = [s for t in texts for s in re.split(r"[。！？；\n]", t) if s.strip()]
        df: dict[str, int] = {}
        for s in sentences:
            for w in set(segment(s)):
                df[w] = df.get(w, 0) + 1
        n = max(len(sentences), 1)
        self._n = n
        return {w: math.log(1 + n / (1 + c)) for w, c in df.items()}

    def _weight(self, word: str) -> float:
        return self._idf.get(word, math.log(1 + getattr(self, "_n", 1)))

    # -- alignment -------------------------------------------------------------------------------------
    def _align(self, claim: Slots, grams: set[str], index: EvidenceIndex, allowed: set[int] | None
               ) -> tuple[Window | None, float]:
        best, best_score = None, -1.0
        for w in index.windows:
            if allowed is not None and w.evidence not in allowed:
                continue
            common = len(grams & w.grams)
            recall = common / len(grams) if grams else 0.0
            precision = common / len(w.grams) if w.grams else 0.0
            facts = len(claim.figures) + len(claim.dates) + len(claim.doc_nos)
            hits = sum(any(f.matches(g) for g in w.slots.figures) for f in claim.figures)
            hits += sum(any(d.agrees(e) for e in w.slots.dates) for d in claim.dates)
            # "文号为某教发〔2020〕5号": the clause that carries the 文号 the claim names.
            hits += sum(any(d == e or _same_doc_no(d, e) for e in w.slots.doc_nos) for d in claim.doc_nos)
            score = recall + (0.25 * hits / facts if facts else 0.0) + 0.1 * precision
            if score > best_score:
                best, best_score = w, score
        if best is None:
            return None, 0.0
        common = len(grams & best.grams)
        return best, (common / len(grams) if grams else (1.0 if claim.figures else 0.0))

    # -- slot comparisons ------------------------------------------------------------------------------
    def _present(self, word: str, text: str, claim: str = "") -> bool:
        if word in text:
            return True
        if len(word) == 2 and word not in self._idf and word[0] in text and word[1] in text:
            return True  # 分线 (分+线上), 库里 (师资库+里): a cut jieba made across words, its characters are there
        if len(word) == 2 and f"{word[0]}、{word[1]}" in text:
            return True  # 市县 for 市、县
        if len(word) == 2 and claim and self._abbreviated(word, text, claim):
            return True  # 专职兼职相结合 for 专兼结合
        if len(word) == 2 and word[0] in text and word[1] in text and _shortened(word, text):
            return True  # 参训 for 参加…培训: the first character of one word and the last of one close after it
        group = self._synonyms.get(word)
        # A synonym counts where the evidence writes it more often than the claim does: 网络研修 that the claim
        # copies from the evidence is the claim's own, not a stand-in for its 线上学习.
        if group is not None:
            rest = claim.replace(word, " ")
            if any(alt in text and text.count(alt) > rest.count(alt) for alt in self._groups[group] if alt != word):
                return True
        if len(word) >= 3:
            grams = {word[i:i + 2] for i in range(len(word) - 1)}
            if sum(g in text for g in grams) / len(grams) >= 0.5:
                return True
        if len(word) == 4 and word not in self._idf and all(self._present(h, text, claim) for h in (word[:2], word[2:])):
            return True  # 明显提高 for 显著提升: two words the segmenter glued together, each said in its own way
        if word in self._defined and _spelled_out(self._defined[word], text):
            return True  # 一划两案 where the evidence names the plan and the two schemes the documents define it as
        if len(word) >= 2 and any(term in text and word in meaning for term, meaning in self._meaning.items()):
            return True  # 发展规划 where the evidence says 一划两案, which the documents define to include it
        bare = self._bare(word)
        if bare != word and len(bare) < 2:
            return True  # 后会 (提交后会被审定): light words and one character, nothing to look for
        return bare != word and self._present(bare, text, claim)

    @staticmethod
    def _abbreviated(word: str, text: str, claim: str) -> bool:
        """The evidence abbreviates the word with its neighbour in the claim, first character of each (专职、兼职 →
        专兼)."""
        # The abbreviation is followed in the evidence by what follows the pair in the claim (专兼结合), so two
        # words that merely share first characters with some other word (区域教育 and 区教委) are not one.
        for m in re.finditer(re.escape(word), claim):
            after = re.match(r"[与和及、]?([\u4e00-\u9fff])[\u4e00-\u9fff][相互的]?([\u4e00-\u9fff])", claim[m.end():])
            if after and word[0] + after[1] + after[2] in text:
                return True
            before = re.search(r"([\u4e00-\u9fff])[\u4e00-\u9fff][与和及、]?$", claim[:m.start()])
            tail = re.match(r"[相互的]?([\u4e00-\u9fff])", claim[m.end():])
            if before and tail and before[1] + word[0] + tail[1] in text:
                return True
        return False

    def _bare(self, word: str) -> str:
        """A word the corpus never uses, without the light words the segmenter glued onto it (来学 → 学,
        库里 → 库, 保持一致 → 一致); other words unchanged."""
        if word in self._idf:
            return word
        changed = True
        while changed:
            changed = False
            for light in self._light:
                if len(word) > len(light) and word.startswith(light):
                    word, changed = word[len(light):], True
                elif len(word) > len(light) and word.endswith(light):
                    word, changed = word[:-len(light)], True
                if changed:
                    break
        return word

    def _figures(self, claim: Slots, w: Window, index: EvidenceIndex, allowed: set[int] | None
                 ) -> tuple[str, str] | None:
        sentence = index.sentences[w.sentence][2]
        for f in claim.figures:
            hit = self._figure_in(f, w.slots.figures) or self._figure_in(f, sentence.figures)
            rivals = [g for g in w.slots.figures + sentence.figures
                      if g.unit and f.unit and _family(g) == _family(f)]
            if hit is None and not rivals and (self._counts(f, index.sentences[w.sentence][1])
                                               or self._counts(f, claim.text, after=f.start + len(f.text))):
                continue  # the evidence lists that many items, or the claim counts the items it goes on to list
            found_in = index.sentences[w.sentence][1]
            if hit is None:
                for e_i, text, slots in index.sentences:
                    if allowed is not None and e_i not in allowed:
                        continue
                    hit = self._figure_in(f, slots.figures)
                    if hit is not None:
                        found_in = text
                        break
            if hit is not None:
                # Where the figure was found too: 10个 found in another sentence, on B类 there, not on C类.
                bound = self._bound_elsewhere(f, claim, index.sentences[w.sentence][1]) or (
                    self._bound_elsewhere(f, claim, found_in) if found_in != index.sentences[w.sentence][1] else None)
                if bound is not None:
                    return "figure", f"数字不符：原文为“{bound}”"
                if f.limit and hit.limit and frozenset({f.limit, hit.limit}) in _CONFLICTS:
                    return "limit", f"限定词不符：原文为“{_LIMIT_WORD[hit.limit]}{hit.text}”"
                if isinstance(hit.value, tuple) and not isinstance(f.value, tuple) and _range_conflict(f, hit.value):
                    return "limit", f"限定词不符：原文为“{hit.text}”"
                if f.limit in ("min", "max") and hit.limit is None and not isinstance(hit.value, tuple) \
                        and not self._soft_bound(f, claim.text) and not (f.unit == "%" and f.value >= 100):
                    # "至少选择4个" against "选择4个": a bound the evidence does not set on a figure it states.
                    bounded = [g for _, _, sl in index.sentences for g in sl.figures if f.matches(g) and g.limit]
                    if not bounded:
                        return "limit", f"限定词不符：原文为“{hit.text}”，没有“{_BOUND_WORD[f.limit]}”"
                continue
            if rivals:
                return "figure", f"数字不符：原文为“{rivals[0].text}”"
            if _is_count(f) and f.limit not in ("min", "max"):
                continue  # 两级、三条: a count the evidence does not contradict (至少一个 sets a minimum: a requirement)
            if f.unit == "次" and f.value == 1 and not f.limit and (
                    set(claim.periods) <= set(sentence.periods)
                    or claim.periods and any(set(claim.periods) <= set(sl.periods) for _, _, sl in index.sentences)):
                # 一次展示, 每月报一次 where the evidence reports 每月 (a clause of its own, 每月一次, aligns nowhere
                # in particular): once is what it says
                continue
            return "figure", f"数字“{f.text}”在原文中找不到"
        return None

    def _soft_bound(self, f: Figure, text: str) -> bool:
        """The limit word bound to the figure is one that also just states a figure reached (达到)."""
        at = self.reader.limit_span(text, f.start, f.start + len(f.text))
        return at is not None and text[at[0]:at[1]] in self.lex.claims.limits.soft

    def _bound_elsewhere(self, f: Figure, claim: Slots, sentence: str) -> str | None:
        """"B类也是13个" against "A类…13个、B类…10个": the figure is there, but the item of the list that names
        what the claim counts carries another figure. Returns that item, or None."""
        if not f.unit or len(claim.figures) != 1:
            return None
        labels = set(re.findall(r"[A-Za-z]\s*类", claim.text)) | {w for w in claim.content if len(w) >= 2}
        items = [x for x in re.split(r"[、；;，,]", sentence) if x.strip()]
        # A label names one item only when no other item holds it too (组长 is also in 副组长).
        labels = {label for label in labels if sum(label in x for x in items) == 1}
        named = [x for x in items if any(label in x for label in labels)]
        if not named:
            return None
        figures = [(x, self.reader.read(x).figures) for x in named]
        if any(self._figure_in(f, fs) for _, fs in figures):
            return None
        if any(_TOTAL.match(x.strip()) and self._figure_in(f, self.reader.read(x).figures) for x in items):
            return None  # 专题课程：…不少于15学时…，共计20学时: the total at the end is the head's
        for x, fs in figures:
            same = [g for g in fs if g.unit and _family(g) == _family(f)]
            if len(same) == 1 and len(fs) == 1:
                return x.strip()
        return None

    @staticmethod
    def _figure_in(f: Figure, figures: list[Figure]) -> Figure | None:
        return next((g for g in figures if f.matches(g)), None)

    @staticmethod
    def _counts(f: Figure, text: str, after: int = 0) -> bool:
        """"四个维度""五个环节" count the items the evidence lists (学情分析、教学设计、…); with `after`, the items
        listed after the figure in the same text (三份文件：A、B和C)."""
        if f.unit == "年" and not isinstance(f.value, tuple) and float(f.value).is_integer():
            # 四年分别完成… against 2014、2015、2016、2017年分别完成…: the years listed are that many.
            listed = {y for m in re.finditer(r"(?:(?:19|20)\d{2}\s*年?\s*[、和及至]\s*)+(?:19|20)\d{2}", text)
                      for y in re.findall(r"(?:19|20)\d{2}", m[0])}
            return len(listed) == int(f.value)
        if isinstance(f.value, tuple) or f.unit not in (None, "个", "级", "步", "类", "项", "支", "条", "份", "种"):
            return False
        for m in re.finditer(r"[\u4e00-\u9fffA-Za-z0-9]{2,16}(?:\s*[、—–-]\s*[\u4e00-\u9fffA-Za-z0-9]{2,16})+", text):
            if m.start() < after:
                continue
            items = re.split(r"\s*[、—–-]\s*", m[0])
            tail = re.split(r"和|及|与|以及", items[-1])
            if len(items) + len(tail) - 1 == int(f.value) or len(items) == int(f.value):
                return True
        return False

    def _dates(self, claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        if not claim.dates:
            return None
        near = w.slots.dates or index.sentences[w.sentence][2].dates
        everywhere = [d for _, _, s in index.sentences for d in s.dates]
        covered = [e for e in near if any(c.agrees(e) is True for c in claim.dates)]
        for d in claim.dates:
            if any(d.agrees(e) is True for e in near):
                continue
            # A second date that refers to something else the evidence states ("2021年度的工作在2022年1月总结").
            clash = [e for e in near if d.agrees(e) is False and e not in covered]
            if any(d.agrees(e) is True for e in everywhere) and not clash:
                continue
            rival = next((e for e in near if d.agrees(e) is False), None) or \
                next((e for e in everywhere if d.agrees(e) is False), None)
            if rival is not None:
                return "date", f"日期不符：原文为“{rival.text}”"
            return "date", f"日期“{d.text}”在原文中找不到"
        return None

    def _doc_nos(self, claim: Slots, index: EvidenceIndex) -> tuple[str, str] | None:
        known = {d for _, _, s in index.sentences for d in s.doc_nos}
        known |= {ev.doc_no for ev in index.evidence if ev.doc_no}
        for d in claim.doc_nos:
            if d in known or any(_same_doc_no(d, k) for k in known):
                continue
            prefix = d.split("〔")[0]
            rival = next((k for k in known if k.split("〔")[0] == prefix), None)
            if rival:
                return "doc_no", f"文号不符：原文为“{rival}”"
            return "doc_no", f"文号“{d}”在原文中找不到"
        return None

    def _codes(self, claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        # 技术支持的课堂导入编号是A6: a point named by its name and by a code that belongs to another point.
        named = [a for a in self.catalogue.abilities if any(n in claim.text for n in (a.name, *a.aliases))]
        written = [m for m in re.finditer(r"(?<![A-Za-z])([ABC])(\d{1,2})(?!\d)", claim.text)]
        if len(named) == 1 and len(written) == 1:
            code = f"{written[0][1]}{int(written[0][2])}"
            if self.catalogue.find(code) is not None and code != named[0].code:
                return "code", f"编号不符：“{named[0].name}”是{named[0].code}"
        # C1是学情分析的点: one point said to belong to a dimension that is not its own.
        if len(written) == 1:
            ability = self.catalogue.find(f"{written[0][1]}{int(written[0][2])}")
            said = _BELONGS.search(claim.text[written[0].end():])
            if ability is not None and said and said[1] != ability.dimension:
                return "code", f"维度不符：{ability.code}（{ability.name}）属于{ability.dimension}维度"
        # 2.0的微能力点里…编号为T11: a 1.0 course code given as the new programme's, said outright.
        legacy = [m[0] for m in re.finditer(r"(?<![A-Za-z])T\d{1,2}(?!\d)", claim.text)
                  if self.catalogue.is_legacy(m[0])]
        if legacy and claim.programmes == {"2.0"} and not claim.negations and "1.0" not in claim.text:
            return "programme", f"期次不符：{legacy[0]}是提升工程1.0的培训课程编号"
        known = {c for _, _, s in index.sentences for c in s.codes}
        for c in claim.codes:
            if c not in known:
                ability = self.catalogue.find(c)
                name = f"{c}（{ability.name}）" if ability else c
                return "code", f"微能力点{name}在原文中找不到"
        return None

    def _person(self, actor_id: str) -> bool:
        return any(x.id == actor_id and x.level in ("person", "group") for x in self.lex.claims.actors)

    def _actors(self, claim: Slots, subject: list[str], w: Window, index: EvidenceIndex
                ) -> tuple[str, str] | None:
        # Only an actor the claim itself names can contradict; a subject carried over from an earlier clause
        # of the sentence is too loose a reading to call the evidence wrong.
        mine = [a for a in claim.actors if a != "teacher"]
        # (支持中小学校一线教师开发…: a body right after a verb acting on it does nothing there)
        acted_on = {m: bool(self._object_verbs.search(w.slots.text[:m[0]])) for m in w.slots.actor_mentions} \
            if mine else {}
        acted = {m[2] for m, on in acted_on.items() if on}
        doing = {m[2] for m, on in acted_on.items() if not on}
        theirs = [a for a in (w.slots.actors or w.subject) if a != "teacher" and not (a in acted and a not in doing)]
        words = self.lex.claims
        for a in mine:
            if a in theirs or a in w.subject or self._acted_on(claim, a):
                continue  # 交给省里: the one a thing goes to is not the one who does it
            if any(word in w.text for word in next(x.words for x in words.actors if x.id == a)):
                continue
            others = [x for x in theirs if x not in mine]
            if not others and "teacher" in (w.slots.actors or w.subject) and self._person(a):
                # 信息技术教师 where the evidence says 专任教师: a kind of teacher for all teachers.
                others = ["teacher"]
            if others:
                label = next(x.label for x in words.actors if x.id == others[0])
                return "actor", f"主体不符：原文为“{label}”"
        return self._members(claim, index.sentences[w.sentence][2]) or self._swapped(claim, index.sentences[w.sentence][2]) \
            or self._swapped_elsewhere(claim, w, index)

    def _swapped_elsewhere(self, claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        """由市教师进修学校成立领导小组 aligned to the sentence naming 市教师进修学校, while another sentence of the
        evidence has 市教育局成立…领导小组: the action is bound to another actor there and to this one nowhere."""
        mine = self._bindings(claim)
        if not mine:
            return None
        # Where the aligned sentence has the claim's actor doing something, that sentence is the one to judge by.
        here = {a for a, _ in self._bindings(index.sentences[w.sentence][2])}
        if any(actor in here for actor, _ in mine):
            return None
        found = None
        for i, (_, _, sentence) in enumerate(index.sentences):
            if i == w.sentence:
                continue
            theirs = self._bindings(sentence)
            if any(a == actor and _containment(bigrams(p), bigrams(q)) >= 0.5 for actor, p in mine for a, q in theirs):
                return None  # the claim's own binding is said somewhere
            found = found or self._swapped(claim, sentence)
        return found

    def _members(self, claim: Slots, sentence: Slots) -> tuple[str, str] | None:
        """由教学副校长、教研组长…组成 against 由继续教育工作主管领导、教研组长…组成: a list of people in the
        claim with a member the evidence's list does not have, where the evidence's list has one the claim lacks."""
        people = {x.id for x in self.lex.claims.actors if x.level in ("person", "group")}
        mine, theirs = _listed(claim, people), _listed(sentence, people)
        if len(mine) < 2 or len(theirs) < 2:
            return None
        extra = [m for m in mine if not self._present(m, sentence.text) and not any(m in t or t in m for t in theirs)]
        lacking = [t for t in theirs if not self._present(t, claim.text) and not any(m in t or t in m for m in mine)]
        if extra and lacking:
            return "actor", f"名单不符：原文为“{lacking[0]}”，没有“{extra[0]}”"
        return None

    def _acted_on(self, slots: Slots, actor: str) -> bool:
        """Every mention of the actor is where something goes (交给省里, 报给市项目办), not who does it."""
        spans = [a for a, _, who in slots.actor_mentions if who == actor]
        # 对培训机构的评估: the one an action is done to, after 对 or 给, is not who does it either.
        return bool(spans) and all(self._recipient.search(slots.text[max(0, a - 6):a])
                                   or (a > 0 and slots.text[a - 1] in "对给" and slots.text[a - 2:a] != "针对")
                                   for a in spans)

    def _bindings(self, slots: Slots) -> list[tuple[str, str]]:
        """(actor, what it does): the words after each actor, up to the next actor or clause mark; read once per
        text (the evidence sentences are read again for every claim)."""
        known = self._bound.get(slots.text)
        if known is None:
            if len(self._bound) > 20_000:
                self._bound.clear()
            known = self._bound[slots.text] = self._read_bindings(slots)
        return known

    def _read_bindings(self, slots: Slots) -> list[tuple[str, str]]:
        out = []
        mentions = slots.actor_mentions
        for i, (a, b, actor) in enumerate(mentions):
            stop = mentions[i + 1][0] if i + 1 < len(mentions) else len(slots.text)
            tail = re.split(r"[，,。；;、：:（）()“”\"]", slots.text[b:stop], maxsplit=1)[0]
            # 对培训机构的评估, 向市项目办报送: the object of an action, or a possessor (培训机构的…), is no agent;
            # nor what a verb acts on (组织全市中小学校长…培训, 指导学校管理团队…).
            # 专家评估、第三方评估: an item of a list after the first is named, not acting.
            if tail.startswith("的") or (a > 0 and slots.text[a - 1] in _OBJECT_MARKERS | {"、"}) \
                    or self._object_verbs.search(slots.text[max(0, a - 12):a]):
                continue
            tail = _PREDICATE_LEAD.sub("", tail)[:8].rstrip("的")
            if len(tail) < 2 and a > 0 and slots.text[a - 1] == "由" \
                    and not _MEMBERS.match(slots.text[b:]):
                # 督导、考核等工作主要由省教师培训中心负责: in the passive what is done stands before 由.
                start = max(slots.text.rfind(c, 0, a) for c in "，,。；;：:") + 1
                done = _PASSIVE_TAIL.sub("", slots.text[start:a - 1])
                tail = re.split(r"[、和及与]", done)[0][:8]
            if len(tail) >= 2 and actor != "teacher":
                out.append((actor, tail))
        return out

    def _swapped(self, claim: Slots, sentence: Slots) -> tuple[str, str] | None:
        """"由教学主任领衔" against "由校长领衔": the evidence binds the same action to another actor."""
        theirs = self._bindings(sentence)
        for actor, pred in self._bindings(claim):
            # 以区县团队建设为重点 against 以区县培训团队建设为重点: the predicate opens with the evidence actor's
            # own head noun (团队), so it names that actor in short.
            if any(len(word) >= 3 and pred[:2] == word[-2:] for a, _ in theirs
                   for word in next((x.words for x in self.lex.claims.actors if x.id == a), [])):
                continue
            grams = bigrams(pred)
            similar = [(a, q) for a, q in theirs if _containment(grams, bigrams(q)) >= 0.6]
            # 培训团队以区县为重点 against 以区县培训团队建设为重点: both name both, only the binding differs.
            both = similar and similar[0][0] in claim.actors and actor in sentence.actors
            if similar and not both and not any(a == actor for a, _ in similar) and \
                    not any(a == actor and _containment(grams, bigrams(q)) >= 0.5 for a, q in theirs):
                label = next(x.label for x in self.lex.claims.actors if x.id == similar[0][0])
                return "actor", f"主体不符：原文中“{similar[0][1]}”的是{label}"
        return None

    def _modality(self, claim: Slots, w: Window) -> tuple[str, str] | None:
        modality = self.lex.claims.modality
        theirs = w.slots.modality or w.lead_modality
        mine = claim.modality
        names = _QUOTED_NAME.findall(w.sentence_text)
        if names and mine and theirs and not (mine & theirs):
            # “骨干引领、教师选学…”的研修共同体: a word of a quoted name (选学) binds nothing, on either side.
            free = lambda words: {kind for word, kind in words if not any(word in n for n in names)}
            theirs = free(w.slots.modal_words) or (w.lead_modality if w.slots.modality else theirs)
            mine = free(claim.modal_words)
        if mine == {"strong"} and theirs == {"strong", "weak"}:
            # 应着眼于鼓励教师…: the word nearest the action is the one that binds it; here the action is encouraged.
            from assistant.indexing.bm25 import segment

            kinds = [t in modality.weak for t in segment(w.text) if t in modality.weak or t in modality.strong]
            if kinds and kinds[-1]:
                return "modality", "情态不符：原文为“可以”"
        if mine and theirs and mine & theirs and len(mine) > 1:
            # 必须…引进…供教师选学 against 亦可…引进…供教师选学: a choice word naming what is chosen (选学) is the
            # object, not the modality; without it the two differ.
            choice = set(modality.choice)
            core = lambda words: {kind for word, kind in words if word not in choice}
            mine_core, theirs_core = core(claim.modal_words), core(w.slots.modal_words)
            if mine_core and theirs_core and not (mine_core & theirs_core):
                mine, theirs = mine_core, theirs_core
        if mine and theirs and not (mine & theirs):
            word = "可以" if "weak" in theirs else "必须／应"
            return "modality", f"情态不符：原文为“{word}”"
        if mine == {"weak"} and not theirs and any(x in claim.text for x in modality.voluntary):
            # 由学校视情况自愿开展 where the evidence states the task bare (…并开展专项培训): a directive made optional.
            return "modality", "情态不符：原文没有说可做可不做"
        return None

    def _negation(self, claim: Slots, w: Window) -> tuple[str, str] | None:
        # 缺交的材料不计为不合格 against 缺交按不合格计: what a thing is counted as, denied on one side only.
        theirs = {label: denied for denied, label in _classed(w.text)}
        for denied, label in _classed(claim.text):
            if label in theirs and theirs[label] != denied:
                return "negation", f"肯定与否定相反：原文{'不' if theirs[label] else ''}计为“{label}”"
        for a, b in self.lex.claims.negation.antonyms:
            for mine, theirs in ((a, b), (b, a)):
                if _has(claim.text, mine, theirs) and _has(w.text, theirs, mine):
                    return "negation", f"意思相反：原文为“{theirs}”"
        # What each side negates: 没有完成 / 完成, 不会被取消 / 取消. A word negated on one side and stated
        # plainly on the other is a flipped statement.
        for word in claim.negated:
            # 不计入 against 记入: the same word or one of its synonyms, stated plainly in the evidence.
            group = self._synonyms.get(word)
            alike = [word] + ([a for a in self._groups[group] if a != word and len(a) >= 2] if group is not None else [])
            said = next((a for a in alike if a in w.slots.affirmed and a not in w.slots.negated), None)
            if said is not None and not self._denied_near(said, w.text):
                return "negation", f"肯定与否定相反：原文是肯定的说法（“{said}”）"
        for word in w.slots.negated:
            if word in claim.affirmed and word not in claim.negated:
                return "negation", f"肯定与否定相反：原文是否定的说法（“{word}”）"
        grams = w.grams
        tight = grams and len(bigrams(claim.align) & grams) / len(grams) >= 0.6
        if tight and claim.polarity != w.slots.polarity:
            said = "否定" if w.slots.polarity else "肯定"
            return "negation", f"肯定与否定相反：原文是{said}的说法"
        return None

    def _denied_near(self, word: str, text: str) -> bool:
        """不具备网络条件 for 没有网络条件: the evidence denies the word too, through another verb just before it."""
        for at in (m.start() for m in re.finditer(re.escape(word), text)):
            before = text[max(0, at - 4):at]
            if self._denial.search(before) and not self._lexicalized.search(before):
                return True
        return False

    @staticmethod
    def _periods(claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        theirs = set(w.slots.periods) | set(index.sentences[w.sentence][2].periods)
        for p in claim.periods:
            if theirs and p not in theirs:
                return "date", f"周期不符：原文为“{sorted(theirs)[0]}”"
        return None

    def _scope(self, claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        singled = _SINGLED_OUT.search(w.text)
        if singled and "all" in claim.scope and not _SINGLED_OUT.search(claim.text):
            # 全体教师都要… against 特别是学科带头人、特级教师等要…: what the evidence asks of some, given as of all.
            whom = re.split(r"[，,；;]", w.text[singled.end():])[0]
            groups = [g for g, k in claim.group_scope.items() if k == "all"]
            # (特级教师 names a kind of teacher, not 教师 at large)
            if groups and not any(re.search(rf"(?:^|[^\u4e00-\u9fff]|[各全所有的和及与]){re.escape(g)}", whom) for g in groups):
                return "scope", f"范围不符：原文说的是{singled[0]}{whom[:20]}"
        theirs = w.slots.scope or index.sentences[w.sentence][2].scope
        bound = {**index.sentences[w.sentence][2].group_scope, **w.slots.group_scope}
        for group, kind in claim.group_scope.items():
            # 部分地市 and 各地市 are one group, however much of the compound each reading kept.
            same = [g for g in bound if g == group or g.endswith(group) or group.endswith(g)]
            theirs_kind = bound[same[0]] if same else kind
            if {kind, theirs_kind} == {"all", "partial"}:
                word = "部分" if theirs_kind == "partial" else "全体"
                return "scope", f"范围不符：原文说的是{word}{same[0]}"
        partial = self.lex.claims.scope.partial
        narrowed = [g for g, k in claim.group_scope.items() if k == "partial" and g not in partial]
        if "partial" in claim.scope and not theirs and narrowed:
            # 选取部分教师 where the evidence sets no limit at all: the claim narrows a group the evidence names
            # without one (not 5%的部分, where 部分 is the share itself).
            around = index.sentences[w.sentence][1]
            words = [x for x in partial if x in claim.text]
            if words and not any(x in around for x in words):
                return "scope", f"范围不符：原文没有“{words[0]}”这样的限定"
        if "all" in claim.scope:
            # 对全体教师开展遴选 against 按一定比例遴选: those chosen by a share, given as everyone.
            share = next((x for x in self.lex.claims.scope.proportion if x in w.text), None)
            if share and not any(x in claim.text for x in self.lex.claims.scope.proportion):
                return "scope", f"范围不符：原文是{share}"
            # 农村学校一律… against 不具备网络条件的农村学校…: what the evidence says of some of a group (a clause
            # before 的 that picks them out), given as of the whole group.
            for t in claim.content:
                m = re.search(rf"([\u4e00-\u9fff]{{3,12}})的{re.escape(t)}", w.text) if len(t) >= 2 else None
                if m and self._picks_out.match(m[1]) and m[1] not in claim.text:
                    return "scope", f"范围不符：原文说的是{m[1]}的{t}"
        left_out = self._left_out(claim.text)
        if left_out and left_out in index.sentences[w.sentence][1]:
            return "scope", f"范围不符：原文包括{left_out}"
        if "only" in claim.scope and "only" not in theirs:
            return "scope", "范围不符：原文没有这样的限定"
        if "only" in claim.scope:
            # 只能由A1来满足 against 只能由A1或B1来满足: an exclusive list the answer cut short.
            mine_items, their_items = _items(claim.text), _items(w.text)
            if mine_items and mine_items < their_items:
                return "scope", f"范围不符：原文列的是{'、'.join(sorted(their_items))}"
        mine, theirs = claim.scope - {"only"}, theirs - {"only"}
        if ("partial" in mine and theirs == {"all"}) or (mine == {"all"} and theirs == {"partial"}):
            word = "部分" if "partial" in theirs else "全体"
            return "scope", f"范围不符：原文说的是{word}"
        return None

    def _left_out(self, text: str) -> str | None:
        """幼儿园教师不在其中 → 幼儿园: the group a clause says is left out (its first word, as the evidence would
        list it); None when the clause leaves nothing out."""
        words = self.lex.claims.scope.excluded
        at = min((text.find(x) for x in words if x in text), default=-1)
        if at <= 0:
            return None
        from assistant.indexing.bm25 import segment

        group = [t for t in segment(re.split(r"[，,、]", text[:at])[-1]) if len(t) >= 2]
        return group[0] if group else None

    def _region(self, claim: Slots, ev: Evidence, index: EvidenceIndex, w: Window,
                owners: frozenset[str] = frozenset()) -> tuple[str, str] | None:
        for name in claim.regions:
            place = self.gazetteer.resolve(name)
            if not place.known:
                continue
            # The place as written in the claim, or (named once for the whole sentence: 这是江苏省的规定：…) its name.
            written = [claim.text[a:b] for a, b, r in self.gazetteer.find(claim.text) if r.canonical == name]
            around = index.sentences[w.sentence][1]
            national = place.canonical == NATIONAL and any(x in around for x in self.lex.questions.national_documents)
            # A place the clause only inherits from its sentence is checked against the passage as a whole.
            if national or any(word in around for word in written) or (
                    not written and any(r.canonical == name for _, _, r in self.gazetteer.find(ev.text))):
                continue  # the evidence itself names the place (围绕大连教育现代化目标)
            if ev.region is None:
                named = [r for _, _, s in index.sentences for r in s.regions]
                if named and not any(name == r or r in place.chain for r in named):
                    return "region", f"地区不符：原文讲的是{named[0]}"
                continue
            if place.canonical == NATIONAL:
                if ev.region != NATIONAL:
                    return "region", f"地区不符：原文是{ev.region}的规定，不是全国的"
                continue
            if ev.region == NATIONAL and name in owners:
                # 根据北京市的方案，… over a national passage: the text is credited to a document it is not from.
                return "region", f"地区不符：原文是全国性的文件，不是{name}的文件"
            if ev.region == NATIONAL and written and _AS_SUBJECT.match(claim.text[claim.text.find(written[0]):]) \
                    and claim.text.find(written[0]) <= 2:
                # 北京市要把…（a national rule given as the place's own）: the evidence is the national document.
                return "region", f"地区不符：原文是全国性的规定，不是{name}自己的规定"
            if ev.region != NATIONAL and ev.region not in place.chain:
                return "region", f"地区不符：原文是{ev.region}的规定"
        return None

    def _swapped_object(self, claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        """"其中应用案例配套在线测试" against "其中专题课程配套在线测试": the claim's clause matches one clause of
        the sentence word for word but for one noun, which the evidence has in its place."""
        grams = bigrams(claim.align)
        if len(grams) < 4:
            return None
        best, share = None, 0.0
        for other in index.windows:
            if other.sentence != w.sentence or "，" in other.text or "," in other.text:  # one clause only
                continue
            common = len(grams & other.grams) / len(grams)
            if common > share:
                best, share = other, common
        if best is None or share < SWAP_ALIGN:
            return None
        mine = [t for t in claim.content if not self._present(t, best.text, claim.sentence or claim.text)]
        theirs = [t for t in best.slots.content if not self._present(t, claim.text)]
        if len(mine) != 1 or len(theirs) != 1 or self._same_group(mine[0], theirs[0]):
            return None
        # The evidence's noun in the claim's place makes the two clauses one: a swap, not a paraphrase.
        swapped = bigrams(normalize_text(claim.text.replace(mine[0], theirs[0])))
        target = bigrams(normalize_text(best.text))
        if swapped and target and len(swapped & target) / len(swapped | target) >= SWAP_SAME:
            return "object", f"对象不符：原文为“{theirs[0]}”"
        return None

    def _swapped_owner(self, claim: Slots, w: Window) -> tuple[str, str] | None:
        """列入…教师年度考核 against 列入…校长年度考核: a body named right before a thing of three or four characters
        the evidence names too, where the evidence has another body right before it — whose thing it is, changed."""
        from assistant.indexing.bm25 import tag

        words = self.lex.claims
        for m in words.actor_pattern.finditer(claim.text):
            if m[0] in w.text:
                continue  # the body is named in the evidence: what it does there is the actor checks' to read
            tail = claim.text[m.end():m.end() + 4]
            for k in (4, 3):
                thing = tail[:k]
                if len(thing) < k or not re.fullmatch(r"[\u4e00-\u9fff]+", thing) or thing not in w.text:
                    continue
                tags = tag(thing)
                if not tags or not (tags[0][1][:1] == "n" or tags[0][1] == "vn"):
                    break  # 教师可以选…: what follows the body is what it does, not a thing of its
                mine = words.actor_by_word[m[0]].id
                owners = [self._actor_last.search(w.text[:x.start()]) for x in re.finditer(re.escape(thing), w.text)]
                if any(o is None or words.actor_by_word[o[0]].id == mine for o in owners):
                    break  # the evidence names the thing unowned, or owned by the same body, somewhere
                return "object", f"对象不符：原文为“{owners[0][0]}{thing}”"
        return None

    def _loose_limit(self, claim: Slots, w: Window) -> tuple[str, str] | None:
        """最多覆盖…中的2个维度 against 至少覆盖…中的2个维度: a bound word set before the verb, far from its figure,
        flipped — read when neither side binds it to a figure."""
        if any(f.limit for f in claim.figures) or any(f.limit for f in w.slots.figures):
            return None
        bounds = self.lex.claims.limits.loose
        kinds = lambda text: {kind for kind, words in bounds.items() if any(x in text for x in words)}
        mine, theirs = kinds(claim.text), kinds(w.text)
        if mine and theirs and not (mine & theirs):
            word = next(x for x in bounds[next(iter(theirs))] if x in w.text)
            return "limit", f"限定词不符：原文为“{word}”"
        return None

    def _seat(self, claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        """办公室设在市电教馆 against 办公室设于市教师进修学校: where a body sits, changed."""
        mine = self._seat_pattern.search(claim.text)
        if not mine:
            return None
        theirs = [m[1] for m in self._seat_pattern.finditer(index.sentences[w.sentence][1])]
        seat = mine[1]
        if theirs and not any(seat in t or t in seat or _containment(bigrams(seat), bigrams(t)) >= 0.5 for t in theirs) \
                and seat not in index.all_text:
            return "actor", f"主体不符：原文为设在“{theirs[0]}”"
        return None

    def _level_scope(self, claim: Slots, w: Window) -> tuple[str, str] | None:
        """省级学科带头人 against 各级各类学科带头人 (or the other way round): one level where the evidence means
        every level, of the same people or things."""
        for m in self._levelled.finditer(claim.text):
            mine, thing = m[1], m[2]
            for k in (4, 3, 2):
                if len(thing) < k or thing[:k] not in w.text:
                    continue
                theirs = [x[1] for x in self._levelled.finditer(w.text) if x[2].startswith(thing[:k])]
                if theirs and mine not in theirs and ((mine in self._every_level) != (theirs[0] in self._every_level)):
                    return "scope", f"范围不符：原文为“{theirs[0]}{thing[:k]}”"
                break
        return None

    def _quoted(self, claim: Slots, index: EvidenceIndex) -> tuple[str, str] | None:
        """A phrase the claim puts in quotation marks (“测评—培训—应用”) is a quotation: the evidence must hold it;
        so must a place named in a document title (《辽宁省…实施意见》)."""
        for title in _TITLE.findall(claim.text):
            for a, b, place in self.gazetteer.find(title):
                if place.known and title[a:b] not in index.all_text and place.canonical not in index.all_text:
                    return "region", f"地区不符：原文的文件名里不是“{title[a:b]}”"
        squashed = re.sub(r"[\W_]+", "", index.all_text)
        for phrase in _QUOTED_PHRASE.findall(claim.text):
            bare = re.sub(r"[\W_]+", "", phrase)
            if len(bare) >= 3 and bare not in squashed \
                    and not (bare in self._defined and _spelled_out(self._defined[bare], index.all_text)):
                return "content", f"原文中找不到引号里的“{phrase}”"
        return None

    def _same_group(self, a: str, b: str) -> bool:
        group = self._synonyms.get(a)
        return a in b or b in a or (group is not None and group == self._synonyms.get(b))

    @staticmethod
    def _programme(claim: Slots, ev: Evidence) -> tuple[str, str] | None:
        # The programme the claim writes out (提升工程2.0) outweighs one its years suggest (2014年 → 1.0).
        written = {f"{m[1] or '一二'.index(m[2]) + 1}.0" for m in PROGRAMME_LABEL.finditer(claim.text)}
        said = written or claim.programmes
        if ev.program and said and ev.program not in said:
            return "programme", f"期次不符：原文是提升工程{ev.program}的文件"
        return None

    def _content(self, claim: Slots, subject_text: str, w: Window, index: EvidenceIndex, question: str = ""
                 ) -> tuple[str, str] | None:
        if not claim.content:
            return None
        # "分工是：…" "材料包括…": the answer names what was asked as its topic, before it says anything; a topic
        # word the question gives is not something the answer adds.
        lead = _TOPIC_END.search(claim.text)
        topic = claim.text[:lead.start()] if lead and question else ""
        asked = {t for t in claim.content if t in topic and self._present(t, normalize_text(question))}
        # "分工上，…" "有关系，…": a short opening piece that only names the topic or echoes the question's yes/no
        # adds nothing the evidence must hold.
        head = re.split(r"[，,]", claim.text, maxsplit=1)
        if len(head) == 2 and len(head[0]) <= 8:
            words = [t for t in claim.content if t in head[0]]
            if _TOPIC_FRAME.match(head[0]) or (question and all(self._present(t, normalize_text(question))
                                                                for t in words)):
                asked |= set(words)
        total = sum(self._weight(self._bare(t)) for t in claim.content)
        # A claim may name the document by its title (广东这份提升工程实施方案): the title's name for it counts.
        title = index.evidence[w.evidence].title or ""
        names = " ".join(t for t in claim.content if _DOC_NOUN.search(t) and t in title)
        window = w.text + names
        sentence = w.sentence_text + names
        units = {_family(f) for f in w.slots.figures + index.sentences[w.sentence][2].figures if f.unit}
        said = {word for unit, words in self.lex.claims.figure_words.items() if unit in units for word in words}
        said |= self._issued(w)
        # A synonym is read against the whole answer sentence: 在线 the sentence copies from the evidence is its own.
        # A word the clause repeats from the subject it inherits is that subject's, said already.
        own = claim.sentence or claim.text
        # A document's title the evidence prints too (按照《…意见》的部署) names that document: its words are no claim.
        titled = " ".join(m[1] for m in _TITLE.finditer(claim.text) if m[1] in index.all_text)
        missing = [t for t in claim.content if not self._present(t, window, own) and t not in said
                   and t not in asked and t not in subject_text and t not in titled]
        novel = [t for t in missing if not self._present(t, index.all_text, own)]
        # A list the answer sums up from several sentences of one passage (rows of a table, one item a line):
        # its items are read in the whole passage, as near as in the aligned sentence, when none is new.
        passage = index.evidence[w.evidence].text if _LIST.search(claim.text) and not novel else sentence
        share = 0.0
        for t in missing:
            # Farther from the aligned clause, heavier: elsewhere in its sentence, elsewhere in the evidence, nowhere.
            near = self._present(t, sentence, own) or self._present(t, normalize_text(passage), own)
            far = 1.0 if t in novel else (self.thresholds.elsewhere if not near else self.thresholds.sentence)
            share += self._weight(self._bare(t)) * far
        heaviest = max((self._weight(self._bare(t)) for t in novel), default=0.0)
        # A clause copied nearly word for word from its evidence with one noun the evidence has nowhere: an
        # object put in (汇集…过程性数据和经费数据 against 汇集…过程性数据), not a paraphrase.
        copied = len(bigrams(claim.align) & w.grams) / max(len(bigrams(claim.align)), 1) >= COPY_ALIGN
        inserted = [t for t in novel if self._weight(self._bare(t)) >= COPY_NOVEL
                    and not (lead and t in claim.text[:lead.start()])]  # 职责是…, 前提是…: the answer's framing
        if copied and inserted:
            return "content", "原文中找不到：" + "、".join(dict.fromkeys(inserted[:5]))
        if total and (share / total > self.thresholds.content or heaviest >= self.thresholds.novel):
            return "content", "原文中找不到：" + "、".join(dict.fromkeys((novel or missing)[:5]))
        return None

    # -- the verdict -----------------------------------------------------------------------------------
    def _condition(self, claim: Slots, w: Window, index: EvidenceIndex) -> tuple[str, str] | None:
        """须经…批准后方可: a precondition no evidence sentence sets is a requirement the answer added."""
        passage = "".join(text for _, text, _ in index.sentences)
        # 实际完成量超过了计划: an outcome the answer reports, where the documents only set what is to be done.
        outcome = next((x for x in self.lex.claims.outcomes if x in claim.text and x not in passage), None)
        if outcome is not None:
            return "content", f"原文中找不到这个结果：“{outcome}”"
        # (所需经费: the 需经 of two words sets no condition)
        text = claim.text
        for word in self.lex.claims.not_conditions:
            text = text.replace(word, " " * len(word))
        words = [x for x in self.lex.claims.conditions if x in text]
        missing = [x for x in words if x not in passage]
        return ("content", f"原文中找不到这个前提条件：“{missing[0]}”") if missing else None

    def _skip(self, text: str, slots: Slots) -> bool:
        if is_attribution(text) or self._frame(text, slots):
            return True
        actors = [a for a in slots.actors if a != "teacher"]
        # 但不进行过程性抽测: a negated action is a claim even when every word of it is a slot word.
        denied = bool(slots.negations) and any(len(x) >= 2 for x in slots.negated)
        # 教师可以只提交其中部分材料: a clause that grants leave or narrows a scope says something, however few its
        # content words.
        return not (slots.content or slots.figures or slots.dates or slots.doc_nos or slots.codes or slots.periods
                    or actors or denied or "only" in slots.scope or (slots.modality and slots.scope))

    @staticmethod
    def _announces(slots: Slots) -> bool:
        """分级评估的分工是：… 具体要求如下：…: a clause before a colon that names no actor, figure, date, code,
        modality or negation only announces the clauses after it, which are judged themselves."""
        return not (slots.figures or slots.dates or slots.doc_nos or slots.codes or slots.periods or slots.negations
                    or slots.modality or [a for a in slots.actors if a != "teacher"])

    @staticmethod
    def _frame(text: str, slots: Slots) -> bool:
        """"在区县层面" "这门课程里": a clause that only names the topic the next clause speaks of (no verb, no
        figure, no negation); its place and programme still govern the sentence."""
        from assistant.indexing.bm25 import tag

        if not _TOPIC_FRAME.match(text) or slots.figures or slots.dates or slots.doc_nos or slots.codes \
                or slots.negations or slots.modality:
            return False
        return not any(flag[:1] == "v" and flag != "vn" for _, flag in tag(text))

    def repair_limits(self, text: str, evidence: list[Evidence]) -> str | None:
        """The text with each flipped limit word (不超过25学时 against 不少于25学时) replaced by the evidence's own
        word, when limits are all that is wrong; None otherwise. The caller verifies the result again."""
        report = self.verify(text, evidence)
        failed = [c for c in report.claims if c.status != "supported"]
        if not failed or any(c.slot != "limit" or not c.evidence for c in failed):
            return None
        norm = normalize_text(text)
        if len(norm) != len(text):
            return None  # offsets of the normalised text would not point into the original
        edits: list[tuple[int, int, str]] = []
        for c in failed:
            pos = norm.find(c.text)
            if pos < 0:
                return None
            theirs = self.reader.read(c.evidence)
            for f in self.reader.read(c.text).figures:
                hit = next((g for g in theirs.figures if f.matches(g) and g.limit and g.limit != f.limit), None)
                if hit is None:
                    continue
                at = self.reader.limit_span(c.text, f.start, f.start + len(f.text))
                word = self.reader.limit_span(c.evidence, hit.start, hit.start + len(hit.text))
                if at is None or word is None:
                    return None
                edits.append((pos + at[0], pos + at[1], c.evidence[word[0]:word[1]]))
        if not edits:
            return None
        fixed = text
        for a, b, word in sorted(edits, reverse=True):
            fixed = fixed[:a] + word + fixed[b:]
        return fixed

    def verify(self, answer: str, evidence: list[Evidence], question: str | None = None) -> VerifierReport:
        """Judge every claim of the answer against the evidence."""
        report = VerifierReport()
        index = EvidenceIndex(evidence, self.reader)
        for sent in split_clauses(answer):
            subject: list[str] = []
            subject_text = ""
            # "按广东2.0的要求，…" "这是江苏省的规定：…": a place or programme named once governs the sentence.
            whole = self.reader.read(sent.text)
            owners = self._owners(sent.text)
            # 按提升工程2.0的安排，广东2014年…: the programme a sentence writes out governs its clauses, over the one
            # their years suggest.
            written = {f"{m[1] or '一二'.index(m[2]) + 1}.0" for m in PROGRAMME_LABEL.finditer(sent.text)}
            seen: list[str] = []
            for clause in sent.clauses:
                slots = self.reader.read(clause.text)
                places = seen or ([] if slots.regions else whole.regions)
                seen = seen + [r for r in slots.regions if r not in seen]
                if (places and not slots.regions) or (whole.programmes and not slots.programmes):
                    slots = _with_context(slots, replace(whole, regions=places))
                if written and not PROGRAMME_LABEL.search(clause.text):
                    slots = replace(slots, programmes=set(written))
                slots = replace(slots, sentence=sent.text)
                if "only" in slots.scope and "只有" in clause.text and "才" in sent.text[sent.text.find(clause.text):]:
                    slots = replace(slots, scope=slots.scope - {"only"})  # 只有达到…，才能…: a condition
                if clause.index == 0 or not subject:
                    if slots.actors:
                        subject, subject_text = list(slots.actors), clause.text
                if self._skip(clause.text, slots) or (clause.lead and self._announces(slots)):
                    report.skipped.append(clause.text)
                    continue
                inherited = not slots.actors and subject_text != clause.text
                report.claims.append(self._judge(clause.text, slots, subject if inherited else [],
                                                 subject_text if inherited else "", index, question or "", owners))
        return report

    def _owners(self, text: str) -> frozenset[str]:
        """The places a sentence names as the owner of a text (根据北京市的方案, 这是江苏省的要求)."""
        return frozenset(r.canonical for _, b, r in self.gazetteer.find(text)
                         if r.known and _OWNED.match(text[b:b + 12]))

    def _judge(self, text: str, slots: Slots, subject: list[str], subject_text: str,
               index: EvidenceIndex, question: str = "", owners: frozenset[str] = frozenset()) -> ClaimVerdict:
        if not index.windows:
            return ClaimVerdict(text, "not_found", "alignment", "没有可依据的原文")
        allowed = self._allowed(slots, index)
        grams = bigrams(slots.align)
        w, align = self._align(slots, grams, index, allowed)
        if w is None:
            return ClaimVerdict(text, "not_found", "alignment", "没有可依据的原文")
        ev = index.evidence[w.evidence]
        verdict = ClaimVerdict(text, "supported", None, f"原文：{w.text}", w.text, w.evidence, align)
        strong = align >= self.thresholds.align or self._covered(slots, w)
        if slots.scope and _HEADING_LINE.match(w.text) and not any(_DOC_NOUN.search(t) for t in slots.content):
            # 面向全体中小学教师 matched to a document's title for its words: a title names a document, it sets no
            # scope, so the claim is read against nothing.
            return ClaimVerdict(text, "not_found", "alignment", f"原文中没有对应的说法（最接近：“{w.text}”）",
                                w.text, w.evidence, align)
        checks = [
            lambda: self._programme(slots, ev),
            lambda: self._region(slots, ev, index, w, owners),
            lambda: self._doc_nos(slots, index),
            lambda: self._dates(slots, w, index),
            lambda: self._figures(slots, w, index, allowed),
            lambda: self._codes(slots, w, index),
            lambda: self._quoted(slots, index),
            lambda: self._condition(slots, w, index),
        ]
        if strong:
            checks += [
                lambda: self._actors(slots, subject, w, index),
                lambda: self._modality(slots, w),
                lambda: self._negation(slots, w),
                lambda: self._periods(slots, w, index),
                lambda: self._scope(slots, w, index),
                lambda: self._swapped_object(slots, w, index),
                lambda: self._swapped_owner(slots, w),
                lambda: self._level_scope(slots, w),
                lambda: self._seat(slots, w, index),
                lambda: self._loose_limit(slots, w),
            ]
        elif (slots.dates or slots.figures) and all(any(d.agrees(e) for e in w.slots.dates) for d in slots.dates) \
                and all(self._figure_in(f, w.slots.figures) for f in slots.figures):
            # 北京是2021年就要求所有学校都完成了: worded apart, but anchored by the evidence's own date and figures,
            # so what it says of whom is compared too, and whether it denies what the evidence states (并不要求
            # 合格率达到100% against 确保合格率100%).
            checks.append(lambda: self._scope(slots, w, index))
            checks.append(lambda: self._negation(slots, w))
        for check in checks:
            found = check()
            if found is not None:
                slot, reason = found
                status: Status = "not_found" if "找不到" in reason or "没有提到" in reason else "contradicted"
                return ClaimVerdict(text, status, slot, reason, w.text, w.evidence, align)
        if not strong and not (slots.figures or slots.dates or slots.doc_nos or slots.codes):
            return ClaimVerdict(text, "not_found", "alignment", f"原文中没有对应的说法（最接近：“{w.text}”）",
                                w.text, w.evidence, align)

        content = self._content(slots, subject_text, w, index, question)
        if content is not None:
            return ClaimVerdict(text, "not_found", content[0], content[1], w.text, w.evidence, align)
        return verdict

    def _issued(self, w: Window) -> set[str]:
        """这份意见由省教育厅印发: a title line or letterhead names who issued the document, so its verbs of issuing
        (印发, 发布) count as said there."""
        return set(self.lex.claims.issuing) if _HEADING_LINE.match(w.text) else set()

    def _covered(self, slots: Slots, w: Window) -> bool:
        """整个点就不合格 against 该能力点为不合格: a clause worded apart from its evidence clause whose content
        words (or their synonyms) are nearly all there is aligned to it; one that obliges, or denies where the
        evidence clause denies nothing, is not, since its words alone do not show what it obliges or denies."""
        # 不能混淆: a clause that only denies has what it denies for its words, found denied in the evidence.
        words = slots.content or [x for x in slots.negated if len(x) >= 2 and x in w.slots.negated]
        if not words and not slots.negations and (slots.periods or slots.actors):
            # 每个月都要报: a clause of slot words only is aligned where its bodies and periods all are; what it
            # says of them is checked next.
            units = set(slots.periods) | {a for a in slots.actors if a != "teacher"}
            theirs = set(w.slots.periods) | set(w.slots.actors) | set(w.subject)
            return bool(units) and units <= theirs and not (slots.modality and not slots.modality <= w.slots.modality)
        if not words or (slots.modality and not slots.modality <= w.slots.modality) or (
                slots.negations and not w.slots.negations):
            return False  # a denial is aligned only to a denial, an obligation to one, whose checks follow
        total = sum(self._weight(self._bare(t)) for t in words)
        issued = self._issued(w)
        have = sum(self._weight(self._bare(t)) for t in words if t in issued or self._present(t, w.text, slots.text))
        return bool(total) and have / total >= self.thresholds.cover

    def _allowed(self, slots: Slots, index: EvidenceIndex) -> set[int] | None:
        """A claim naming a region is aligned within the evidence of that region when there is some."""
        if not slots.regions:
            return None
        fits = set()
        for i, ev in enumerate(index.evidence):
            if ev.region is None:
                fits.add(i)
            elif any(ev.region == r or ev.region in (self.gazetteer.resolve(r).chain or [])
                                 for r in slots.regions):
                fits.add(i)
        return fits or None


_OBJECT_MARKERS = set("对向给为把将与和及或跟同被从据照")  # 根据省级工程办的要求: a basis, not an agent
_AS_SUBJECT = default_lexicon().routes["rules_subject"]  # 北京市要求…: a place named as the one who rules
_PREDICATE_LEAD = default_lexicon().routes["predicate_lead"]
# 等工作主要 before 由: what closes the thing done in a passive clause, not the thing itself.
_MEMBERS = re.compile(r"[^，,。；;：:]*(?:组成|构成)")  # 由…组成: members named, not a doer
_PASSIVE_TAIL = re.compile(r"(?:等|的|相关|工作|事项|任务|主要|统一|具体|均|都|则|将|会|要|应|须)+$")
_OWNED = default_lexicon().routes["owned_document"]
_TOPIC_FRAME = default_lexicon().routes["topic_frame"]
_TOPIC_END = default_lexicon().routes["topic_end"]
# Three or more items in a row: 集体备课、课例研讨和成果展示.
_LIST = re.compile(r"[^、，,。；;]{2,20}、[^、，,。；;]{2,20}(?:、|和|及|与|以及)[^、，,。；;]{2,20}")


def _defined_terms(texts) -> dict[str, list[str]]:
    """Each term a document defines, with the parts of what it stands for (split at 、 and 与/和/及)."""
    out: dict[str, list[str]] = {}
    for text in texts:
        for term, meaning in defined_pairs(text, quoted=True):
            parts = [p for p in re.split(r"、|，|,|与|和|及", meaning) if len(p) >= 2]
            if parts:
                out.setdefault(term.strip(), parts)
    return out


def _spelled_out(parts: list[str], text: str) -> bool:
    """Most parts of a defined term's meaning are in the text (each part in full or by most of its pairs of
    characters: 发展规划 for 学校信息化教育教学发展规划 is enough)."""
    def found(part: str) -> bool:
        grams = {part[i:i + 2] for i in range(len(part) - 1)}
        return part in text or sum(g in text for g in grams) / len(grams) >= 0.6

    return sum(found(p) for p in parts) * 3 >= len(parts) * 2


def _with_context(slots: Slots, whole: Slots) -> Slots:
    """A clause's slots with the sentence's places and programmes when it names none of its own."""
    from dataclasses import replace

    return replace(slots, regions=slots.regions or list(whole.regions),
                   programmes=slots.programmes or set(whole.programmes))


_CLASSED = re.compile(r"(不|未|并不|并未)?(?:计为|计作|算作|算为|算是|算|视为|视作|认定为|判为|判定为|按)\s*(不)?(合格|达标|优秀)(?:计)?")


def _classed(text: str) -> list[tuple[bool, str]]:
    """(denied, label) for each thing a text counts as something (按不合格计 → (False, 不合格); 不算不合格 →
    (True, 不合格))."""
    return [(bool(m[1]), (m[2] or "") + m[3]) for m in _CLASSED.finditer(text)]


def _listed(slots: Slots, kinds: set[str]) -> list[str]:
    """The words of people named in a row (校长、教学副校长和教研组长), when two or more are."""
    out: list[str] = []
    run: list[str] = []
    end = -1
    for a, b, _ in sorted(m for m in slots.actor_mentions if m[2] in kinds):
        word = slots.text[a:b]
        if run and _LIST_GAP.fullmatch(slots.text[end:a]):
            run.append(word)
        else:
            if len(run) >= 2:
                out += run
            run = [word]
        end = b
    return out + (run if len(run) >= 2 else [])


# A document's title line (《…》) or letterhead (江苏省教育厅文件): it names who issued the document.
_HEADING_LINE = re.compile(r"\s*(?:《|[\u4e00-\u9fff]{2,16}文件\s*$)")
_DOC_NOUN = re.compile(r"(?:方案|意见|指南|通知|规划|办法|标准)$")
_TOTAL = re.compile(r"(?:共计|合计|总计|一共|总共|累计)")
_LIST_GAP = re.compile(r"\s*(?:、|，|,|和|及|与|以及|或)\s*")


@lru_cache(maxsize=4096)
def _words_of(text: str) -> tuple[str, ...]:
    from assistant.indexing.bm25 import segment

    return tuple(segment(text))


def _shortened(word: str, text: str) -> bool:
    """A two-character word that shortens two words of the text standing close together: the first opening with
    its first character, the second, at most three words on, closing with its last (参训 for 参加应用能力提升培训)."""
    words = _words_of(text)
    for i, a in enumerate(words):
        if len(a) >= 2 and a[0] == word[0] and a != word:
            if any(len(b) >= 2 and b[-1] == word[1] and b != word for b in words[i + 1:i + 5]):
                return True
    return False


def _same_doc_no(a: str, b: str) -> bool:
    """教育部教师〔2019〕1号 and 教师〔2019〕1号: the same year and number, one issuer a suffix of the other, the
    rest an issuer's name — not the one-character abbreviation of a province (苏教师 is not 教师)."""
    pa, _, ra = a.partition("〔")
    pb, _, rb = b.partition("〔")
    if ra != rb or not pa or not pb:
        return False
    long, short = (pa, pb) if len(pa) >= len(pb) else (pb, pa)
    return long == short or (long.endswith(short) and len(long) - len(short) >= 2)


def _has(text: str, word: str, other: str) -> bool:
    """The text uses `word` on its own (not only inside `other`, as 合格 sits inside 不合格)."""
    return word in text.replace(other, " ") if word in other else (word in text and other not in text)


def _range_conflict(f: Figure, bounds: tuple[float, float]) -> bool:
    """"至少5人" against "3-5人": the top of a range stated as a minimum (or its bottom as a maximum)."""
    lo, hi = bounds
    v = float(f.value)
    return (f.limit == "min" and abs(v - hi) < 0.01 and lo < hi) or (f.limit == "max" and abs(v - lo) < 0.01
                                                                     and lo < hi) or f.limit == "exact"


# 是…学情分析的点 / 属于教学设计维度: what a clause says a point belongs to.
_BELONGS = re.compile(r"^[^，,。；;]{0,3}(?:是|属于|归|算)[^，,。；;]{0,10}?(学情分析|教学设计|学法指导|学业评价)(?:维度|的点|点|的微能力点|类|$)")




def _items(text: str) -> set[str]:
    """The points and classes of points a clause lists (A1、B1; A类或B类 → A、B)."""
    return set(re.findall(r"(?<![A-Za-z0-9])([ABC](?:[1-9][0-9]?)?)(?![A-Za-z0-9])", text))


def _containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


_COUNT_UNITS = (None, "个", "级", "步", "类", "项", "支", "条", "种", "方面", "部分", "份")


def _is_count(f: Figure) -> bool:
    """A small count (两级, 三条, 四个): summaries say these of lists the evidence spells out."""
    return not isinstance(f.value, tuple) and f.unit in _COUNT_UNITS and float(f.value) <= 10 \
        and float(f.value).is_integer()


def _family(f: Figure) -> str | None:
    from assistant.guard.slots import UNIT_FAMILY

    return UNIT_FAMILY.get(f.unit or "", f.unit)
