"""The fact path: governed facts answered from the rule engine, in the words of the document that set them.

The region's governing rules are ranked against the question like passages are (IDF-weighted word overlap
with the rule's message and source quote, plus the rule engine's own cue words for the figure asked); a
question that states a figure ("还是80学时吗") is checked claim by claim instead, and answered yes or no.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.compose.citations import CitationBook
from assistant.compose.overlap import Overlap, question_words
from assistant.guard.sentences import split_answer
from assistant.rules import RuleEngine
from assistant.retrieval.glossary import QueryExpander
from assistant.rules.rule import Rule

__all__ = ["FactAnswer", "FactFinder"]

MAX_RULES = 3
CUE_BONUS = 0.35
LOCAL_BONUS = 0.1
MIN_SCORE = 0.5
# Asked for the total, a teacher also needs how it splits: one companion rule from the same source.
COMPANIONS = {"hours.total": ("hours.practice_ratio", "hours.practice", "hours.online"),
              "hours.courses": ("hours.course_ratio",), "hours.cases": ("hours.case_ratio",)}
_CLAUSES = re.compile(r"[，,；;。？?！!]+|\s+(?=\S*(?:多少|几|比例|什么时候|啥时候))")
_ASKS = re.compile(r"多少|几|比例|百分|占比|什么时候|啥时候|何时|哪年|几月|截止|文号")



@dataclass
class FactAnswer:
    """Sentences taken from rule messages (trusted by the guard), the rules used and how well they matched."""

    text: str
    trusted: set[str] = field(default_factory=set)
    rule_ids: list[str] = field(default_factory=list)
    score: float = 0.0


_ENVIRONMENT_NAMES = {"多媒体": "多媒体教学环境", "混合": "混合学习环境", "智慧": "智慧学习环境"}


def _figure_sentence(rule: Rule, book: CitationBook) -> str:
    message = rule.message.rstrip("。")
    if rule.source is not None:
        n = book.cite(rule.source.doc_id, rule.source.quote)
        return f"{message}[{n}]。" if n else f"{message}。"
    if rule.kind == "default":
        return f"{message}（本项目默认做法，并非文件规定）。"
    reference = rule.reference or "外部文件"
    if reference in message:
        return f"{message}。"
    return f"{message}（依据{reference}，本库未收录原文）。"


class FactFinder:
    """Ranks one engine's rules against questions; IDF comes from the rule texts themselves."""

    def __init__(self, engine: RuleEngine, expander: QueryExpander | None = None) -> None:
        self.engine = engine
        self.expander = expander or QueryExpander({})
        self._text_of = {r.id: self._text(r) for r in engine.all_rules}
        self.overlap = Overlap(list(self._text_of.values()))

    @staticmethod
    def _text(rule: Rule) -> str:
        return f"{rule.message} {rule.source.quote if rule.source else ''}"

    def ranked(self, question: str, region: str | None, program: str, cue_topics: list[str]) -> list[tuple[float, Rule]]:
        """Governing rules by score (ties keep precedence: local before national)."""
        words = question_words(self.expander.expand(question))
        out = []
        for order, rule in enumerate(self.engine.rules(region, program)):
            score = self.overlap.score(words, self._text_of[rule.id])
            if any(rule.topic == t or rule.topic.startswith(t + ".") for t in cue_topics):
                score += CUE_BONUS
            if rule.kind == "default":
                score -= 0.1  # a project default answers only when no document does
            elif rule.region != "全国" and score > 0:
                score += LOCAL_BONUS  # the asker's own region speaks first
            out.append((score, -order, rule))
        out.sort(key=lambda x: (-x[0], -x[1]))
        return [(s, r) for s, _, r in out]

    def answer(self, question: str, region: str | None, program: str, cue_topics: list[str],
               book: CitationBook, min_score: float = MIN_SCORE, clause_topics=None) -> FactAnswer | None:
        """The best rule, plus rules that answer other parts of the question; None below min_score.

        A question in several clauses ("总共多少学时，实践要占多少") gets the best rule of each clause.
        """
        clauses = [c for c in _CLAUSES.split(question) if len(c) >= 2 and _ASKS.search(c)]
        if clause_topics is not None and len(clauses) > 1:
            picked: list[Rule] = []
            best = 0.0
            for clause in clauses:
                fresh = [(s, r) for s, r in self.ranked(clause, region, program, clause_topics(clause))
                         if r not in picked]
                if fresh and fresh[0][0] >= min_score:
                    picked.append(fresh[0][1])
                    best = max(best, fresh[0][0])
            if len(picked) > 1:
                return self._render(picked[:MAX_RULES], book, best)
        ranked = self.ranked(question, region, program, cue_topics)
        if not ranked or ranked[0][0] < min_score:
            return None
        words = question_words(self.expander.expand(question))
        chosen: list[Rule] = [ranked[0][1]]
        covered = {w for w in words if w in self._text_of[chosen[0].id]}
        for score, rule in ranked[1:]:
            if len(chosen) == MAX_RULES or score < max(min_score, ranked[0][0] * 0.75):
                break
            gain = {w for w in words if w in self._text_of[rule.id]} - covered
            if gain and rule.message not in {c.message for c in chosen}:
                chosen.append(rule)
                covered |= gain
        self._add_companion(chosen, region, program)
        return self._render(chosen, book, ranked[0][0])

    def _add_companion(self, chosen: list[Rule], region: str | None, program: str) -> None:
        first = chosen[0]
        wanted = COMPANIONS.get(first.topic)
        if not wanted or len(chosen) >= MAX_RULES:
            return
        same = first.source.doc_id if first.source else first.reference
        for rule in self.engine.rules(region, program):
            origin = rule.source.doc_id if rule.source else rule.reference
            if rule.topic in wanted and origin == same and rule not in chosen:
                if not any(c.topic in wanted for c in chosen):
                    chosen.append(rule)
                return

    def check_selection(self, codes: list[str], region: str | None, program: str, book: CitationBook,
                        environment: str | None = None) -> FactAnswer:
        """"只选A1一个行不行": the rule engine's verdict on the selection, with the words of each rule."""
        result = self.engine.check_selection(codes, region, environment, program)
        lead = "可以。" if result.verdict.value == "VALID" else ("不行。" if result.verdict.value == "INVALID" else "")
        sentences = [lead] if lead else []
        for v in result.violations:
            message = v.message.rstrip("。")
            n = book.cite(v.doc_id, v.quote) if v.doc_id and v.quote else None
            sentences.append(f"{message}[{n}]。" if n else f"{message}。")
        if result.verdict.value == "VALID":
            for rule_id in result.applied_rules:
                rule = self.engine.rule(rule_id)
                if rule and rule.source and rule.topic.startswith("selection"):
                    sentences.append(_figure_sentence(rule, book))
        sentences += [f"{n.rstrip('。')}。" for n in result.notes if not n.startswith("未指定地区")]
        trusted = {s.bare for text in sentences for s in split_answer(text)}
        return FactAnswer("".join(sentences), trusted, list(result.applied_rules), 1.0)

    def legacy_mapping(self, question: str, codes: list[str], program: str, book: CitationBook) -> FactAnswer | None:
        """"T11技术支持的课堂导入 2.0还能选吗": a 1.0 course code is not a 2.0 point; a 2.0 point of the same
        name is (matched by the name the teacher wrote, never guessed from the number). None unless the
        question names a 1.0 code and nothing but 1.0 codes and same-named points."""
        catalogue = self.engine.catalogue
        legacy = [c for c in codes if catalogue.is_legacy(c)]
        same = [a for a in catalogue.abilities if a.name in question]
        others = [c for c in codes if c not in legacy and c not in {a.code for a in same}]
        rule = next((r for r in self.engine.rules(None, program) if r.topic == "catalogue.legacy"), None)
        if rule is None or not legacy or others:
            return None
        sentences = [_figure_sentence(rule, book)]
        for a in same:
            env = _ENVIRONMENT_NAMES.get(a.environment, f"{a.environment}环境")
            sentences.append(f"2.0中名称相同的微能力点是{a.code}“{a.name}”（{a.dimension}维度，{env}），"
                             f"选择时请写{a.code}。")
        if not same:
            sentences.insert(0, "不能。")
            codes_2 = [a.code for a in catalogue.abilities]
            sentences.append(f"2.0请从{len(codes_2)}个微能力点（{codes_2[0]}–{codes_2[-1]}，分A、B、C三类）中选择。")
        trusted = {s.bare for text in sentences for s in split_answer(text)}
        return FactAnswer("".join(sentences), trusted, [rule.id], 1.0)

    def verify(self, question: str, region: str | None, program: str, book: CitationBook) -> FactAnswer | None:
        """A question that states figures: 不对 / 是的, then the governing rule for each figure."""
        report = self.engine.check_text(question, region, program)
        judged = [c for c in report.claims if c.status in ("supported", "contradicted") and c.rule_id]
        if not judged or any(c.kind not in ("number", "date", "doc_no") for c in judged):
            return None
        ids = list(dict.fromkeys(c.rule_id for c in judged if self.engine.rule(c.rule_id)))
        rules = [self.engine.rule(i) for i in ids]
        if not rules:
            return None
        # "北京要100学时吗": 100 meets "at least 50" but is not what the rule asks, so the answer is still no.
        wrong = [c for c in judged if c.status == "contradicted" or self._differs(c)]
        lead = ("不是。" if wrong else "是的。")
        answer = self._render(rules[:MAX_RULES], book, 1.0)
        answer.text = lead + answer.text
        answer.trusted.add(lead)
        return answer

    def _differs(self, claim) -> bool:
        rule = self.engine.rule(claim.rule_id)
        if rule is None or claim.kind != "number" or not isinstance(claim.value, (int, float)):
            return False
        target = next((rule.params[k] for k in ("value", "exact", "min") if k in rule.params), None)
        if not isinstance(target, (int, float)) or rule.params.get("unit") not in (None, claim.unit):
            return False
        return abs(float(claim.value) - float(target)) > 1e-6

    def _render(self, rules: list[Rule], book: CitationBook, score: float) -> FactAnswer:
        sentences = [_figure_sentence(r, book) for r in rules]
        trusted = {s.bare for text in sentences for s in split_answer(text)}
        return FactAnswer("".join(sentences), trusted, [r.id for r in rules], score)
