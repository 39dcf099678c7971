"""Explaining the picks in Chinese: a reason tied to the teacher's words, a matching case, the policy basis."""

from __future__ import annotations

from assistant.corpus.cases import Case
from assistant.recommend.cues import CueTable
from assistant.recommend.recommendation import CaseRef, PolicyCitation
from assistant.recommend.scoring import PointScore
from assistant.recommend.understanding import ENV_RANK
from assistant.rules.results import CheckResult
from assistant.types import Ability

__all__ = ["reason_for", "case_for", "citations_for", "CITED_TOPICS", "ENV_LONG"]

CITED_TOPICS = ("selection.count", "selection.dimensions", "selection.environment", "selection.basis")
ENV_LONG = {"多媒体": "多媒体教学环境", "混合": "混合学习环境", "智慧": "智慧学习环境"}
_LETTER_ENV = {"A": "多媒体", "B": "混合", "C": "智慧"}


def _label(a: Ability) -> str:
    return f"{a.code}「{a.name}」"


def _substitute(ps: PointScore, cues: CueTable, letters: list[str], by_code: dict[str, Ability]) -> str:
    """When the need's most direct point is out of reach in this environment, say so."""
    need = next((n for n in cues.needs if n.need == ps.need), None)
    if need is None:
        return ""
    direct = [c for c, w in need.points.items() if w >= 1.0 and c[0] not in letters and c in by_code]
    if not direct or ps.code in direct:
        return ""
    other = by_code[direct[0]]
    return (f"最直接对应的{_label(other)}属于{ENV_LONG[_LETTER_ENV[other.code[0]]]}的能力点，"
            f"您学校的环境不能选，")


def reason_for(ps: PointScore, ability: Ability, cues: CueTable, letters: list[str],
               by_code: dict[str, Ability], requested: list[str], vague: bool, dims: list[str]) -> str:
    """One or two Chinese sentences: the teacher's own words, the need behind them, what the point trains."""
    focus = cues.focus.get(ability.code, ability.description[:40])
    head = f"{_label(ability)}（{ability.dimension}维度）"
    if ability.code in requested:
        lead = f"您点名想选{ability.code}，在您学校的环境下可以选。"
        if ps.quote:
            lead += f"您也提到“{ps.quote}”。"
        return f"{lead}{head}练的是：{focus}。"
    if ps.quote and ps.need:
        swap = _substitute(ps, cues, letters, by_code)
        if swap:
            return f"您提到“{ps.quote}”（{ps.need}）。{swap}可以先从{head}入手：{focus}。"
        if ps.strong:
            return f"您提到“{ps.quote}”，这属于“{ps.need}”方面的需要；{head}练的正是：{focus}。"
        return f"您提到“{ps.quote}”，{head}也能从旁帮上忙：{focus}。"
    if ps.quote:
        like = f"，和这个能力点常见的困难“{ps.phrase}”相近" if ps.phrase else ""
        return f"您提到“{ps.quote}”{like}；{head}练的是：{focus}。"
    if vague:
        return f"您的描述还比较笼统，{head}是常见且容易上手的能力点：{focus}。"
    return (f"为使三项组合有效并兼顾{'、'.join(dims)}等维度，补充{head}：{focus}。"
            f"它与您的描述关联较弱，可按需要换成备选项。")


def case_for(code: str, cases: list[Case], subject: str | None, stage: str | None, environment: str,
             similarity: dict[str, float]) -> CaseRef | None:
    """The library case of this point that best matches subject, 学段, the school's environment and the text."""
    fitting = [c for c in cases if code in c.points]
    if not fitting:
        return None

    def rank(c: Case) -> tuple:
        """Subject, then 学段, then an environment the school has, then closeness to the text."""
        fits_env = ENV_RANK[c.environment] <= ENV_RANK[environment]
        return (-(2.0 * (c.subject == subject) + 1.0 * (c.stage == stage) + 0.5 * fits_env
                  + 0.25 * similarity.get(c.id, 0.0)), c.id)

    best = min(fitting, key=rank)
    return CaseRef(id=best.id, title=best.title, subject=best.subject, grade=best.grade)


def citations_for(check: CheckResult | None, engine) -> list[PolicyCitation]:
    """The selection rules the engine applied to reach VALID, each with its document and words."""
    if check is None:
        return []
    out = []
    for rule_id in check.applied_rules:
        rule = engine.rule(rule_id)
        if rule is not None and rule.topic in CITED_TOPICS:
            out.append(PolicyCitation(rule_id=rule.id, doc_id=rule.doc_id, quote=rule.quote,
                                      message=rule.message))
    return out
