"""Examples from the case library: the cases that match the question's points, subject, stage and words."""

from __future__ import annotations

import re

from assistant.compose.question import Question
from assistant.compose.reply import Reply, Statement
from assistant.corpus.cases import Case
from assistant.drafting.cases import normalize_subject
from assistant.corpus.lexicon import default_lexicon
from assistant.guard.evidence import Evidence

__all__ = ["CaseAnswerer", "asks_example"]

ROUTES = default_lexicon().routes
_EXAMPLE = ROUTES["asks_example"]
_POLICY_CASE = ROUTES["policy_case"]


def asks_example(q: Question) -> bool:
    """A request for a classroom example (有没有初中化学用课件的例子), not a question about policy cases."""
    return bool(_EXAMPLE.search(q.text)) and not _POLICY_CASE.search(q.text)


class CaseAnswerer:
    """Ranks the case library by the question (points first, then subject, stage, environment and words)."""

    def __init__(self, cases: list[Case], engine) -> None:
        self.cases = cases
        self.engine = engine

    def _score(self, case: Case, q: Question, words: list[str]) -> float:
        score = 3.0 * len(set(q.codes) & set(case.points))
        names = [self.engine.catalogue.find(p).name for p in case.points if self.engine.catalogue.find(p)]
        if q.subject and normalize_subject(q.subject) == normalize_subject(case.subject):
            score += 2.0
        if q.stage and q.stage == case.stage:
            score += 1.0
        if q.environment and q.environment == case.environment:
            score += 0.5
        text = f"{case.title} {case.subject} {case.grade} {' '.join(names)} {' '.join(case.tools)} {case.body}"
        score += sum(1.0 if w in case.title else 0.3 for w in words if w in text)
        return score

    def answer(self, q: Question, words: list[str], limit: int = 2) -> Reply:
        """Up to `limit` cases, best first, each with its points, class and first steps."""
        ranked = sorted(self.cases, key=lambda c: (-self._score(c, q, words), c.id))
        ranked = [c for c in ranked if self._score(c, q, words) >= 2.0][:limit]
        if not ranked:
            return Reply(status="no_basis", source="cases")
        statements = []
        for i, case in enumerate(ranked):
            points = "、".join(f"{p} {self.engine.catalogue.find(p).name}" for p in case.points
                              if self.engine.catalogue.find(p))
            steps = case.sections.get("实施步骤", "").strip().splitlines()
            first = re.sub(r"^\d+[.、]\s*", "", steps[0]).strip() if steps else ""
            text = (f"案例库中的参考案例《{case.title}》（{points}；{case.grade}{case.subject}；{case.environment}环境）"
                    + (f"：{first.rstrip('。')}。" if first else "。"))
            ev = [Evidence(f"案例库中的参考案例《{case.title}》\n{points}\n{case.grade}{case.subject} {case.environment}环境\n"
                           f"{case.body}")]
            statements.append(Statement(text, evidence=ev, fills=True, lead=(i == 0)))
        statements.append(Statement("说明：案例库中的案例为示例性质，供设计时参考，不是政策要求。", kind="note"))
        return Reply(statements, "answered", 1.0, "cases")
