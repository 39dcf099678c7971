"""The documents' own sentences as the answer: the best-ranked sentence leads, close runners-up support it.

Whether the documents answer at all is decided from the ranker's calibrated probability for its best sentence,
against a threshold chosen on the dev split (ranker.json), and from whether that sentence fills the asked slot.
"""

from __future__ import annotations

import math
import re
from functools import cached_property

import numpy as np

from assistant.chunking.structure import SECTION_SEP
from assistant.compose.question import Question
from assistant.compose.ranking import Ranked, SentenceRanker, load_calibration
from assistant.compose.reply import Quote, Reply, Statement
from assistant.compose.scope import AnswerScope
from assistant.compose.sentences import Sentence
from assistant.corpus.lexicon import default_lexicon
from assistant.indexing.bm25 import tag
from assistant.rules.numbers import parse_number
from assistant.guard.evidence import Evidence

ROUTES = default_lexicon().routes
_ACTORS = default_lexicon().claims.actor_pattern
_ACTOR_OF = default_lexicon().claims.actor_by_word
_LEVELS = {"province", "city", "county"}
_QUOTED_TERM = re.compile(r"“([^”]{2,8})”")
__all__ = ["ExtractiveAnswerer", "region_label", "ANSWERABILITY_FEATURES", "ALIEN_UNITS"]

ANSWERABILITY_FEATURES = ("score", "vocabulary", "coverage", "novelty", "fills", "in_domain")

MAX_SENTENCES = 3
# A sentence that opens with its date (2023年7月到8月，… / 9月至12月，… / 7月底，…): one step of a schedule.
_DATED = re.compile(r"^\s*(?:(?:(?:19|20)\d{2}\s*年)?\s*\d{1,2}\s*月(?:[初中下上底末]|中旬|上旬|下旬)?[^，,。]{0,14}"
                    r"|(?:19|20)\d{2}\s*年(?:底|末|前)?)[，,]")
# Units a question may ask in that no figure of the documents could answer unless they count in it.
ALIEN_UNITS = ("分钟", "字", "页", "元", "分")
# Slots whose object, when the documents never name it, leaves nothing to answer with (网址是多少, 补考是哪天,
# 在哪下载, 能免修吗); how/what questions are left to the ranker, since their words are more often paraphrase.
_FOCUSED = ("how_many", "when", "where", "may_i")
_PERSON = ROUTES["asks_person"]
_OWN_SCHOOL = re.compile(r"^(我们|咱们|我|俺|你们|那所|这所|某|XX|xx|××)")
SUPPORT_RATIO = 0.75


def region_label(region: str | None, program: str, gazetteer) -> str:
    """How an answer names where its sentence applies: 北京, 江苏, 全国, 广东（提升工程1.0）."""
    if not region or region == "全国":
        label = "全国"
    else:
        place = gazetteer.resolve(region)
        label = place.canonical or region
        if place.known and place.level != "provincial":
            label = re.sub(r"^(.+?省|.+?自治区)", "", label)
            label = re.sub(r"^.+?市(?=.+(市|区|县)$)", "", label)
    return f"{label}（提升工程1.0）" if program == "1.0" else label


class ExtractiveAnswerer:
    """Answers from document sentences (and the external references held as sentences)."""

    def __init__(self, ranker: SentenceRanker, engine, titles: dict[str, str], texts: dict[str, str]) -> None:
        self.ranker = ranker
        self.engine = engine
        self.titles = titles
        self.texts = texts
        self.calibration = load_calibration()

    def _scope_text(self, doc_ids: tuple[str, ...]) -> str:
        key = tuple(sorted(doc_ids))
        cache = self.__dict__.setdefault("_scope_texts", {})
        if key not in cache:
            parts = [self.texts.get(d, "") for d in key] + [s.text for s in self.ranker.index.by_doc.get("external", [])]
            cache[key] = "\n".join(parts)
        return cache[key]

    def assess(self, q: Question, scope: AnswerScope, ranked: list[Ranked]) -> np.ndarray:
        """What answerability is judged on (ANSWERABILITY_FEATURES): the best score; how much of the question's
        vocabulary the governing documents use at all, and the best sentences; the rarest word they never use;
        whether the best sentence fills the asked slot; whether the question speaks of the programme."""
        r = self.ranker
        words = r.nouns(q.topic or q.text)
        expanded = {w: [t for t in r._expand.get(w, []) if len(t) >= 2] for w in words}
        weight = [r.idf(w) for w in words]
        total = sum(weight) or 1.0
        corpus = self._scope_text(scope.doc_ids)
        top = " ".join(x.sentence.text for x in ranked[:3])

        def present(w: str, text: str) -> bool:
            return w in text or any(t in text for t in expanded[w])

        vocabulary = sum(wt for w, wt in zip(words, weight) if present(w, corpus)) / total if words else 1.0
        coverage = sum(wt for w, wt in zip(words, weight) if present(w, top)) / total if words else 1.0
        novelty = max((wt for w, wt in zip(words, weight) if not present(w, corpus)), default=0.0) / r.max_idf
        fills = 1.0 if ranked and r.fills(q, ranked[0].sentence) else 0.0
        score = ranked[0].score if ranked else -10.0
        return np.array([score / 10.0, vocabulary, coverage, novelty, fills, 1.0 if q.in_domain else 0.0])

    def unsettled(self, q: Question, scope: AnswerScope) -> str | None:
        """no_basis / out_of_scope when the documents cannot settle the question: it asks about a topic the
        lexicon lists as one they do not cover (fees, accounts, scores, salaries…) and the governing documents never
        mention; or in a unit they never count in (几分钟, 多少字); or about a year after every year they name."""
        corpus = self._scope_text(scope.doc_ids)
        # 收费 where the documents say 免费: the glossary's word for it settles it.
        kinds = [kind for word, kind in q.unsettled
                 if not self._said(word, kind, q.text, corpus) and not any(t in corpus for t in self.ranker._expand.get(word, []))]
        if kinds:
            # 2.0培训和职称评审有关系吗: a topic outside the programme, asked of the programme by name, is one the
            # documents do not settle; asked alone (评中级职称要啥条件) it is outside what the advisor answers.
            return "out_of_scope" if "out_of_scope" in kinds and not q.program_named else "no_basis"
        units, last_year = self._figures(scope.doc_ids)
        if q.slot == "how_many" and q.unit in ALIEN_UNITS and q.unit not in units:
            return "no_basis"
        years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", q.text)]
        if years and last_year and min(years) > last_year:
            return "no_basis"
        if q.yes_no and self._unheard_figures(q, self._scope_text(scope.doc_ids)) and not self._rival_figure(q, scope):
            return "no_basis"
        if _PERSON.search(q.text):
            return "no_basis"  # the documents name bodies and roles, never the person who holds one
        if self.asks_membership(q, scope):
            return "no_basis"
        if self._other_training(q, corpus):
            return "out_of_scope"
        focused = q.slot in _FOCUSED or (q.slot is None and q.yes_no)
        # 分几个阶段: the slots of a list (阶段, 环节, 模块) are what is counted, not a topic the documents must name.
        focus = [w for w in q.focus if not ROUTES["counted_container"].search(w)]
        if focused and focus and not any(self._mentions(w, corpus, q.text) for w in focus):
            return "no_basis" if q.in_domain else "out_of_scope"
        return None

    @staticmethod
    def _said(word: str, kind: str, text: str, corpus: str) -> bool:
        """Whether the documents speak of the word as the question does. A topic outside the programme (职称) is
        spoken of only where they use it with a neighbour the question gives it too: 正高职称教师 is no answer
        to 评中级职称要啥条件."""
        if word not in corpus:
            return False
        if kind != "out_of_scope" or len(word) >= 4:
            return True  # 年度考核: a compound that long is the documents' own topic wherever they use it
        corpus = re.sub(r"[（）()]", "", corpus)  # 职务（职称）评聘 speaks of 职称评聘
        for m in re.finditer(re.escape(word), text):
            around = [text[max(0, m.start() - 1):m.end()], text[m.start():m.end() + 1]]
            if any(len(x) > len(word) and re.fullmatch(r"[\u4e00-\u9fff]+", x) and x in corpus for x in around):
                return True
        return False

    def _other_training(self, q: Question, corpus: str) -> bool:
        """班主任培训要多少学时: the noun right before 培训 names a training the governing documents never mention."""
        vague = self.ranker._drop
        for m in ROUTES["names_training"].finditer(q.text):
            words = tag(re.split(r"[，,。？?！!；;、\s的]", q.text[max(0, m.start() - 8):m.start()])[-1])
            if not words:
                continue
            word, flag = words[-1]
            if flag == "ns" or re.match(r"指导|团队|机构|者|师", q.text[m.end():m.end() + 2]):
                continue  # 西城区培训指导团队: a place, and a team that trains, name no training
            # The word itself or the glossary's word for it: a training's name is not made of pieces found apart.
            named = word in corpus or any(t in corpus for t in self.ranker._expand.get(word, []))
            if len(word) >= 2 and flag[:1] == "n" and word not in vague and not named:
                return True
        return False

    def asks_membership(self, q: Question, scope: AnswerScope) -> bool:
        """名单里有没有我们学校: whether a school or person is on a list the documents only say is drawn up (a
        school the question names that the governing documents name too may be answerable)."""
        if not ROUTES["on_a_list"].search(q.text):
            return False
        corpus = self._scope_text(scope.doc_ids)
        return not any(m[0] in corpus for m in ROUTES["list_member"].finditer(q.text) if not _OWN_SCHOOL.match(m[0]))

    def _rival_figure(self, q: Question, scope: AnswerScope) -> bool:
        """抽5%的学校就行了吧 where the documents set 10% for that very thing: a wrong premise to correct, not an
        unsettled question. True when the sentence that would answer is probable enough and states a figure in the
        question's unit."""
        asked = {f.unit for f in self.ranker.reader.read(q.text).figures if f.unit}
        ranked = self.candidates(q, scope)
        if not asked or not ranked or self.probability(self.assess(q, scope, ranked)) < self.calibration.threshold:
            return False
        best = ranked[0].sentence.text
        # The sentence must speak of everything the question names (评优秀的比例 is not 抽查的比例).
        named = [w for w, flag in tag(q.topic or q.text)
                 if len(w) >= 2 and (flag[:1] in ("n", "a", "j") or flag == "vn") and not re.search(r"\d", w)]
        if not all(self._mentions(w, best, q.text) for w in named):
            return False
        return any(f.unit in asked for f in self.ranker.reader.read(best).figures)

    def _unheard_figures(self, q: Question, corpus: str) -> bool:
        """A yes/no question that states a figure (只能20%吧) no governing document uses at all."""
        # 一所幼儿园, 一个人: "one" of a thing is an article, not a stated figure.
        figures = [f for f in self.ranker.reader.read(q.text).figures if f.unit in ("%", "学时", "人", "所")
                   and not (f.unit in ("人", "所") and f.value == 1)]
        if not figures:
            return False
        values = self.ranker.reader.read(corpus[:200000]).figures if len(corpus) < 200000 else []
        return all(not any(g.unit and f.matches(g) for g in values) for f in figures)

    def _mentions(self, word: str, corpus: str, question: str = "") -> bool:
        """The documents use the word, an official word the glossary gives for it, most of a compound, or the
        longer word of the question it was cut from (师资库里 → 师资库)."""
        if word in corpus or any(t in corpus for t in self.ranker._expand.get(word, [])):
            return True
        # 报上去审: an everyday phrase the glossary knows (报上去 → 上报、报送) inside the word asked.
        if len(word) >= 3 and any(len(key) >= 2 and key in word and any(t in corpus for t in terms)
                                  for key, terms in self.ranker._expand.items()):
            return True
        at = question.find(word)
        if at >= 0 and any(len(piece) == 3 and piece in corpus
                           for piece in (question[max(0, at - 2):at + 1], question[at + len(word) - 1:at + len(word) + 2])):
            return True
        if any(word in term and meaning and any(w in corpus for w in (term, meaning))
               for term, meaning in self.ranker._defined.items()):
            return True
        if len(word) >= 3:
            grams = {word[i:i + 2] for i in range(len(word) - 1)}
            return sum(g in corpus for g in grams) / len(grams) >= 0.5
        return False

    def _figures(self, doc_ids: tuple[str, ...]) -> tuple[set[str], int | None]:
        """The units the governing documents count in, and the last year they name."""
        key = tuple(sorted(doc_ids))
        cache = self.__dict__.setdefault("_units", {})
        if key not in cache:
            from assistant.guard.slots import UNIT_FAMILY

            units: set[str] = set()
            years: list[int] = []
            for doc in key:
                for s in self.ranker.index.by_doc.get(doc, []):
                    slots = self.ranker.reader.read(s.text)
                    units |= {UNIT_FAMILY.get(f.unit, f.unit) for f in slots.figures if f.unit}
                    years += [d.year for d in slots.dates if d.year]
            for s in self.ranker.index.by_doc.get("external", []):
                units |= {UNIT_FAMILY.get(f.unit, f.unit) for f in self.ranker.reader.read(s.text).figures if f.unit}
            cache[key] = (units, max(years) if years else None)
        return cache[key]

    def probability(self, features: np.ndarray) -> float:
        """Calibrated probability that the documents answer (weights fitted on the dev split)."""
        z = float(features @ self.calibration.weights) + self.calibration.b
        return 1.0 / (1.0 + math.exp(-z))

    def candidates(self, q: Question, scope: AnswerScope) -> list[Ranked]:
        """Ranked sentences of the governing documents (and of the external references for 2.0); a sentence
        that holds what the slot asks (a figure in the asked unit, a date, a body) goes before one that does not
        unless it is clearly worse."""
        docs = set(scope.doc_ids)
        if q.program == "2.0":
            docs.add("external")
        ranked = self.ranker.rank(q, docs)
        if q.slot == "materials" and (_ASKS_OWN.search(q.text) or ("我" in q.text and not _ASKS_AS_BODY.search(q.text))):
            # 我…要交什么: what the teacher submits is said of the teacher; a body's duties about it are not.
            for r in ranked:
                if self.ranker.reader.read(r.sentence.text.split("，")[0]).actors[:1] == ["teacher"]:
                    r.score += self.calibration.margin
            ranked.sort(key=lambda r: -r.score)
        if q.slot in ("how_many", "when", "who") and q.unit != "个":
            bonus = self.calibration.margin
            for r in ranked:
                if self.ranker.fills(q, r.sentence):
                    r.score += bonus
            ranked.sort(key=lambda r: -r.score)
        return ranked

    def evidence(self, s: Sentence) -> Evidence:
        """The sentence as evidence for the verifier, with its document's region and programme."""
        if s.doc_id == "external":
            return Evidence(s.text, region="全国", program="2.0")
        doc = next((d for d in self.engine.documents if d.id == s.doc_id), None)
        around = "".join(n.text for n in self.ranker.index.neighbours(s, 0, 0))
        return Evidence(around, doc.title if doc else None, s.doc_id,
                        self.engine.gazetteer.resolve(doc.region).canonical if doc else None,
                        doc.program if doc else None, doc.doc_no if doc else None)

    def statement(self, s: Sentence, q: Question, lead: bool, labelled: bool | None = None) -> Statement:
        """One sentence as a statement; the external references say where they come from."""
        if s.doc_id == "external":
            rule = self.ranker.index.rules.get(s.i)
            ref = rule.reference if rule else "外部参考"
            text = f"外部参考（{ref}，语料未收录原文）：{s.text.rstrip('。')}。"
            message = rule.message if rule else s.text
            return Statement(text, evidence=[Evidence(message, region="全国", program="2.0",
                                                      doc_no=rule.reference if rule else None)],
                             rule_id=rule.id if rule else None, fills=self.ranker.answers(q, s), lead=lead)
        text = s.text.rstrip("；;，,：: ")
        if s.table:
            text = _with_table_unit(text)
        text = text if text.endswith(("。", "！", "？")) else text + "。"
        if lead if labelled is None else labelled:
            label = region_label(s.region, s.program, self.engine.gazetteer)
            text = f"{label}：{text}"
        return Statement(text, evidence=[self.evidence(s)], quote=Quote(s.doc_id, s.start, s.end),
                         rule_id=self._rule(s), fills=self.ranker.answers(q, s), lead=lead)

    def _rule(self, s: Sentence) -> str | None:
        squash = re.sub(r"\s+", "", self.texts.get(s.doc_id, "")[s.start:s.end])
        for rule in self.engine.all_rules:
            if rule.source and rule.source.doc_id == s.doc_id and re.sub(r"\s+", "", rule.source.quote) in squash:
                return rule.id
        return None

    def answer(self, q: Question, scope: AnswerScope) -> Reply:
        """The best sentence and close runners-up; status no_basis when nothing is probable enough."""
        ranked = self.candidates(q, scope)
        if not ranked:
            return Reply(status="no_basis", confidence=0.0, source="documents")
        best = ranked[0]
        confidence = self.probability(self.assess(q, scope, ranked))
        if best.sentence.table:
            # A table's cells make a poor first sentence: a close sentence of prose leads, the table supports.
            prose = next((r for r in ranked[1:4] if not r.sentence.table
                          and r.score >= best.score - self.calibration.margin), None)
            if prose is not None:
                best = prose
                ranked = [prose] + [r for r in ranked if r is not prose]
        local = set(scope.local_doc_ids)
        if local and best.sentence.doc_id not in local:
            # The most local document wins: a close sentence of the place's own document that fills the asked slot
            # as well leads before a national one (瓦房店 到2023年末 before the national 到2022年).
            fills = self.ranker.fills(q, best.sentence)
            near = next((r for r in ranked[1:4] if r.sentence.doc_id in local
                         and r.score >= best.score - self.calibration.margin
                         and (self.ranker.fills(q, r.sentence) or not fills)), None)
            if near is not None:
                best = near
                ranked = [near] + [r for r in ranked if r is not near]
        if q.slot in _FILLED_SLOTS and not self.ranker.fills(q, best.sentence):
            # 一划两案啥时候交: the best sentence names the topic and no date; a close one that gives the date of
            # what the question names (its defined words too) leads instead.
            words = [w for w in self.ranker.words(q.topic or q.text) + self.ranker.words(q.context_topic or "")
                     if len(w) >= 2]
            cover = lambda r: sum(w in r.sentence.text for w in words)
            # …from the place's own documents when the best sentence is of them: a national sentence naming 平台
            # does not say where 瓦房店's teachers study.
            close = [r for r in ranked[1:5] if self.ranker.fills(q, r.sentence)
                     and r.score >= best.score - 2 * self.calibration.margin and cover(r) >= max(0.6 * cover(best), 1)
                     and (best.sentence.doc_id not in local or r.sentence.doc_id in local)]
            if close:
                pick = max(close, key=lambda r: (cover(r), r.score))
                ranked = [pick] + [r for r in ranked if r is not pick]
                best = pick
        duty = self._duty_of(q, ranked, best) or self._doer_of(q, ranked, best) or self._list_of(q, ranked, best) \
            or self._kinds_of(q, ranked, best) or self._recipient_of(q, ranked, best)
        if duty is not None:
            ranked = [duty] + [r for r in ranked if r is not duty]
            best = duty
        limit = MAX_SENTENCES if not q.parts else 2
        chosen = [best.sentence]
        # A sentence that names its topic but leaves the asked slot to its neighbour ("2023年7月到8月，…。
        # 市项目办统一组织…培训。"; "“两个考核”“四个能力”" followed by the list) brings that neighbour along.
        if not self.ranker.fills(q, best.sentence) or _introduces(best.sentence.text) or _counts_items(best.sentence.text):
            for n in self._slot_neighbours(q, best.sentence):
                chosen.append(n)
        # 启动阶段学校都干啥: a dated step's whole paragraph says what is done in it.
        chosen.extend(n for n in self._rest_of_step(q, best.sentence) if n not in chosen)
        # 经费谁负责: a sentence of the best one's own section that names the question's rarest word is a part of
        # the same answer, though it scores a little further behind.
        words = [w for w in self.ranker.words(q.topic or q.text) if len(w) >= 2 and w in q.text]
        rarest = max(words, key=self.ranker.idf, default="")
        for r in ranked[1:]:
            if len(chosen) >= limit:
                break
            if r.score < best.score - self.calibration.margin:
                kin = r.sentence.heading == best.sentence.heading and r.sentence.doc_id == best.sentence.doc_id \
                    and rarest and rarest in r.sentence.text and rarest in best.sentence.text
                if not kin or r.score < best.score - 2 * self.calibration.margin:
                    continue
            if any(r.sentence.text in c.text or c.text in r.sentence.text for c in chosen):
                continue
            chosen.append(r.sentence)
        venue = self._venue(q, ranked, chosen)
        if venue is not None:
            chosen.insert(1, venue)
        for n in self._sent_to(q, chosen, scope) + self._other_levels(q, chosen):
            if n not in chosen:
                chosen.append(n)
        terms = self._quoted_terms(q, best.sentence)
        if terms:
            chosen = terms  # 进口、过程、出口各指啥: the sentence that quotes each term, in the document's order
        # A supporting sentence from another region's document says whose it is (鼓楼区 leads, 江苏 follows).
        timeline = self._timeline(q, best.sentence) or next(
            (t for r in ranked[1:5] if r.sentence.doc_id == best.sentence.doc_id
             for t in [self._timeline(q, r.sentence)] if t), []) or self._whole_timeline(q, best.sentence)
        if timeline:
            chosen = timeline  # 从启动到考核咋安排的: every dated step of the section, in order
        statements = [self.statement(s, q, lead=(i == 0), labelled=i == 0 or s.region != chosen[0].region)
                      for i, s in enumerate(chosen)]
        if (_introduces(best.sentence.text) or _counts_items(best.sentence.text)) and len(chosen) > 1 and \
                chosen[1].position > best.sentence.position and chosen[1].heading.startswith(best.sentence.heading):
            statements[0].fills = True  # the items it announces follow it: together they say what was asked
        announced = self._announced(best.sentence)
        if announced is not None:
            # 分四个阶段实施： — the headings it announces are the answer; the lines under the first one are not.
            chosen = [best.sentence]
            statements = [self.statement(best.sentence, q, lead=False, labelled=False)]
        listing = self._listing(q, best.sentence) or announced
        if listing is not None:
            # The list leads; what it already says is not said again.
            statements = [self.statement(c, q, lead=False) for c in chosen
                          if c.text.rstrip("。") not in listing.text]
            statements.insert(0, listing)
        if q.slot == "when" and not any(self.ranker.fills(q, c) for c in chosen):
            dated = self._dated_heading(best.sentence)
            if dated is not None:
                statements.insert(0, dated)  # 试点阶段是啥时间: the date is in the heading the sentence sits under
        reply = Reply(statements, "answered", confidence, "documents")
        reply.ranked = ranked  # type: ignore[attr-defined]
        return reply

    def _venue(self, q: Question, ranked: list[Ranked], chosen: list[Sentence]) -> Sentence | None:
        """在什么平台上学: when no chosen sentence names the kind of place asked for (平台), the best-ranked sentence
        of the same document that names one and a word of the question."""
        m = ROUTES["asks_venue"].search(q.text)
        if m is None or any(m[1] in s.text for s in chosen):
            return None
        words = [w for w in self.ranker.words(q.topic or q.text) if len(w) >= 2 and w != m[1]]
        return next((r.sentence for r in ranked[1:] if r.sentence.doc_id == chosen[0].doc_id
                     and m[1] in r.sentence.text and any(w in r.sentence.text for w in words)), None)

    def _quoted_terms(self, q: Question, best: Sentence) -> list[Sentence]:
        """Two or more terms the best sentence's section writes in quotes (抓严“进口”…抓牢“过程”…抓实“出口”) named
        by the question: the sentence of the section that quotes each, in order; [] otherwise."""
        found = {}
        for term, s in self._quoted_by_section.get((best.doc_id, best.heading), []):
            if term in q.text and term not in found:
                found[term] = s
        picked = list(dict.fromkeys(found.values()))
        return sorted(picked, key=lambda s: s.position) if len(found) >= 2 and len(picked) >= 2 else []

    @cached_property
    def _quoted_by_section(self) -> dict[tuple[str, str], list[tuple[str, Sentence]]]:
        """(document, heading) → the terms its sentences write in quotes, each with its sentence, in order."""
        out: dict[tuple[str, str], list[tuple[str, Sentence]]] = {}
        for doc, sentences in self.ranker.index.by_doc.items():
            for s in sentences:
                for term in _QUOTED_TERM.findall(s.text):
                    out.setdefault((doc, s.heading), []).append((term, s))
        return out

    def _sent_to(self, q: Question, chosen: list[Sentence], scope: AnswerScope) -> list[Sentence]:
        """学校要往市项目办报啥: what the best sentence's document says goes to the body named (…报市项目办备案,
        …提交市项目办, …上报市项目办), in the document's order — when the question asks what is handed in."""
        if q.slot != "materials":
            return []
        body = next((m[0] for m in _ACTORS.finditer(q.text)
                     if ROUTES["sends_to"].search(q.text[max(0, m.start() - 3):m.start()])), None)
        if body is None:
            return []
        goes = re.compile(rf"{ROUTES['sent_sentence'].pattern}{re.escape(body)}")
        doc = chosen[0].doc_id
        return [s for s in self.ranker.index.by_doc.get(doc, []) if goes.search(s.text)][:3]

    def _other_levels(self, q: Question, chosen: list[Sentence]) -> list[Sentence]:
        """考核方案省里定还是市里定？县里干啥: the question names several levels of government; the sentences close to
        the best one (its section) whose subject is a named level the chosen ones leave out answer for that level."""
        asked = {_ACTOR_OF[m[0]].id for m in _ACTORS.finditer(q.text)} & _LEVELS
        if len(asked) < 2:
            return []
        subject = lambda s: next((_ACTOR_OF[m[0]].id for m in _ACTORS.finditer(s.text) if m.start() <= 2), None)
        missing = asked - {subject(s) for s in chosen}
        best = chosen[0]
        return [n for n in self.ranker.index.neighbours(best, 3, 3)
                if n.heading == best.heading and n not in chosen and subject(n) in missing]

    def _duty_of(self, q: Question, ranked: list[Ranked], best: Ranked) -> Ranked | None:
        """省教研室主要管什么: a close sentence where the body asked about is followed by what it does (省教研室主要
        负责督导、考核) leads, when the best sentence only names the body among others."""
        asks = ROUTES["asks_duty"].search(q.text)
        if not asks:
            return None
        actors = [m[0] for m in _ACTORS.finditer(q.text[:asks.start()])]
        if not actors:
            return None
        names = sorted(_ACTOR_OF[actors[-1]].words, key=len, reverse=True)  # 高校 is 高等院校 in the documents
        does = re.compile(rf"(?:{'|'.join(map(re.escape, names))})[^，,。；;、]{{0,2}}{ROUTES['duty_sentence'].pattern}")
        if does.search(best.sentence.text):
            return None
        return next((r for r in self._close(ranked, best, 5, 2) if does.search(r.sentence.text)), None)

    def _close(self, ranked: list[Ranked], best: Ranked, upto: int, margins: int) -> list[Ranked]:
        """The runners-up among the first `upto` candidates scoring within `margins` calibration margins of the
        best: the ones close enough to lead in its place when they say what it leaves unsaid."""
        return [r for r in ranked[1:upto] if r.score >= best.score - margins * self.calibration.margin]

    def _doer_of(self, q: Question, ranked: list[Ranked], best: Ranked) -> Ranked | None:
        """最后谁组织实施: a close sentence where a body is followed, in the same clause, by the very action asked
        about (县级教育行政部门组织实施…) leads, when the best sentence gives a body doing something else (地（市）级
        …制订…细则)."""
        if q.slot != "who":
            return None
        asked = _WHO_DOES.search(q.text)
        if not asked:
            return None
        does = re.compile(rf"(?:{_ACTORS.pattern})[^，,。；;：:]{{0,8}}?{re.escape(asked[1])}")
        if does.search(best.sentence.text):
            return None
        doers = [r for r in self._close(ranked, best, 8, 3) if does.search(r.sentence.text)]
        # …the one naming most of what was asked (考核 in 谁组织考), the closer first.
        own = [w for w in self.ranker.words(q.topic or q.text) if len(w) >= 2]
        return max(doers, key=lambda r: (sum(w in r.sentence.text for w in own), r.score), default=None)

    def _recipient_of(self, q: Question, ranked: list[Ranked], best: Ranked) -> Ranked | None:
        """交给谁: a close sentence where something goes to a body (…报市项目办备案) leads, naming most of what was
        asked (with the words of the question it follows), when the best sentence sends nothing anywhere."""
        if not ROUTES["asks_recipient"].search(q.text):
            return None
        goes = re.compile(rf"{ROUTES['sent_sentence'].pattern}(?:{_ACTORS.pattern})")
        if goes.search(best.sentence.text):
            return None
        words = [w for w in self.ranker.words(q.topic or q.text) + self.ranker.words(q.context_topic or "")
                 if len(w) >= 2]
        sent = [r for r in self._close(ranked, best, 8, 3) if goes.search(r.sentence.text)]
        return max(sent, key=lambda r: (sum(self._mentions(w, r.sentence.text) for w in words), r.score), default=None)

    def _list_of(self, q: Question, ranked: list[Ranked], best: Ranked) -> Ranked | None:
        """要做哪几个方案: a close sentence listing several of the thing counted (发展规划、校本研修及考核方案) leads,
        when the best sentence lists none."""
        counted = _WHICH_ONES.search(q.text)
        if not counted or ROUTES["names_point"].search(q.text):
            return None  # (哪几个微能力点: the catalogue's to answer)
        lists = re.compile(rf"[^，,。；;：:]{{2,24}}、[^，,。；;：:]{{2,24}}(?:、|和|及|与|以及)[^，,。；;：:]{{0,24}}?"
                           rf"{re.escape(counted[1])}")
        if lists.search(best.sentence.text):
            return None
        return next((r for r in self._close(ranked, best, 6, 3) if r.sentence.doc_id == best.sentence.doc_id
                     and not r.sentence.table and lists.search(r.sentence.text)), None)

    def _kinds_of(self, q: Question, ranked: list[Ranked], best: Ranked) -> Ranked | None:
        """测评分哪几种: a candidate where the asked thing is said to comprise listed kinds (能力测评包括诊断测评、
        培训测评、发展测评) leads, when the best sentence does not say so of it."""
        content = lambda text: [w for w in self.ranker._segment(text) if len(w) >= 2 and w not in self.ranker._drop]
        asked = ROUTES["asks_kinds"].search(q.text)
        after = ROUTES["kinds_after"].search(q.text)  # 有好几种测评 具体是哪几种: the thing after 几种
        before = content(asked[1]) if asked else []
        thing = before[-1] if before else next(iter(content(after[1])), None) if after else None
        if thing is None:
            return None
        lists = re.compile(rf"{re.escape(thing)}[^，,。；;]{{0,4}}?{ROUTES['lists_kinds'].pattern}")
        if lists.search(best.sentence.text):
            return None
        return next((r for r in ranked[1:] if not r.sentence.table and lists.search(r.sentence.text)), None)

    def _rest_of_step(self, q: Question, s: Sentence) -> list[Sentence]:
        """The sentences after a dated step's first one in its paragraph (2023年7月到8月，启动…。市项目办…。各学校…),
        when the question asks what is done then."""
        if s.doc_id == "external" or not _DATED.match(s.text) or not ROUTES["asks_activities"].search(q.text):
            return []
        body = self.texts.get(s.doc_id, "")
        out, last = [], s
        for n in sorted((n for n in self.ranker.index.by_doc.get(s.doc_id, [])
                         if n.heading == s.heading and n.position > s.position), key=lambda n: n.position):
            if "\n" in body[last.end:n.start] or _DATED.match(n.text) or len(out) >= 3:
                break
            out.append(n)
            last = n
        return out

    def _dated_heading(self, s: Sentence) -> Statement | None:
        """The nearest heading above the sentence that carries a date (试点阶段（2014年9月—2015年5月）), as a
        statement resting on that heading's own line."""
        if s.doc_id == "external":
            return None
        body = self.texts.get(s.doc_id, "")
        for path, a, b in sorted(self.ranker.index.headings.get(s.doc_id, []), key=lambda h: -len(h[0])):
            if not s.heading.startswith(SECTION_SEP.join(path)) or not _HEADING_DATE.search(path[-1]):
                continue
            line = _LABEL_MARK.sub("", body[a:b].strip()).rstrip("。")
            return self._lines_statement(s, f"{line}。", body[a:b], a, b)
        return None

    def _timeline(self, q: Question, s: Sentence) -> list[Sentence]:
        """"从启动到考核大概是咋安排的": when the best sentence is one dated step of a section of steps (2023年7月到
        8月，…; 2023年9月到11月中旬，…), all the section's dated steps in order."""
        if not ROUTES["asks_schedule"].search(q.text) or s.doc_id == "external" or not _DATED.match(s.text):
            return []
        steps = sorted((n for n in self.ranker.index.by_doc.get(s.doc_id, [])
                        if n.heading == s.heading and _DATED.match(n.text)), key=lambda n: n.position)
        return steps if 2 <= len(steps) <= 8 else []

    def _whole_timeline(self, q: Question, s: Sentence) -> list[Sentence]:
        """整个时间是咋安排的, naming no step: the dated steps of the best sentence's document, when one section
        of it holds them all."""
        if not ROUTES["asks_schedule"].search(q.text) or s.doc_id == "external" \
                or any(not ROUTES["schedule_nouns"].fullmatch(w) for w in self.ranker.nouns(q.topic or q.text)):
            return []
        dated = [n for n in self.ranker.index.by_doc.get(s.doc_id, []) if _DATED.match(n.text)]
        sections = {n.heading for n in dated}
        if len(sections) != 1:
            return []
        return self._timeline(q, dated[0])

    def named_listing(self, q: Question, scope: AnswerScope) -> Statement | None:
        """"江苏意见的基本原则有哪几条": a heading of a governing document the question names, listed by the
        headings right under it."""
        if not _ENUMERATES.search(q.text):
            return None
        index = self.ranker.index
        for doc_id in scope.doc_ids:
            for path, _, _ in index.headings.get(doc_id, []):
                label = _LABEL_MARK.sub("", path[-1]).strip("。 ")
                if len(label) >= 3 and label in q.text:
                    items = index.children(doc_id, path)
                    if 2 <= len(items) <= 8:
                        first = next((x for x in index.by_doc.get(doc_id, []) if x.start >= items[0][1]), None)
                        if first is not None:
                            return self._listing_of(first, path, items)
        return None

    def _listing(self, q: Question, s: Sentence) -> Statement | None:
        """"基本原则有几条？分别是啥": the headings of the list the best sentence belongs to, in order — when the
        list's own heading is what the question is about."""
        if not _ENUMERATES.search(q.text) or s.doc_id == "external":
            return None
        parent, items = self.ranker.index.siblings(s)
        if len(items) < 2 or len(items) > 8:
            return None
        topic = _LABEL_MARK.sub("", parent[-1]) if parent else ""
        if not any(w in topic for w in self.ranker.nouns(q.topic or q.text)):
            return None  # 方案、细则、组织实施分别是哪一级: not a request for the items of 实施流程
        return self._listing_of(s, parent, items)

    def _announced(self, s: Sentence) -> Statement | None:
        """"我省“提升工程”分四个阶段实施：" with the stages as the headings right under it: those headings are
        what the sentence announces, listed (each with what its heading says, dates included)."""
        if s.doc_id == "external" or not s.text.rstrip().endswith(("：", ":")):
            return None
        index = self.ranker.index
        own = next((p for p, _, _ in index.headings.get(s.doc_id, []) if SECTION_SEP.join(p) == s.heading), None)
        items = index.children(s.doc_id, own) if own else []
        counted = {parse_number(m[1]) for m in re.finditer(r"([两二三四五六七八九十\d]+)[个项条支类种大]", s.text)}
        if not 2 <= len(items) <= 8 or len(items) not in counted:
            return None  # the headings under it are not the ones it counts
        return self._listing_of(s, own, items)

    def _listing_of(self, s: Sentence, parent: tuple[str, ...], items: list[tuple[str, int, int]]) -> Statement:
        """The items as one statement resting on their own lines."""
        body = self.texts.get(s.doc_id, "")
        # An item written as one numbered sentence is shown whole; a long paragraph by its heading.
        labels = [_LABEL_MARK.sub("", body[a:b].strip() if len(body[a:b].strip()) <= 80 else label).rstrip("。")
                  for label, a, b in items]
        topic = _LABEL_MARK.sub("", parent[-1]).rstrip("。") if parent else ""
        text = f"{topic}共{len(labels)}项：" + "；".join(f"{i}. {x}" for i, x in enumerate(labels, 1)) + "。"
        evidence = "\n".join([topic, *[body[a:b] for _, a, b in items], f"共{len(labels)}项"])
        return self._lines_statement(s, text, evidence, items[0][1], items[-1][2])

    def _lines_statement(self, s: Sentence, text: str, evidence: str, start: int, end: int) -> Statement:
        """A leading statement, labelled with the sentence's place, resting on lines of its document (start–end)."""
        doc = next((d for d in self.engine.documents if d.id == s.doc_id), None)
        region = self.engine.gazetteer.resolve(doc.region).canonical if doc else None
        label = region_label(s.region, s.program, self.engine.gazetteer)
        return Statement(f"{label}：{text}", evidence=[Evidence(evidence, doc.title if doc else None, s.doc_id, region,
                                                                  doc.program if doc else None)],
                         quote=Quote(s.doc_id, start, end), fills=True, lead=True)

    def _slot_neighbours(self, q: Question, s: Sentence) -> list[Sentence]:
        """The nearest sentences of the same section that fill the slot the best sentence leaves open (or,
        after a sentence that introduces a list, the items that follow)."""
        if s.doc_id == "external":
            return []
        around = [n for n in self.ranker.index.neighbours(s, 2, 4) if n.heading == s.heading and n.i != s.i]
        ordinals = [n for n in self.ranker.index.neighbours(s, 0, 6) if n.position > s.position
                    and n.heading == s.heading and _ORDINAL.match(n.text)]
        if ordinals and ordinals[0].position == s.position + 1 or (ordinals and _ORDINAL.match(s.text)):
            return ordinals[:4]  # 两支队伍…。一是…。二是…。: the items it counts follow it
        if _introduces(s.text):
            # The list it announces may be numbered items, each under its own heading within this section.
            after = [n for n in self.ranker.index.neighbours(s, 0, 4) if n.position > s.position
                     and n.doc_id == s.doc_id and (n.heading == s.heading or n.heading.startswith(s.heading))]
            return after[:4]
        fit = [n for n in around if self.ranker.fills(q, n)]
        # The paragraph's own time or actor ("2023年9月到11月中旬，…；…；市项目办开展下校指导") before a nearer one
        # of the next paragraph.
        body = self.texts.get(s.doc_id, "")

        def apart(n: Sentence) -> bool:
            a, b = sorted((n.end, s.start)) if n.end <= s.start else sorted((s.end, n.start))
            return "\n" in body[a:b]

        fit.sort(key=lambda n: (apart(n), abs(n.position - s.position), n.position))
        return fit[:1]


_ENUMERATES = ROUTES["enumerates"]
# 哪几个方案, 哪些材料: the thing whose several kinds are asked for (two characters).
_WHICH_ONES = ROUTES["which_ones"]
# 谁组织实施, 由谁来审核: the action a who-question asks the doer of (two characters: 组织, 审核, 制定).
_WHO_DOES = ROUTES["who_does"]
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、是]|其[一二三四五])")
_LABEL_MARK = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*")


_BARE_FIGURE = re.compile(r"（(\d+(?:\.\d+)?)）(?=；|$)")
_HEADER_UNIT = re.compile(r"[（(](?:总)?(学时|课时|小时)数?[）)]")


def _with_table_unit(text: str) -> str:
    """A table's cells with the unit its header gives (学习内容（总学时数）… 专题课程（20） → 专题课程（20学时）), so a
    figure read alone still says what it counts."""
    cells = text.split("；")
    units = {m[1] for c in cells[:6] for m in _HEADER_UNIT.finditer(c)}
    if len(units) != 1:
        return text
    unit = units.pop()
    return "；".join(_BARE_FIGURE.sub(lambda m: f"（{m[1]}{unit}）", c) for c in cells)


def _counts_items(text: str) -> bool:
    """A sentence that counts what the next ones list (把着力点放在两支队伍的建设上。一是…二是…)."""
    return bool(re.search(r"[两二三四五六七八九十\d][个项条支类种大]", text))


_HEADING_DATE = re.compile(r"(?:19|20)\d{2}\s*年|\d{1,2}\s*月")
_ASKS_OWN = ROUTES["asks_own"]
_ASKS_AS_BODY = ROUTES["asks_as_body"]
_FILLED_SLOTS = ("when", "how_many", "who", "where", "consequence")


def _introduces(text: str) -> bool:
    """A sentence that only announces what follows (主要任务如下：, a bare list of names)."""
    return bool(ROUTES["introduces"].search(text)) or (len(text) <= 40 and "“" in text and
                                                            not re.search(r"[，,。]", text))
