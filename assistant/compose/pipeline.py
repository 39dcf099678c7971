"""The answer pipeline: rewrite → intent → jurisdiction → fact path or retrieval + composition → guard.

Refusal is decided here in code, not left to a prompt: an attack with no question left, a question out of
scope, or nothing relevant retrieved each get a fixed reply, and no model is called for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compose.citations import CitationBook
from assistant.compose.answerability import absent_terms, asked_nouns
from assistant.compose.english import to_chinese_terms
from assistant.compose.facts import FactFinder
from assistant.compose.followup import rewrite_followup
from assistant.compose.intent import Intent, classify, in_domain
from assistant.compose.llm import LLMComposer
from assistant.compose.offline import OfflineComposer
from assistant.compose.topics import question_topics
from assistant.guard.guard import REFUSAL, Guard
from assistant.guard.sentences import split_answer
from assistant.guard.injection import find_attacks, strip_attacks
from assistant.llm.base import LLMError
from assistant.types import Answer, GuardReport

def mentioned_codes(question: str, engine) -> list[str]:
    """Micro-ability codes (and T-codes or unknown ones such as D3: the engine judges them) in a question."""
    codes = [m.group(0).upper() for m in _CODE.finditer(question)]
    for ability in engine.catalogue.abilities:
        if ability.name in question and ability.code not in codes:
            codes.append(ability.code)
    return codes


__all__ = ["AnswerPipeline", "OUT_OF_SCOPE", "ATTACK_REPLY", "MAX_HISTORY"]

OUT_OF_SCOPE = ("这个问题不在我能回答的范围内。我可以解答中小学教师信息技术应用能力提升工程2.0的政策问题（学时、"
                "微能力点选择、校本应用考核等），也可以帮你推荐微能力点、起草设计方案和教学反思。")
ATTACK_REPLY = "我只能依据收录的政策文件回答提升工程2.0的相关问题，不能执行修改规则、扮演其他角色或透露内部设定的要求。"
RECOMMEND_HINT = "如需按你的情况挑选微能力点，请使用“微能力推荐”功能（命令 advisor recommend 或接口 /v1/recommend）。"
DRAFT_HINT = "设计方案和教学反思的提纲可用“设计方案与反思”功能生成（命令 advisor draft 或接口 /v1/draft）。"
MAX_HISTORY = 20
FACT_MIN_SCORE = 0.3
HOWTO_MIN_SCORE = 0.5
STRONG_MATCH = 0.6
_YES_NO = re.compile(r"行不行|行吗|可以吗|可以选吗|能选吗|可不可以|能不能|能吗|够不够|够吗|对不对|对吗|符合")
_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Da-dTt]\d{1,2}(?!\d)")
_ONE_O = re.compile(r"1\.0|一点零|老方案|2014|2013年|2017年前")


@dataclass
class _Context:
    question: str
    region: str | None
    program: str
    notes: list[str]


class AnswerPipeline:
    """Everything an answer needs, wired once per process by the Advisor."""

    def __init__(self, advisor, composer: OfflineComposer, llm: LLMComposer | None = None) -> None:
        self.advisor = advisor
        self.rules = advisor.rules
        self.guard = Guard(advisor.rules)
        self.facts = FactFinder(advisor.rules, advisor.retriever.expander)
        self._known: dict[str, bool] = {}
        self.offline = composer
        self.llm = llm

    # -- helpers -------------------------------------------------------------------------------------
    def _regions_in(self, text: str) -> list[tuple[int, int, str]]:
        return [(s, e, r.canonical) for s, e, r in self.rules.gazetteer.find(text) if r.known]

    def _known_word(self, word: str) -> bool:
        """Whether a policy document uses this word (some 2,000 characters of text each: a scan is cheap)."""
        if word not in self._known:
            self._known[word] = any(word in t for t in self.advisor.corpus.texts.values())
        return self._known[word]

    def _book(self) -> CitationBook:
        corpus = self.advisor.corpus
        return CitationBook(self.advisor.index, corpus.texts, {d.id: d.title for d in corpus.documents})

    def _final(self, text: str, ctx: _Context, intent: Intent, book: CitationBook, refused: bool,
               report: GuardReport) -> Answer:
        used = {int(n) for n in re.findall(r"\[(\d{1,2})\]", text)}
        citations = [c for c in book.citations if c.n in used]
        return Answer(answer=text, refused=refused, citations=citations, grounding=report, intent=intent.value,
                      question=ctx.question, region=ctx.region, program=ctx.program, notes=ctx.notes)

    def _fixed(self, text: str, ctx: _Context, intent: Intent, refused: bool = True) -> Answer:
        return self._final(text, ctx, intent, self._book(), refused, GuardReport(verdict="refused"))

    def _prefix(self, notes: list[str]) -> str:
        return "".join(f"说明：{n}\n" for n in notes)

    # -- the pipeline ----------------------------------------------------------------------------------
    def context(self, question: str, region: str | None, history: list[dict] | None) -> tuple[_Context, bool]:
        """Standalone question, region, programme and notes; and whether an attack was stripped from it."""
        cleaned, attacked = strip_attacks(question) if find_attacks(question) else (question, False)
        cleaned = to_chinese_terms(cleaned)
        # What is left of an attack is never read as a follow-up of the conversation.
        standalone = rewrite_followup(cleaned, [] if attacked else history or [], self._regions_in) if cleaned else ""
        mentioned = self._regions_in(standalone)
        if mentioned:
            region = mentioned[0][2]
        elif region is None and history:
            for m in reversed(history):
                found = self._regions_in(str(m.get("content", ""))) if m.get("role") == "user" else []
                if found:
                    region = found[0][2]
                    break
        program = "1.0" if _ONE_O.search(standalone) and not re.search(r"2\.0", standalone) else "2.0"
        jurisdiction = self.rules.jurisdiction(region, program)
        notes = [n for n in jurisdiction.notes if not n.startswith("未指定地区")]
        return _Context(standalone, jurisdiction.region.canonical, program, notes), attacked

    def _topic_words(self, question: str) -> tuple[str, list[str]]:
        """The question without place names (they chose the documents already), and those names."""
        places = [question[s:e] for s, e, _ in self._regions_in(question)]
        text = question
        for p in places:
            text = text.replace(p, " ")
        return text, places

    def _unaddressed(self, question: str, places: list[str], ctx: _Context) -> list[str]:
        """Focus words of the question that none of the governing documents (nor rule texts) contain."""
        doc_ids = self.rules.jurisdiction(ctx.region, ctx.program).doc_ids
        texts = [self.advisor.corpus.texts[d] for d in doc_ids if d in self.advisor.corpus.texts]
        texts += [r.message for r in self.rules.rules(ctx.region, ctx.program)]
        return absent_terms(question, places, texts, self.advisor.retriever.expander)

    def _checked(self, text: str, ctx: _Context, intent: Intent, book: CitationBook,
                 trusted: set[str] | None = None) -> Answer:
        prefix = self._prefix(ctx.notes)
        # The notes come from the jurisdiction itself (which documents govern): trusted like rule facts.
        trusted = (trusted or set()) | {s.bare for s in split_answer(prefix)}
        outcome = self.guard.check(prefix + text, book.citations, ctx.region, ctx.program, book.context, trusted)
        return self._final(outcome.text, ctx, intent, book, outcome.report.verdict == "refused", outcome.report)

    def _draft_hint(self, ctx: _Context) -> Answer:
        """Drafting questions: the points named and the region's rule for the scheme, then where to draft."""
        book = self._book()
        named = [self.rules.ability(c) for c in mentioned_codes(ctx.question, self.rules)]
        named = [a for a in named if a is not None]
        text = ""
        if named:
            text = "你选的微能力点：" + "、".join(f"{a.code} {a.name}" for a in named) + "。"
        fact = self.facts.answer("设计方案涵盖几个微能力点", ctx.region, ctx.program, ["design.points"], book, 0.5)
        trusted = {s.bare for s in split_answer(text)} | {DRAFT_HINT}
        if fact is not None:
            text += fact.text
            trusted |= fact.trusted
        return self._checked(f"{text}\n{DRAFT_HINT}" if text else DRAFT_HINT, ctx, Intent.DRAFT, book, trusted)

    def _recommend(self, ctx: _Context, book: CitationBook) -> Answer:
        """Recommendation questions get the recommender's three picks, with the region's count rule cited."""
        rec = self.advisor.recommend(ctx.question, region=ctx.region)
        lines = ["按你的描述，推荐以下微能力点："]
        for i, p in enumerate(rec.picks, 1):
            lines.append(f"\n{i}. {p.code} {p.name}（{p.dimension}）：{p.reason.rstrip('。')}。")
        trusted = {s.bare for s in split_answer("".join(lines))}
        rules = self.facts.answer("选几个微能力点", ctx.region, ctx.program, ["selection.count"], book, 0.0)
        text = "".join(lines)
        if rules is not None:
            text += "\n" + rules.text
            trusted |= rules.trusted
        assumptions = "".join(f"\n{a.rstrip('。')}。" for a in rec.assumptions)
        trusted |= {s.bare for s in split_answer(assumptions)} | {RECOMMEND_HINT}
        return self._checked(text + assumptions + f"\n{RECOMMEND_HINT}", ctx, Intent.RECOMMEND, book, trusted)

    def answer(self, question: str, region: str | None = None, history: list[dict] | None = None) -> Answer:
        """A checked answer; see the module docstring for the refusals."""
        ctx, attacked = self.context(question, region, history)
        topic_words, places = self._topic_words(ctx.question)
        named = bool(places)
        if attacked and (not ctx.question or not in_domain(ctx.question, named)):
            return self._fixed(ATTACK_REPLY, ctx, Intent.OUT_OF_SCOPE)
        intent = classify(ctx.question, named, self._known_word)
        if intent is Intent.OUT_OF_SCOPE:
            return self._fixed(OUT_OF_SCOPE, ctx, intent)
        if intent is Intent.DRAFT:
            return self._draft_hint(ctx)
        # Focus words no governing document contains (字数, 证书, 工资…) demand a strong match, or no answer.
        unaddressed = self._unaddressed(topic_words, places, ctx)
        book = self._book()
        hint = f"\n{RECOMMEND_HINT}" if intent is Intent.RECOMMEND else ""
        if intent is Intent.RECOMMEND:
            return self._recommend(ctx, book)
        codes = mentioned_codes(ctx.question, self.rules)
        mapped = self.facts.legacy_mapping(ctx.question, codes, ctx.program, book) if codes else None
        if mapped is not None:
            return self._checked(mapped.text, ctx, intent, book, mapped.trusted)
        if codes and _YES_NO.search(ctx.question):
            checked = self.facts.check_selection(codes, ctx.region, ctx.program, book)
            return self._checked(checked.text, ctx, intent, book, checked.trusted)
        # A question that states a figure is checked claim by claim and answered yes or no.
        verified = self.facts.verify(ctx.question, ctx.region, ctx.program, book)
        if verified is not None:
            return self._checked(verified.text + hint, ctx, intent, book, verified.trusted | {RECOMMEND_HINT})
        expand = self.advisor.retriever.expander.expand
        topics = question_topics(expand(ctx.question)) or (["selection.count"] if intent is Intent.RECOMMEND else [])
        threshold = FACT_MIN_SCORE if intent in (Intent.FACT, Intent.RECOMMEND) else HOWTO_MIN_SCORE
        fact = self.facts.answer(topic_words, ctx.region, ctx.program, topics, book, threshold,
                                 lambda clause: question_topics(expand(clause)))
        asked_absent = set(unaddressed) & set(asked_nouns(topic_words))
        if fact is not None and not asked_absent and (not unaddressed or fact.score >= STRONG_MATCH):
            return self._checked(fact.text + hint, ctx, intent, book, fact.trusted | {RECOMMEND_HINT})
        book = self._book()
        passages = self.advisor.search(ctx.question, region=ctx.region, k=5, program=ctx.program).passages
        texts = self.advisor.corpus.texts
        composed = self.offline.compose(self.advisor.retriever.expander.expand(topic_words), passages, texts, book)
        # Nothing relevant retrieved: the fixed reply, and no model is called.
        if composed is None or asked_absent or (unaddressed and composed[1] < STRONG_MATCH):
            return self._fixed(REFUSAL, ctx, intent)
        draft = composed[0]
        if self.llm is not None:
            llm_book = self._book()
            messages = self.llm.messages(ctx.question, passages, texts, llm_book, ctx.region, ctx.notes)
            try:
                draft, book = self.llm.compose(messages), llm_book
            except LLMError:
                pass  # the model is down or slow: the offline answer, already composed, still serves
        return self._checked(draft + hint, ctx, intent, book, {RECOMMEND_HINT})
