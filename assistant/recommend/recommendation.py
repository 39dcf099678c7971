"""What a recommendation returns: three picks with reasons, evidence, a case and policy basis; runners-up; caveats."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.rules.results import violation_json
from assistant.types import Verdict, Violation

__all__ = ["Recommendation", "Pick", "RunnerUp", "PolicyCitation", "CaseRef"]


class PolicyCitation(BaseModel):
    """A rule that makes the picks valid: its id, document and exact words (None for project defaults)."""

    rule_id: str
    doc_id: str | None = None
    quote: str | None = None
    message: str


class CaseRef(BaseModel):
    """A case from the library that shows the point in practice."""

    id: str
    title: str
    subject: str
    grade: str


class Pick(BaseModel):
    """One recommended micro-ability and why it fits this teacher."""

    code: str
    name: str
    dimension: str
    environment: str
    reason: str
    submit: list[str]
    case: CaseRef | None = None
    citations: list[PolicyCitation] = Field(default_factory=list)
    score: float = 0.0
    quote: str | None = None

    def to_json(self) -> dict[str, Any]:
        """{code, name, dimension, environment, reason, submit, case, citations}."""
        return {
            "code": self.code, "name": self.name, "dimension": self.dimension,
            "environment": self.environment, "reason": self.reason, "submit": list(self.submit),
            "case": self.case.model_dump() if self.case else None,
            "citations": [c.model_dump() for c in self.citations],
        }


class RunnerUp(BaseModel):
    """A valid point that scored just below the picks."""

    code: str
    name: str
    score: float


class Recommendation(BaseModel):
    """Three fitting, valid micro-abilities for a teacher's text, with the assumptions they rest on."""

    picks: list[Pick]
    runners_up: list[RunnerUp] = Field(default_factory=list)
    verdict: Verdict
    violations: list[Violation] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    question: str | None = None
    environment: str
    region: str
    subject: str | None = None
    grade: str | None = None

    @property
    def codes(self) -> list[str]:
        """The picked codes, best first."""
        return [p.code for p in self.picks]

    def to_json(self) -> dict[str, Any]:
        """{picks, runners_up, verdict, violations, assumptions, notes, question, environment, region, …}."""
        return {
            "picks": [p.to_json() for p in self.picks],
            "runners_up": [r.model_dump() for r in self.runners_up],
            "verdict": self.verdict.value,
            "violations": [violation_json(v) for v in self.violations],
            "assumptions": list(self.assumptions),
            "notes": list(self.notes),
            "question": self.question,
            "environment": self.environment,
            "region": self.region,
            "subject": self.subject,
            "grade": self.grade,
        }
