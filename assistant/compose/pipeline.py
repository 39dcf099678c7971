"""The answer pipeline: understand → resolve the jurisdiction once → answer each sub-question from the source that
fits its slot → guard → render.

Sources, by what is asked: the catalogue (what a point is, codes that do not exist, 1.0 course codes), the rule
engine (may I choose these points, what an environment allows, 文号 and dates of the documents), the case library
(examples), and otherwise the documents' own sentences. Whether the documents answer at all is decided from the
sentence ranker's calibrated probability, not from word lists. Refusals (attacks, out of scope, no basis) are
decided in code, and no model is called for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from assistant.compose.cases import CaseAnswerer, asks_example
from assistant.compose.catalogue import DIMENSIONS, CatalogueAnswerer, asks_lookup, asks_summary, card
from assistant.compose.citations import CitationBook
from assistant.compose.documents import DocumentAnswerer, asks_document
from assistant.compose.eligibility import EligibilityAnswerer, asks_environment, asks_selection
from assistant.compose.extractive import ALIEN_UNITS, ExtractiveAnswerer
from assistant.compose.question import Question, QuestionReader
from assistant.compose.reply import Reply, Statement
from assistant.compose.scope import AnswerScope, resolve_scope
from assistant.corpus.lexicon import alternation, default_lexicon
from assistant.indexing.bm25 import segment, tag
from assistant.guard.clauses import split_clauses
from assistant.guard.evidence import Evidence
from assistant.guard.guard import REFUSAL, Guard
from assistant.guard.slots import UNIT_FAMILY
from assistant.guard.verifier import ClaimVerifier
from assistant.timing import timed
from assistant.types import Answer, GuardReport

ROUTES = default_lexicon().routes
_COVERAGE = default_lexicon().questions.coverage
_CONTRAST = default_lexicon().questions.contrast
_TARGETS = ("schedule.completion", "schedule.batches")  # the dated shares a place sets
_SPLITS_TOTAL = ("hours.practice", "hours.practice_ratio")  # how a document splits its total hours
# Words of a question about the hours as a whole (学时要求是多少): with them gone, nothing is left to ask about.
_HOURS_WORDS = ROUTES["hours_words"]
_DIFFERENCE_ASKED = alternation(_CONTRAST.difference)
_SAME_ASKED = alternation(_CONTRAST.same)
_TOTAL_BEFORE = re.compile(rf"(?:{alternation(_CONTRAST.total).pattern})[^，,。；;其]{{0,6}}$")
_OPENS_WITH_YEAR = re.compile(r"\s*(?:19|20)\d{2}\s*年")
_ASKS_WHO_TAKES_PART = re.compile(r"(?:覆盖|包括|包含|面向|针对)(?:哪些|什么|啥|哪几类|哪类)(?:学段|老师|教师|人|学校)"
                                  r"|培训对象|(?:哪些|什么|啥)(?:老师|教师|人)(?:要|得|需要|必须)?参加|谁(?:要|得|需要)参加")
_ASKS_INCLUDED = alternation(_COVERAGE.included)

_SEEKING = ROUTES["seeking_place"]


def _leans_back(text: str) -> bool:
    """A short sub-question that points back at the one before (超了会不会…, 那…, 这样…)."""
    return len(text) <= 14 and bool(ROUTES["leans_back"].match(text))


def _counts_in(text: str, unit: str) -> bool:
    """The text gives a figure in the unit (25学时, 十分钟, 10%; a length of time for 时长)."""
    if unit == "时长":
        # 每门至少学多长: a length of time, or a share of the whole length (不低于总时长的2/3)
        return bool(re.search(rf"(?<![0-9]){_NUMBER}\s*个?\s*(?:天|周|星期|个月|小时|分钟|学时|学期|学年)", text)
                    or re.search(r"时长的\s*(?:[0-9]+\s*/\s*[0-9]+|[一二两三四五六七八九十]+分之[一二两三四五六七八九十]+|[0-9]+\s*[%％])", text))
    if unit == "%":
        return bool(re.search(r"[0-9]\s*[%％]|百分之", text))
    return bool(re.search(rf"{_NUMBER}\s*个?\s*{re.escape(unit)}", text))


def _unsettled_part(text: str) -> Statement:
    """The note for a part of the message no sentence was found to answer: said as not found (the documents may
    still speak of it in words the advisor did not match), with where to ask."""
    return Statement(f"关于“{text}”，在所收录的文件中没有找到直接的规定，{WHERE_TO_ASK}", kind="note")


def _figures_said(text: str, said: str) -> bool:
    """Every figure of the text (50, 50%) is in what is said already; False for a text with none."""
    figures = re.findall(r"\d+(?:\.\d+)?%?", _bare(text))
    return bool(figures) and all(f in said for f in figures)


def _hours(text: str) -> list[str]:
    """The figures in hours a text gives (50学时), as said with spaces and punctuation taken out."""
    return re.findall(r"\d+学时", _bare(text))


def _points_spelled(text: str) -> str:
    """选1个点: a count of 点 in a question about choosing is a count of micro-abilities, spelled so for the rules."""
    return re.sub(r"([0-9一二两三四五六七八九十])\s*个点", r"\1个微能力点", text)


def _bare(text: str) -> str:
    """The text without spaces, punctuation and dashes: what two sayings of one sentence share."""
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z%]", "", text)


class _AsSentence:
    """A statement's text where the ranker's slot test expects a sentence."""

    def __init__(self, text: str) -> None:
        self.text = text


__all__ = ["AnswerPipeline", "Collaborators", "OUT_OF_SCOPE", "ATTACK_REPLY", "NO_BASIS", "MAX_HISTORY",
           "RECOMMEND_HINT", "DRAFT_HINT"]

_EXTERNAL = re.compile(r"^外部参考（([^）]*)）：")
# 有15个, 三个: a count of things stated in the question.
_A_COUNT = re.compile(r"[0-9一二两三四五六七八九十]+\s*个")
# A day in an answer (8月30日, 30号): what a question asking for the day of a deadline needs.
_DAY = re.compile(r"(?<![0-9])(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")
# A time of day (9点, 17:00): what a question asking 几点 needs.
_CLOCK = re.compile(r"(?<![0-9])(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[点時时](?:[0-9]{1,2}分|半|整)?|[0-9]{1,2}:[0-9]{2}")
# A question naming nothing of the programme is out of scope when its best sentences mention less than this share
# of its nouns and the answerability model gives its answer less than this probability (chosen on the dev splits:
# no in-scope dev question is below both).
ELSEWHERE_COVERAGE = 0.5
ELSEWHERE_CONFIDENCE = 0.35
# 咋分的, 怎么构成, 分别多少: the question asks how a figure splits.
_SPLIT_ASKED = re.compile(r"(?:咋|怎么|如何|怎样|具体)(?:分|划分|构成|组成|拆)|分别(?:是|占|算)?多少")
# 线下校本研修与校本应用考核25学时: a figure stated as the sum of two things.
_SUM_OF_TWO = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:与|和|及)([\u4e00-\u9fff]{2,10}?)\s*(\d+)\s*(学时|学分|%)")
# Units a figure must be given in to answer "how many" in them; a share (50%实践应用学时) answers 学时 too. Counts
# of people and schools are left to the figures themselves (110万名教师, 60%的学校).
_COUNTED_UNITS = ("学时", "学分", "次", "元", "分钟", "分", "字", "页", "时长")
_NUMBER = r"(?:[0-9０-９]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千半]+)"
_LABEL = re.compile(r"^([^：:，,。]{1,24})：")
OUT_OF_SCOPE = ("这个问题不在我能回答的范围内。我可以解答中小学教师信息技术应用能力提升工程2.0的政策问题（学时、"
                "微能力点选择、校本应用考核等），也可以帮你推荐微能力点、起草设计方案和教学反思的提纲。")
ATTACK_REPLY = "我只能依据收录的政策文件回答提升工程2.0的相关问题，不能执行修改规则、扮演其他角色或透露内部设定的要求。"
NO_BASIS = "所收录的政策文件没有对这个问题作出规定，为避免误导，暂不作答。"
WHERE_TO_ASK = "建议向所在区县或学校的提升工程负责人核实。"
RECOMMEND_HINT = "如需按你的情况挑选微能力点，可以用“微能力推荐”功能。"
DRAFT_HINT = "设计方案和教学反思的提纲可以用“设计方案与反思”功能生成。"
MAX_HISTORY = 20


@dataclass
class Collaborators:
    """What the pipeline needs, handed over by whoever builds it (the Advisor, or a test)."""

    engine: object
    reader: QuestionReader
    extractive: ExtractiveAnswerer
    catalogue: CatalogueAnswerer
    eligibility: EligibilityAnswerer
    documents: DocumentAnswerer
    cases: CaseAnswerer
    verifier: ClaimVerifier
    book: object  # () -> CitationBook
    recommend: object = None  # (text, region) -> Recommendation
    llm: object = None


class AnswerPipeline:
    """One question in, one checked answer out."""

    def __init__(self, parts: Collaborators) -> None:
        self.p = parts
        self.engine = parts.engine
        self.guard = Guard(parts.engine, parts.verifier, parts.extractive.texts)

    # -- routing ---------------------------------------------------------------------------------------
    def route(self, q: Question) -> str:
        """Which source answers a single question: unknown_code, legacy_code, example, selection, environment,
        catalogue, document or sentences."""
        if q.bad_codes:
            return "unknown_code"
        if q.legacy_codes and not q.codes:
            return "legacy_code"
        if asks_example(q) or self._example_follow_up(q):
            return "example"
        if ROUTES["names_case"].search(q.text) and not any(kind == "out_of_scope" for _, kind in q.unsettled) \
                and self._named_case(q.text):
            return "named_case"  # 校园雨水那个项目是哪几门学科: a case the teacher names, not a policy question
        if asks_selection(q) and q.program == "2.0":
            return "selection"
        if asks_environment(q) and not q.codes and q.program == "2.0":
            return "environment"
        if q.codes and q.program == "2.0":
            return "catalogue"
        if (asks_summary(q) or self._counts_classes(q)) and q.program == "2.0" and self._about_catalogue(q) \
                and q.slot not in ("who", "when", "where"):  # 能选哪些点是谁定的: asks who, not what the points are
            return "summary"
        if asks_lookup(q) and q.program == "2.0":
            return "lookup"
        if asks_document(q):
            return "document"
        stated = self._stated(q)
        if stated and not self._asks_beside(q, stated):
            return "figures"
        return "sentences"

    @staticmethod
    def _example_follow_up(q: Question) -> bool:
        """有没有小学的 after B2有没有案例: a short follow-up of a request for examples asks for examples still."""
        return bool(q.context) and len(q.text) <= 12 and q.slot in (None, "example") \
            and bool(ROUTES["asks_example"].search(q.context)) and not ROUTES["policy_case"].search(q.context)

    def _named_case(self, text: str, example: bool = False):
        """The case a question names by words the policy documents do not use, or None. Unless an example is asked
        for, the catalogue's words (数据可视化那个) name a point, not a case."""
        return self.p.cases.named(segment(text), self._policy_words[example], text)

    @cached_property
    def _policy_words(self) -> dict[bool, str]:
        """The text of every policy document, with (False) or without (True) the catalogue's point names."""
        policy = self.p.extractive._scope_text(tuple(self.p.extractive.texts))
        return {True: policy, False: policy + "\n" + " ".join(a.name for a in self.engine.catalogue.abilities)}

    def _asks_beside(self, q: Question, claims: list) -> bool:
        """"那100所示范校有奖励经费吗": the figure only names what is asked about; the clause asks whether there is
        something (奖励经费) the deciding rules never mention, so checking the figure would answer another question."""
        at = re.search(r"[0-9]|[一二两三四五六七八九十百]+\s*(?:个|所|学时|名|人|%)", q.text)
        if at is None:
            return False
        clause = re.split(r"[，,。？?！!；;]", q.text[at.start():])[0]
        has = re.search(r"有(?:没有)?", clause)
        if has is None:
            return False  # 要5到7个人吧, 凑够20了吧: the figure is what is asked about
        clause = clause[has.end():]
        rules = [r for r in (self.engine.rule(c.rule_id) for c in claims) if r is not None]
        said = " ".join(r.message + (r.source.quote if r.source else "") for r in rules)
        extractive = self.p.extractive
        return any(not extractive._mentions(w, said, q.text) for w in extractive.ranker.nouns(clause)
                   if not re.fullmatch(r"[0-9a-zA-Z.%]+", w))

    @staticmethod
    def _counts_classes(q: Question) -> bool:
        """"A类13个点，B类也是13个对吧": a yes/no claim about how many points a class or dimension has."""
        return q.yes_no and not q.codes and bool(ROUTES["class_or_dimension"].search(q.text)) and \
            bool(_A_COUNT.search(q.text))

    def _about_catalogue(self, q: Question) -> bool:
        """The question names nothing but the catalogue's own terms (分几个维度, A类有几个点), not a document's
        requirement about points (设计方案里要包含几个能力点)."""
        terms = self.p.reader.lex.questions.catalogue_terms

        def catalogue_only(text: str) -> bool:
            # (ABC各几个: the class letters alone name the catalogue's three classes)
            return all(any(t in n or n in t for t in terms) or ROUTES["class_letters"].fullmatch(n)
                       for n in self.p.extractive.ranker.nouns(text))

        topic = q.topic or q.text
        if catalogue_only(topic):
            return True
        # 多媒体环境的一共有几个啊 我们村小就只有多媒体: a remark beside the asking piece names the teacher's school.
        asking = [p for p in re.split(r"[\s，,。？?！!；;]+", topic) if ROUTES["catalogue_count"].search(p)
                  or (q.yes_no and _A_COUNT.search(p))]
        return bool(asking) and all(catalogue_only(p) and self.p.extractive.ranker.nouns(p) for p in asking)

    def _stated(self, q: Question) -> list:
        """Figures the question itself states that a governing rule decides (北京是要80学时吧, 只选1个点可以吗)."""
        if not (q.yes_no or q.slot == "may_i") or not q.text.strip():
            return []
        text = _points_spelled(q.text)
        report = self.engine.check_text(text, q.region, q.program)
        # 2021年度的工作啥时候总结: a question asking when names its period with a year; that year is no claim.
        # 是苏教师〔2019〕1号吧: a 文号 stated is decided by the rule on the document's number too.
        kinds = ("number", "doc_no") if q.slot == "when" else ("number", "date", "doc_no")
        return [c for c in report.claims if c.status in ("supported", "contradicted") and c.rule_id
                and c.kind in kinds]

    def _one(self, q: Question, scope: AnswerScope) -> Reply:
        """The reply of a single question (no sub-questions) from the source that fits what it asks."""
        route = self.route(q)
        if route == "unknown_code":
            return self.p.catalogue.unknown(q)
        if route == "legacy_code":
            return self.p.catalogue.legacy(q, q.text)
        if route == "example":
            words = self.p.extractive.ranker.words(q.query)
            named = self._named_case(q.text, example=True)
            reply = self.p.cases.detail(named, q, words) if named else self.p.cases.answer(q, words)
            if not reply.refused:
                return reply
        if route == "named_case":
            words = self.p.extractive.ranker.words(q.query)
            return self.p.cases.detail(self._named_case(q.text), q, words)
        if route == "selection":
            reply = self.p.eligibility.selection(q, scope)
            if q.legacy_codes:
                # 我选T11和A3: the 1.0 course code is named as such beside the verdict on the 2.0 points.
                legacy = self.p.catalogue.legacy(replace(q, yes_no=False, slot=None), q.text).statements
                reply.statements[1:1] = [replace(st, lead=False) for st in legacy]
            return reply
        if route == "environment":
            return self.p.eligibility.environment(q)
        if route == "catalogue":
            if q.slot == "how_many" and q.unit in ALIEN_UNITS and self.p.extractive.unsettled(q, scope):
                return Reply(status="no_basis", source="catalogue")  # A3的PPT最少做多少页: not in the catalogue
            corpus = self.p.extractive._scope_text(scope.doc_ids)
            if any(word not in corpus for word, _ in q.unsettled):
                return Reply(status="no_basis", source="catalogue")  # B2的视频文件大小: not on the card, nor elsewhere
            reply = self._premise(q, self.p.catalogue.describe(q), complete=True)
            if q.legacy_codes and not reply.refused:
                # 是A5还是T11: the 1.0 course code is named as such beside the point.
                legacy = self.p.catalogue.legacy(replace(q, yes_no=False, slot=None), q.text).statements
                reply.statements[1:1] = [replace(st, lead=False) for st in legacy if st.kind != "note"]
            if not reply.refused:
                # …after the premise is judged, so that the list is no evidence for it.
                at = next((i for i, st in enumerate(reply.statements) if st.kind == "note"), len(reply.statements))
                reply.statements[at:at] = self.p.catalogue.of_named_dimension(q)
            off = self._off_card(q, reply, corpus)
            if off == "nowhere":
                return Reply(status="no_basis", source="catalogue")  # A5的教学设计用什么模板: the card is no answer
            if off == "documents":
                return self._from_documents(q, scope)  # A3缺交一项还算合格吗: the grading rule, not the card
            if q.slot == "how_many" and not q.yes_no and q.unit not in (None, "个") and not any(
                    _counts_in(st.text, q.unit) for st in reply.statements if st.kind == "claim"):
                return Reply(status="no_basis", source="catalogue")  # 视频录多长: the card names no length
            return reply
        if route in ("lookup", "sentences", "selection") and not q.codes and (q.yes_no or q.slot == "may_i"):
            reply = self.p.eligibility.one_dimension(q, scope)
            if reply is not None:
                return reply  # 选了3个点都是学法指导的，行吗: the rule on dimensions decides
        if route == "lookup":
            reply = self.p.catalogue.lookup(q, self.p.reader.cues)
            if not reply.refused:
                return reply
        if route == "summary":
            return self._premise(q, self.p.catalogue.summary(q), complete=True)
        if route == "figures":
            if self.p.extractive.asks_membership(q, scope):
                return Reply(status="no_basis", source="documents")  # 那100所示范校里有没有我们学校
            return self._figures(q, scope)
        if route == "document":
            reply = self.p.documents.answer(q, scope)
            if not reply.refused:
                return reply
        return self._from_documents(q, scope)

    def _from_documents(self, q: Question, scope: AnswerScope) -> Reply:
        """The reply from the governing documents' sentences, or a refusal when they do not settle the question."""
        unsettled = self.p.extractive.unsettled(q, scope)
        if unsettled:
            return Reply(status=unsettled, source="documents")
        reply = self._breakdown(q, scope) or self._coverage(q, scope)
        if reply is not None:
            return reply
        listing = self.p.extractive.named_listing(q, scope)
        if listing is not None:
            return Reply([listing], "answered", 1.0, "documents")
        reply = self.p.extractive.answer(q, scope)
        if self._elsewhere(q, reply):
            return Reply(status="out_of_scope", source="documents")
        if reply.confidence < self.p.extractive.calibration.threshold or self._unfilled(q, reply):
            heads = self._headline(q, scope, Reply())
            if heads:
                # 我在长沙，2.0有啥规定: no sentence fits, but the national figures every teacher is held to do.
                return Reply([replace(st, lead=(i == 0)) for i, st in enumerate(heads)], "answered", 1.0, "rules")
            reply.status = "no_basis"
            return reply
        self._add_targets(q, scope, reply)
        self._add_dimensions(q, reply)
        self._add_hours(q, scope, reply)
        self._add_splits(q, scope, reply)
        self._add_total(q, scope, reply)
        self._add_headline(q, scope, reply)
        return self._premise(q, reply)

    def _add_headline(self, q: Question, scope: AnswerScope, reply: Reply) -> None:
        """我们这边2.0按啥要求来, from a place without a document of its own and naming nothing in particular: the
        national figures every teacher is held to (学时, 实践应用的比例) lead."""
        heads = self._headline(q, scope, reply)
        if not heads:
            return
        for st in reply.statements:
            st.lead = False
        reply.statements[0:0] = [replace(st, lead=(i == 0)) for i, st in enumerate(heads)]

    def _headline(self, q: Question, scope: AnswerScope, reply: Reply) -> list[Statement]:
        """The national figures (学时, 实践应用的比例) a question from a place without a document of its own asks
        for when it asks the requirements as a whole, less those the reply says already (…有啥要求 跟瓦房店一样吗:
        asking whether two places are alike is no claim to check)."""
        if scope.region is None or scope.has_local or q.program != "2.0" or q.codes \
                or (q.yes_no and not ROUTES["asks_likeness"].search(q.text)) \
                or q.slot not in (None, "how", "what_is") or not ROUTES["asks_requirements"].search(q.text) \
                or not self.p.reader._without_topic(q.text):
            return []
        said = " ".join(_bare(st.text) for st in reply.statements)
        return [self.p.eligibility.rule_statement(r) for r in self.engine.rules(scope.region, q.program)
                if r.doc_id is None and not r.is_default and r.topic in ("hours.total", "hours.practice_ratio")
                and _bare(r.message) not in said]

    def _add_splits(self, q: Question, scope: AnswerScope, reply: Reply) -> None:
        """要学多少 answered with a document's total hours: how the same document splits them (实践应用不少于50%)
        follows, when the answer does not say it yet."""
        if q.yes_no or q.slot != "how_many" or q.unit not in ("学时", None):
            return
        rules = [self.engine.rule(st.rule_id) for st in reply.statements if st.rule_id]
        total = next((r for r in rules if r is not None and r.topic == "hours.total"), None)
        if total is None:
            return
        shown = {r.id for r in rules if r is not None}
        said = " ".join(_bare(st.text) for st in reply.statements)
        for rule in self._splits(total, scope.region):
            if rule.id in shown:
                continue
            # One the answer already says, its quote or every figure of it, is not said twice.
            if (rule.source is not None and _bare(rule.source.quote) in said) or _figures_said(rule.message, said):
                return
            at = next(i for i, st in enumerate(reply.statements) if st.rule_id == total.id) + 1
            reply.statements.insert(at, self.p.eligibility.rule_statement(rule))  # beside the total it splits
            return

    def _add_hours(self, q: Question, scope: AnswerScope, reply: Reply) -> None:
        """学时要求是多少, naming no part of the training: the governing document's total hours lead, when the
        answer does not say them yet (the sentences found may be about a part: 校本研修合格计20学时)."""
        if q.yes_no or q.slot != "how_many" or q.unit != "学时" or q.program != "2.0" \
                or not self.p.reader._without_topic(_HOURS_WORDS.sub(" ", q.text)):
            return
        totals = [r for r in self.engine.rules(scope.region, q.program) if r.topic == "hours.total" and not r.is_default]
        local = [r for r in totals if r.doc_id is not None and r.doc_id in scope.doc_ids] or totals
        if not local:
            return
        total = local[0]
        hours = _hours(total.message)
        at = next((i for i, st in enumerate(reply.statements) if st.rule_id == total.id
                   or (hours and all(h in _bare(st.text) for h in hours))), None)
        if at == 0:
            return
        head = reply.statements.pop(at) if at is not None else self.p.eligibility.rule_statement(total)
        first = reply.statements[0] if reply.statements else None
        label = _LABEL.match(first.text) if first is not None and first.lead else None
        if label is not None:
            # The place's label moves with the lead: 北京：培训共计50学时… then · 教师参加…
            first.text = first.text[label.end():]
            if not _LABEL.match(head.text):
                own = re.sub(rf"^{re.escape(label[1])}[省市]?", "", head.text)  # 北京市培训共计… under 北京：
                head = replace(head, text=label[0] + own)
        for st in reply.statements:
            st.lead = False
        reply.statements.insert(0, replace(head, lead=True))  # said already, further down: said first

    def _add_total(self, q: Question, scope: AnswerScope, reply: Reply) -> None:
        """实践应用要占多少 answered with how a document splits its hours (不少于总学时的50%): the total it splits
        follows, when the answer does not say it yet."""
        if q.yes_no or q.slot != "how_many" or q.unit not in ("学时", "%", None):
            return
        rules = [self.engine.rule(st.rule_id) for st in reply.statements if st.rule_id]
        splits = [r for r in rules if r is not None and r.topic in _SPLITS_TOTAL]
        if not splits or any(r is not None and r.topic == "hours.total" for r in rules):
            return
        said = " ".join(_bare(st.text) for st in reply.statements)
        for split, total in ((sp, t) for sp in splits for t in self.engine.rules(scope.region, sp.program)):
            if total.topic != "hours.total" or total.doc_id != split.doc_id or total.is_default:
                continue
            hours = _hours(total.message)
            if (total.source is not None and _bare(total.source.quote) in said) or all(h in said for h in hours):
                return
            at = next(i for i, st in enumerate(reply.statements) if st.rule_id == split.id) + 1
            reply.statements.insert(at, self.p.eligibility.rule_statement(total))  # after the share it is of
            return

    def _splits(self, total, region: str | None) -> list:
        """How the document of a total-hours rule splits those hours (实践应用不少于…): its own rules on that."""
        return [r for r in self.engine.rules(region, total.program) if r.doc_id == total.doc_id
                and r.topic in _SPLITS_TOTAL and not r.is_default]

    def _add_dimensions(self, q: Question, reply: Reply) -> None:
        """2.0考核主要考哪几方面的能力: the four dimensions the catalogue sorts the points into lead, when the
        sentences found do not name them all."""
        if q.program != "2.0" or not ROUTES["asks_abilities"].search(q.text):
            return
        if all(any(d in st.text for st in reply.statements) for d in DIMENSIONS):
            return
        first = self.p.catalogue.summary(replace(q, letters=[], text="")).statements[0]
        for st in reply.statements:
            st.lead = False
        reply.statements.insert(0, replace(first, lead=True))

    def _add_targets(self, q: Question, scope: AnswerScope, reply: Reply) -> None:
        """北京进度咋安排 / 哪年全部完成、中间怎么分批: the place's dated targets (2021年不少于60%…, 2022年全部完成)
        from the rule engine, with their quotes, after what the sentences say — those the answer does not say yet."""
        if q.yes_no or not ROUTES["asks_progress"].search(q.text):
            return
        said = [_bare(st.text) for st in reply.statements]
        for rule in self.engine.rules(scope.region, q.program):
            if rule.topic not in _TARGETS or rule.is_default or rule.source is None:
                continue
            if not any(_bare(rule.source.quote) in x for x in said):
                reply.statements.append(self.p.eligibility.rule_statement(rule))
                said.append(_bare(rule.source.quote))

    def _coverage(self, q: Question, scope: AnswerScope) -> Reply | None:
        """我是中职老师，2.0包括我们吗: the governing documents' sentence on who takes part, naming the teacher's
        kind in its own words (中等职业学校, 全学科) or else all teachers, with 包括在内 / 需要参加 first; None when the
        question does not ask whether it covers the teacher, or no sentence says."""
        mine = bool(ROUTES["concerns_me"].search(q.text))
        asks = _ASKS_WHO_TAKES_PART.search(q.text)
        if not mine and (not asks or any(g in q.text[:asks.start()] for g in _COVERAGE.groups)):
            return None
        named = ROUTES["named_training"].search(q.text[:asks.start()]) if asks else None
        if not mine and named and not self.p.reader._without_topic(ROUTES["pointer_words"].sub("", named[1])):
            return None  # 骨干引领性培训是面向哪些人的: whom one named training is for, not who takes part at all
        # 覆盖哪些学段的老师: whom the sentence names, every kind counting; 我是中职老师: the teacher's own kinds.
        own = [k for k in _COVERAGE.kinds if any(a in q.text for a in k.asked)]
        kinds = [w for k in (own if mine else _COVERAGE.kinds) for w in k.said]
        found = []
        for rank, doc in enumerate(scope.doc_ids):
            for s in self._taking_part.get(doc, []):
                # The teacher's own kind named outweighs all teachers named; the most local document, then the
                # shortest sentence (the one that is about who takes part).
                score = sum(w in s.text for w in kinds) or 0.5 * any(w in s.text for w in _COVERAGE.all)
                if score:
                    found.append((-score, rank, len(s.text), s))
        if not found:
            return None
        best = min(found, key=lambda x: x[:3])
        # A kind that a phrase for all teachers names (全学科 in 全学科教师: a subject) is covered by all teachers.
        by_all = any(w in phrase for k in own for w in k.said for phrase in _COVERAGE.all)
        if mine and best[0] > -1 and own and not by_all:
            # Only all teachers named, while a sentence of the place's documents lists the 培训对象 by kind without
            # the teacher's (北京: 中小学、幼儿园 — and a 中职 teacher asks): that list is the answer, with no lead.
            listed = next((s for doc in scope.doc_ids for s in self._taking_part.get(doc, [])
                           if "对象" in s.text and any(w in s.text for k in _COVERAGE.kinds for w in k.said)), None)
            if listed is not None:
                asked = next(a for k in own for a in k.asked if a in q.text)
                statements = [replace(self.p.extractive.statement(listed, q, lead=True), fills=True)]
                statements.append(Statement(f"说明：文件所列的培训对象中没有单独提到“{asked}”，是否参加请向所在区县或学校核实。",
                                            kind="note"))
                return Reply(statements, "answered", 1.0, "documents")
        found = self.p.extractive.statement(best[3], q, lead=True)
        if not mine:
            return Reply([replace(found, fills=True)], "answered", 1.0, "documents")
        lead = "包括在内。" if _ASKS_INCLUDED.search(q.text) else "需要参加。"
        return Reply([Statement(lead, evidence=found.evidence, fills=True, lead=True), replace(found, fills=True)],
                     "answered", 1.0, "documents")

    @cached_property
    def _taking_part(self) -> dict[str, list]:
        """Each document's sentences that may say who takes part: they name 教师 and a word for taking part."""
        return {doc: [s for s in sentences if "教师" in s.text and any(w in s.text for w in _COVERAGE.says)]
                for doc, sentences in self.p.extractive.ranker.index.by_doc.items()}

    def _breakdown(self, q: Question, scope: AnswerScope) -> Reply | None:
        """线下那25学时咋分的: the sentence that gives the figure as the sum of two things (线下校本研修与校本应用考核
        25学时), then the figure of each thing, asked one by one; None when the question asks no split."""
        if not _SPLIT_ASKED.search(q.text):
            return None
        figures = set(re.findall(r"\d+", q.text))
        whole = self.p.extractive.answer(q, scope)
        if whole.refused or not figures:
            return None
        first = next((st for st in whole.statements if st.kind == "claim"), None)
        pair = next((m for m in _SUM_OF_TWO.finditer(first.text) if m[3] in figures), None) if first else None
        if pair is None:
            return None
        reply = Reply([first], "answered", whole.confidence, "documents")
        for item in (pair[1], pair[2]):
            text = f"{item}多少{pair[4]}"
            sub = self.p.reader.read(text, q.region, None)
            sub.region = sub.region or q.region
            part = self.p.extractive.answer(sub, scope)
            if part.refused:
                continue
            # The first sentence that is not the sum again and gives a figure in the unit.
            own = next((st for st in part.statements if st.kind == "claim" and st.text not in first.text
                        and _counts_in(st.text, pair[4]) and st.text not in [x.text for x in reply.statements]), None)
            if own is not None:
                reply.statements.append(own)
        return reply if len(reply.statements) > 1 else None

    def _leans_on(self, part: Question, prev: Question) -> bool:
        """A part that only asks more about the unsettled part before it, so is unsettled too."""
        if _leans_back(part.text):
            return True  # 最长能传几分钟？超了会不会不合格
        if part.yes_no and prev.slot == "how_many" and prev.unit not in (None, "个") and _counts_in(part.text, prev.unit):
            return True  # 视频录多长？10分钟够不够: a yes/no on a figure in the unit asked for
        if part.slot == "how_many":
            # 评优秀有没有比例限制？一个学校最多几个优秀: what the part counts is what the part before was about.
            counted = self._counted(part) or re.split(r"几|多少", part.text)[-1].strip("？?。！!个项名位")
            if len(counted) >= 2 and counted in prev.text:
                return True
        if len(part.text) <= 8:
            # 在哪个平台学？平台叫啥; 几号几点开的？在哪开: nothing new is named.
            nouns = self.p.extractive.ranker.nouns(part.text)
            return all(w in prev.text for w in nouns) and (
                bool(nouns) or (len(part.text) <= 5 and part.slot in ("where", "when", "who")))
        return False

    def _off_card(self, q: Question, reply: Reply, corpus: str) -> str | None:
        """A question about a point asks after something its card does not name: "nowhere" when the governing
        documents never name it either (模板, 分辨率, 时长), "documents" when they do (合格: the grading rule); the card
        would answer a question the teacher did not ask."""
        if ROUTES["catalogue_attribute"].search(q.text):
            return None  # 小组合作那个是哪个编号: the teacher's own description of the point, asking what the card says
        extractive = self.p.extractive
        card = " ".join(st.text for st in reply.statements)
        names = " ".join(a.name for a in (self.engine.catalogue.find(c) for c in q.codes) if a is not None)
        terms = self.p.reader.lex.questions.catalogue_terms
        # Only the pieces that ask (A13是哪个能力点?), not a remark beside them (看表看花眼了).
        pieces = [x for x in re.split(r"[。！？?!；;\s]+", q.topic or q.text)
                  if ROUTES["asks_something"].search(x) or any(c.lower() in x.lower() for c in q.codes)]
        asked = [w for w in extractive.ranker.nouns(" ".join(pieces) or q.topic or q.text)
                 if not re.fullmatch(r"[A-Za-z]+\d*", w) and w not in names and not any(w in t for t in terms)]
        if any(not extractive._mentions(w, card + "\n" + corpus, q.text) for w in asked):
            return "nowhere"
        if any(not extractive._mentions(w, card, q.text) for w in asked):
            return "documents"
        return None

    def _counted(self, q: Question) -> str | None:
        """What a how-many question counts: the first noun after 几个/多少份… (要放几个视频 → 视频), or the word
        right before 几次 (签到几次才算合格 → 签到, looked at first); None when the count stands alone (要选几个)."""
        from assistant.indexing.bm25 import tag

        vague = self.p.extractive.ranker._drop  # stop words, fillers and words that name nothing

        def thing(word: str, flag: str, kinds: tuple[str, ...]) -> bool:
            return len(word) >= 2 and flag[:1] in kinds and word not in vague and \
                not ROUTES["counted_container"].search(word)

        text = q.topic or q.text
        cut = r"[，,。？?！!；;、\s]"
        for m in ROUTES["counted_before"].finditer(text):
            words = tag(re.split(cut, text[max(0, m.start() - 6):m.start()])[-1])
            if words and thing(words[-1][0], words[-1][1], ("n", "v", "j")):
                return words[-1][0]
        for m in ROUTES["counted_after"].finditer(text):
            for word, flag in tag(re.split(cut, text[m.end():m.end() + 8])[0]):
                if thing(word, flag, ("n", "j")) or (flag == "vn" and thing(word, "n", ("n",))):
                    return word
                if flag[:1] not in ("a", "d", "u", "m", "q", "v"):  # 几个新的视频, 几份听课记录: past modifiers only
                    break
        return None

    def _elsewhere(self, q: Question, reply: Reply) -> bool:
        """"班上学生偷玩手机怎么管" "笔记本推荐哪款": a question naming nothing of the programme (no programme word,
        place or point), whose best sentences do not speak of most of what it names and whose answer is unlikely,
        is about something else."""
        if q.in_domain or q.context:
            return False
        extractive = self.p.extractive
        nouns = [w for w in extractive.ranker.nouns(q.topic or q.text) if not re.fullmatch(r"[0-9A-Za-z.]+", w)]
        if not nouns:
            return False
        top = " ".join(r.sentence.text for r in getattr(reply, "ranked", [])[:2])
        coverage = sum(extractive._mentions(w, top, q.text) for w in nouns) / len(nouns)
        return coverage < ELSEWHERE_COVERAGE and reply.confidence < ELSEWHERE_CONFIDENCE

    def _share_of(self, q: Question) -> str | None:
        """What a share is asked of: the word right before 比例/占比 (评优秀有没有比例 → 优秀, 抽查学校比例 → 学校)."""
        from assistant.indexing.bm25 import tag

        m = ROUTES["share_asked"].search(q.text)
        if m is None:
            return None
        before = re.split(r"[，,。？?！!；;、\s]", q.text[max(0, m.start() - 10):m.start()])[-1]
        before = re.sub(r"(的|有没有|有无|有|是|要|占)$", "", before)
        words = tag(before)
        if not words:
            return None
        word, flag = words[-1]
        vague = self.p.extractive.ranker._drop
        return word if len(word) >= 2 and flag[:1] in ("n", "a", "v", "j") and word not in vague else None

    def _unfilled(self, q: Question, reply: Reply) -> bool:
        """The asked slot stays empty: a share asked and no share in the answer (按比例表彰，比例是多少), or a place
        to look something up and no place named (名单哪里有, 在哪个APP上学)."""
        ranked = getattr(reply, "ranked", [])
        if q.slot == "how_many" and q.unit == "%":
            ranker = self.p.extractive.ranker
            # What the share is of: its nouns, or failing those the verbs beside 比例 (按比例表彰: 表彰).
            beside = " ".join(x for x in re.split(r"[，,。？?！!；;\s]+", q.topic or q.text) if ROUTES["share_asked"].search(x))
            topic = [w for w in ranker.nouns(q.topic or q.text) if w not in ("比例", "占比", "百分比", "多少")] or [
                w for w, flag in tag(beside) if flag[:1] == "v" and len(w) >= 2 and w not in ranker._drop
                and not ROUTES["share_asked"].search(w)]
            if not any(ranker.fills(q, r.sentence) and (not topic or any(w in r.sentence.text for w in topic))
                       for r in ranked[:5]):
                return True  # no share stated about what was asked (按比例表彰，比例是多少)
            whose = self._share_of(q)
            if whose and not any(ranker.fills(q, r.sentence) and self.p.extractive._mentions(whose, r.sentence.text)
                                 for r in ranked[:5]):
                return True  # 评优秀有没有比例限制 answered with the share of schools inspected
        if q.slot == "how_many" and q.unit in ("个", None):
            thing = self._counted(q)
            extractive = self.p.extractive
            if thing and not any(extractive._mentions(thing, r.sentence.text, q.text) for r in ranked[:5]):
                return True  # 要放几个视频 where no close sentence counts, or even names, videos
        claims = [st.text for st in reply.statements if st.kind == "claim"]
        if q.slot == "how_many" and q.unit in _COUNTED_UNITS and not any(
                _counts_in(t, q.unit) or (q.unit == "学时" and _counts_in(t, "%")) for t in claims):
            return True  # 能换多少学分, 参加几次活动 answered with no figure in that unit
        if q.slot == "how_many" and q.unit is None and not any(re.search(_NUMBER, t) for t in claims):
            return True  # 专项经费有多少 answered with no figure at all
        if q.slot == "when" and ROUTES["exact_day"].search(q.text) and not any(_DAY.search(t) for t in claims):
            # 几月几号截止 answered with years only, or a question naming its month already (定在11月几号); for one
            # that names none, the month or part of one the documents give (11月中旬) is the closest answer there is.
            months = [m for t in claims[:1] for m in re.findall(r"\d{1,2}\s*月", t)]
            if not months or re.search(r"[\d一二三四五六七八九十]\s*月|几月", q.text):
                return True
        if ROUTES["clock_time"].search(q.text) and not any(_CLOCK.search(t) for t in claims):
            return True  # 几点前交 answered with a day only
        if q.slot == "where" and _SEEKING.search(q.text) and not any(
                st.kind == "claim" and self.p.extractive.ranker.fills(q, _AsSentence(st.text)) for st in reply.statements):
            return True
        return False

    def _figures(self, q: Question, scope: AnswerScope) -> Reply:
        """不是 / 是的 (不行 / 可以 for a plan) for the figures a question states, then each deciding rule."""
        claims = self._stated(q)
        wrong = any(c.status == "contradicted" for c in claims) or any(self._differs(c) for c in claims)
        rules = [r for r in (self.engine.rule(rule_id) for rule_id in dict.fromkeys(c.rule_id for c in claims)) if r]
        if not wrong and rules:
            # The figure may be right and the rest of the claim not (所有学校都得完成 against 不少于60%的学校).
            evidence = [ev for r in rules for ev in self.p.eligibility.rule_statement(r).evidence]
            checked = self.p.verifier.verify(self._claim_of(q), evidence).claims
            wrong = any(c.status == "contradicted" for c in checked)
        may = self.p.reader.asks_leave(q)
        lead = ("不行。" if may else "不是。") if wrong else ("可以。" if may else "是的。")
        statements = [Statement(lead, evidence=[Evidence(lead)], fills=True, lead=True)]
        for rule_id in dict.fromkeys(c.rule_id for c in claims):
            rule = self.engine.rule(rule_id)
            if rule is not None:
                st = self.p.eligibility.rule_statement(rule)
                if rule.program != q.program:
                    # 广东2.0每年还是10%、35%…吗: the figure is the old programme's, and is said to be.
                    st = replace(st, text=f"这是提升工程{rule.program}的规定：{st.text}")
                statements.append(st)
        stated = {r.id for r in rules}
        if any(r.topic == "hours.practice_ratio" for r in rules):
            # 实践要占一半吗: the share comes with the total hours it is a share of.
            said = " ".join(_bare(st.text) for st in statements)
            total = next((r for r in self.engine.rules(scope.region, q.program)
                          if r.topic == "hours.total" and not r.is_default and r.id not in stated), None)
            if total is not None and not _figures_said(total.message, said):
                statements.insert(1, self.p.eligibility.rule_statement(total))
        if wrong and q.program == "2.0":
            # 深圳2.0还是要80学时吧: a figure the place's 1.0 rules set is said to be the old programme's.
            topics = {c.topic for c in claims if c.status == "contradicted"}
            for old in self.engine.check_text(_points_spelled(q.text), q.region, "1.0").claims:
                rule = self.engine.rule(old.rule_id) if old.status == "supported" and old.topic in topics else None
                if rule is not None and rule.program == "1.0" and rule.id not in stated:
                    st = self.p.eligibility.rule_statement(rule)
                    statements.append(replace(st, text=f"{old.text}是提升工程1.0的规定：{st.text}"))
                    break
        if wrong:
            # 还是80学时吗: a corrected total comes with how the same document splits it (实践应用不少于50%).
            shown = {st.rule_id for st in statements}
            said = " ".join(_bare(st.text) for st in statements)
            for rule in [r for r in rules if r.topic == "hours.total"][:1]:
                parts = [r for r in self._splits(rule, scope.region) if r.id not in shown
                         and not (r.source is not None and _bare(r.source.quote) in said)]
                statements.extend(self.p.eligibility.rule_statement(r) for r in parts[:2])
        if wrong and rules and rules[0].program == q.program:
            # 江苏实践只要10学时吧: the sentence the deciding rule was read from says more than the rule (the 50学时
            # total beside the 25), so it follows; so does the next dated step of a dated target (2021年不少于60%…
            # → 2022年全部完成). One the statements already say, spaces and dashes aside, or whose every figure
            # they already give (不少于50学时…不少于50%), is not said twice.
            said = " ".join(_bare(st.text) for st in statements)
            for around in self._rule_sentences(rules[0]):
                if _bare(around.text) not in said and not _figures_said(around.text, said):
                    statements.append(self.p.extractive.statement(around, q, lead=False, labelled=False))
        if any(r.topic == "selection.count" for r in rules):
            # 选1个点行不行: the place's own rule on dimensions decides a choice of points too.
            shown = {r.id for r in rules}
            for rule in self.engine.rules(scope.region, q.program):
                if rule.topic == "selection.dimensions" and not rule.is_default and rule.id not in shown:
                    statements.append(self.p.eligibility.rule_statement(rule))
        return Reply(statements, "answered", 1.0, "rules")

    def _rule_sentences(self, rule) -> list:
        """The indexed sentence of the governing document that holds the rule's source quote, when it says more
        than the quote, and the next sentence of its section when both open with a year."""
        if rule.source is None:
            return []
        index = self.p.extractive.ranker.index
        quote = re.sub(r"\s+", "", rule.source.quote)
        for s in index.by_doc.get(rule.source.doc_id, []):
            text = re.sub(r"\s+", "", s.text)
            if quote not in text:
                continue
            out = [s] if len(text) > len(quote) + 4 else []
            after = index.neighbours(s, 0, 1)[1:]
            if after and after[0].heading == s.heading and _OPENS_WITH_YEAR.match(s.text) \
                    and _OPENS_WITH_YEAR.match(after[0].text):
                out.append(after[0])
            return out
        return []

    def _differs(self, claim) -> bool:
        """"北京要100学时吗": 100 meets "at least 50" but is not what the rule says, so the answer is still no."""
        rule = self.engine.rule(claim.rule_id)
        if rule is None or claim.kind != "number" or not isinstance(claim.value, (int, float)):
            return False
        target = next((rule.params[k] for k in ("value", "exact", "min") if k in rule.params), None)
        if not isinstance(target, (int, float)) or rule.params.get("unit") not in (None, claim.unit):
            return False
        return abs(float(claim.value) - float(target)) > 1e-6

    def _premise(self, q: Question, reply: Reply, complete: bool = False) -> Reply:
        """A yes/no question that asserts something (北京是要80学时吧) is judged against the answer's evidence:
        是的 / 不是 first. `complete`: the evidence is the whole description of what is asked about (a catalogue
        card), so a claim it does not support is wrong, not merely unsettled."""
        if not q.yes_no or reply.refused or not reply.statements or q.slot in ("when", "who", "where"):
            return reply  # 啥时候总结 要提炼案例吗: an open question asked too is not answered 是/不是
        claim = self._claim_of(q)
        evidence = [ev for st in reply.statements for ev in st.evidence]
        if not claim or not evidence:
            return reply
        verdict = self.p.verifier.verify(claim, evidence)
        checked = [c for c in verdict.claims]
        may = self.p.reader.asks_leave(q)
        obliged = bool(ROUTES["asks_obligation"].search(q.text))
        if any(c.status == "contradicted" for c in checked) or (
                complete and checked and any(c.status != "supported" for c in checked)):
            if ROUTES["concerns_me"].search(q.text) or ROUTES["joins_as_me"].search(q.text) or obliged:
                # 我是体育老师，也要参加吗; 课堂实录要不要: whom the documents cover, or what they require, is read
                # from them; a clause that differs is no ground to deny it.
                return reply
            lead = "不行。" if may else "不是。"
        elif checked and all(c.status == "supported" for c in checked):
            # 要不要交给省里: asked whether it is required, and it is — 需要, not 可以.
            lead = "需要。" if obliged else ("可以。" if may else "是的。")
        elif may and not obliged and self._permits(reply):
            lead = "可以。"
        else:
            return reply
        reply.statements.insert(0, Statement(lead, evidence=evidence, fills=True, lead=True))
        return reply

    def _claim_of(self, q: Question) -> str:
        """What a yes/no question asserts (北京是要80学时吧 → 北京是要80学时): its asking sentence, without the
        question ending and the hearsay opener."""
        sentences = [x for x in re.split(r"(?<=[？?。!！；;])", q.text) if x.strip()]
        asking = next((x for x in sentences if self.p.reader.is_yes_no(x)), q.text)
        claim = ROUTES["yes_no_tail"].sub("", asking)
        # 要不要备案 asks whether 要备案: an A-not-A question asserts its positive side (可不可以 → 可以).
        claim = re.sub(r"(\w)不(\1)(\w?)", r"\1\3", claim)
        # 有一项没交上 这个点还能算合格: a space typed between clauses parts them, so each is judged on its own.
        claim = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fffA-Za-z])", "，", claim.strip())
        claim = ROUTES["hearsay_opener"].sub("", claim)
        # 我是信息技术老师，…团队我能进: who the asker is, said in place of 我, is what the sources must allow.
        intro = self.p.reader.introduction(claim)
        if intro is not None:
            role = re.split(r"的", intro[1])[-1]
            rest = (claim[:intro[0].start()] + claim[intro[0].end():]).strip("，, ")
            claim = re.sub(r"我(?!们)", role, rest) if role else rest
        return claim

    def _permits(self, reply: Reply) -> bool:
        """The best sentence grants leave (可根据…, 鼓励…, 自主选择…) in a clause that forbids nothing (避免“一刀切”，
        各学校可根据…创新考核方式)."""
        first = next((st for st in reply.statements if st.kind == "claim"), None)
        if first is None:
            return False
        reader = self.p.verifier.reader
        clauses = [c.text for sent in split_clauses(first.text) for c in sent.clauses]
        whole = reader.read(first.text)
        if "weak" not in whole.modality:
            return False
        return any("weak" in (slots := reader.read(c)).modality and not slots.negations for c in clauses)

    # -- the answer ------------------------------------------------------------------------------------
    @timed("compose")
    def answer(self, question: str, region: str | None = None, history: list[dict] | None = None) -> Answer:
        """A checked answer; see the module docstring for the refusals."""
        q = self.p.reader.read(question, region, history)
        scope = resolve_scope(self.engine, q)
        if q.attacked and (not q.text or not q.in_domain):
            return self._fixed(ATTACK_REPLY, q, scope, "out_of_scope")
        if q.intent == "draft_out":
            return self._fixed(OUT_OF_SCOPE, q, scope, "out_of_scope")
        if q.intent == "draft":
            return self._render(q, scope, self._draft(q, scope), "drafting")
        if q.intent == "recommend" and self.p.recommend is not None:
            return self._render(q, scope, self._recommend(q, scope), "recommendation")
        parts = q.parts or [q]
        # Each part's own figures are checked with that part (广东以前80学时，北京现在是多少).
        # A case the message asks about answers what the documents never settle (用的什么软件).
        about_case = asks_example(q) or (ROUTES["names_case"].search(q.text) and self._named_case(q.text))
        whole = self.p.extractive.unsettled(replace(q, focus=[], slot=None, yes_no=False), scope) \
            if q.parts and not about_case else None
        if whole is not None:
            # A year or topic the documents do not settle governs every part of the message.
            return self._fixed(OUT_OF_SCOPE if whole == "out_of_scope" else NO_BASIS + WHERE_TO_ASK, q, scope, whole)
        reply = Reply()
        answered = 0
        sides: list = []  # the quoted claims of each side of a comparison
        refused_before = False
        source = None
        prev = q
        if q.comparison:
            # Each side says what the corpus lacks for it (广东 1.0 beside 北京 2.0), not what the whole lacks.
            notes = [n for part in parts for n in resolve_scope(self.engine, part).notes]
            scope = replace(scope, notes=tuple(dict.fromkeys(notes)))
        for part in parts:
            if q.comparison:
                part = replace(part, yes_no=False)  # 是不是少了 asks of the comparison, not of either side
            part_scope = resolve_scope(self.engine, part) if part is not q else scope
            leans = refused_before and self._leans_on(part, prev)
            prev = part
            if source == "cases" and not part.codes and len(part.text) <= 12 and ROUTES["names_point"].search(part.text):
                continue  # 分成几个层次？对应哪个点: the case just given names its points
            if leans:
                reply.statements.append(_unsettled_part(part.text))
                continue
            sub = self._one(part, part_scope)
            refused_before, source = sub.refused, sub.source
            if sub.refused:
                if len(parts) > 1:
                    reply.statements.append(_unsettled_part(part.text))
                continue
            answered += 1
            reply.extend(sub)
            if q.comparison:
                sides.append([st for st in sub.statements if st.kind == "claim" and st.quote is not None])
        if q.comparison and answered == len(parts) == 2:
            note = self._side_by_side(q, sides)
            if note is not None:
                reply.statements.append(note)
        if not answered:
            status = "out_of_scope" if not q.in_domain or all(
                self.p.extractive.unsettled(p, resolve_scope(self.engine, p)) == "out_of_scope" for p in parts) \
                else "no_basis"
            return self._fixed(OUT_OF_SCOPE if status == "out_of_scope" else NO_BASIS + WHERE_TO_ASK, q, scope,
                               status)
        if self.p.llm is not None:
            reply = self.p.llm.rewrite(q.text, reply, scope.region, list(scope.notes)) or reply
        return self._render(q, scope, reply, "fact" if q.asks_figure else "howto")

    def _sans_places(self, text: str) -> str:
        """The text without its places, spaces and punctuation: what two sayings of one fact share."""
        for a, b, _ in sorted(self.engine.gazetteer.find(text), reverse=True):
            text = text[:a] + text[b:]
        return "bare:" + _bare(re.sub(r"\[\d+\]", "", text))

    def _side_by_side(self, q: Question, sides: list) -> Statement | None:
        """广东1.0要80学时，北京2.0呢，差多少 / 江苏和瓦房店实践学时一样吗: the two sides' figures in the unit
        asked, set against each other — the difference, or whether they are the same. None when the question asks
        neither, or a side gives no figure in that unit."""
        differ, same = _DIFFERENCE_ASKED.search(q.text), _SAME_ASKED.search(q.text)
        if not (differ or same) or any(not sts for sts in sides):
            return None
        # Each side answered from a document of its own, or the two figures may be one figure twice.
        docs = [{st.quote.doc_id for st in sts} for sts in sides]
        if docs[0] & docs[1]:
            return None
        reader = self.p.verifier.reader
        figures = []
        for sts in sides:
            if differ:
                # 总学时差多少: each side's whole, the largest figure its statements give as a total (共计50学时,
                # 总计培训学时为80学时), not a part of it (其中…25学时, 共计5学时 of one module).
                fs = [f for st in sts for f in reader.read(st.text).figures
                      if f.unit and not isinstance(f.value, tuple)
                      and _TOTAL_BEFORE.search(st.text[max(0, f.start - 8):f.start])]
            else:
                # 一样吗: the one figure the side's first statement gives in the unit, or no answer.
                fs = [f for f in reader.read(sts[0].text).figures if f.unit and not isinstance(f.value, tuple)]
            if q.unit:
                fs = [f for f in fs if UNIT_FAMILY.get(f.unit, f.unit) == UNIT_FAMILY.get(q.unit, q.unit)]
            if not fs or (same and len(fs) != 1):
                return None
            figures.append(max(fs, key=lambda f: float(f.value)) if differ else fs[0])
        a, b = figures
        if UNIT_FAMILY.get(a.unit, a.unit) != UNIT_FAMILY.get(b.unit, b.unit):
            return None
        evidence = [ev for sts in sides for ev in sts[0].evidence]
        # The sides' own figures stand in the lines above; the note gives only what follows from them, so that no
        # figure is said twice and none is read as a figure of policy out of its place's line.
        if differ:
            gap = abs(float(a.value) - float(b.value))
            text = f"两者相差{gap:g}{a.unit}。" if gap else "两者相同。"
        else:
            text = "两者一样。" if float(a.value) == float(b.value) else "两者不一样。"
        return Statement(text, kind="note", evidence=evidence)

    def _draft(self, q: Question, scope: AnswerScope) -> Reply:
        reply = self.p.catalogue.describe(q) if q.codes else Reply()
        rule = next((r for r in self.engine.rules(scope.region, "2.0") if r.topic == "design.points"), None)
        if rule is not None:
            reply.statements.append(self.p.eligibility.rule_statement(rule))
        reply.statements.append(Statement(DRAFT_HINT, kind="note"))
        reply.status = "answered"
        return reply

    def _recommend(self, q: Question, scope: AnswerScope) -> Reply:
        rec = self.p.recommend(q.text, scope.region)
        statements = [Statement("按你的描述，推荐以下微能力点：", kind="note")]
        for i, pick in enumerate(rec.picks, 1):
            a = self.engine.catalogue.find(pick.code)
            statements.append(Statement(f"{i}. {pick.code} {pick.name}（{pick.dimension}）：{pick.reason.rstrip('。')}。",
                                        kind="note", evidence=[Evidence(card(a))] if a else []))
        rule = next((r for r in self.engine.rules(scope.region, "2.0") if r.topic == "selection.count"), None)
        if rule is not None:
            statements.append(self.p.eligibility.rule_statement(rule))
        statements.extend(Statement(f"{a.rstrip('。')}。", kind="note") for a in rec.assumptions)
        statements.append(Statement(RECOMMEND_HINT, kind="note"))
        return Reply(statements, "answered", 1.0, "recommend")

    # -- rendering -------------------------------------------------------------------------------------
    def _fixed(self, text: str, q: Question, scope: AnswerScope, intent: str) -> Answer:
        return Answer(answer=text, refused=True, citations=[], grounding=GuardReport(verdict="refused"),
                      intent=intent, question=q.text, region=scope.region, program=q.program, notes=list(scope.notes))

    def _render(self, q: Question, scope: AnswerScope, reply: Reply, intent: str) -> Answer:
        checked = self.guard.check(reply.statements, scope.region, q.program)
        claims = [s for s in checked.statements if s.kind == "claim"]
        if not claims and intent not in ("recommendation", "drafting"):
            return Answer(answer=REFUSAL, refused=True, citations=[],
                          grounding=GuardReport(verdict="refused", claims=checked.claims,
                                                violations=checked.violations),
                          intent=intent, question=q.text, region=scope.region, program=q.program,
                          notes=list(scope.notes))
        book: CitationBook = self.p.book()
        lines = [f"说明：{n.rstrip('。')}。" for n in scope.notes]
        if q.program == "1.0":
            lines.append("说明：以下是提升工程1.0（2014—2017年）时期的规定，不适用于现在的提升工程2.0。")
        seen = set(lines)
        labels: list[str] = []  # the place labels leads have used (北京：…), each said once
        external: dict[str, list[str]] = {}  # references the corpus does not hold, set apart at the end
        for st in checked.statements:
            text = st.text
            key = st.quote or text
            # (2021年，各区… and the rule's 2021年，北京市各区…: one fact, with and without its place)
            plain = self._sans_places(text)
            if key in seen or text in seen or plain in seen:
                continue  # no fact said twice (two sub-questions answered by one sentence)
            seen.update({key, text, plain})
            if st.kind == "claim" and st.quote is not None:
                quote = self.p.extractive.texts.get(st.quote.doc_id, "")[st.quote.start:st.quote.end]
                n = book.cite(st.quote.doc_id, quote, st.quote.start)
                if n:
                    text = re.sub(r"([。！？])?$", lambda m: f"[{n}]" + (m.group(1) or "。"), text, count=1)
            ref = _EXTERNAL.match(text) if st.kind == "claim" else None
            rule = self.engine.rule(st.rule_id) if ref is None and st.kind == "claim" and st.rule_id else None
            if rule is not None and rule.doc_id is None and rule.reference and not rule.is_default \
                    and not (st.lead and not labels):
                # A rule of a document the corpus does not hold, stated in its own words (实践应用学时不少于总学时的
                # 50%): set apart with the other external references, never under a place's label.
                external.setdefault(f"{rule.reference}，语料未收录原文", []).append(text)
                continue
            if ref is not None:
                if not (st.lead and not labels):
                    external.setdefault(ref[1], []).append(text[ref.end():])
                    continue
                labels.append(f"外部参考（{ref[1]}）")  # no document of the place: the reference leads
            label = _LABEL.match(text) if st.lead and st.kind == "claim" else None
            if label is not None:
                if label[1] in labels:
                    lines.append(f"· {text[label.end():]}")  # a second part of the answer, same place
                    continue
                labels.append(label[1])
            lines.append(text if st.lead or st.kind == "note" else f"· {text}")
        for ref, texts in external.items():
            if f"外部参考（{ref}）" in labels:
                lines.extend(f"· {t}" for t in texts)
                continue
            lines.append(f"外部参考（{ref}）：" if len(texts) > 1 else f"外部参考（{ref}）：{texts[0]}")
            if len(texts) > 1:
                lines.extend(f"· {t}" for t in texts)
        fills = any(s.fills for s in claims)
        verdict = "corrected" if checked.violations or any(c.status == "corrected" for c in checked.claims) else (
            "grounded" if fills and all(c.supported for c in checked.claims) else "partial")
        report = GuardReport(verdict=verdict, claims=checked.claims, violations=checked.violations)
        return Answer(answer="\n".join(lines), refused=False, citations=list(book.citations), grounding=report,
                      intent=intent, question=q.text, region=scope.region, program=q.program,
                      notes=list(scope.notes))
