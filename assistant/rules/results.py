"""What a check returns: a verdict, the violations, the rules applied, notes; for text also the claims."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.types import Verdict, Violation

__all__ = ["verdict_label", "VERDICT_LABELS", "CheckResult", "Claim", "TextReport", "verdict_for", "violation_json"]

ClaimStatus = Literal["supported", "contradicted", "unknown"]


def violation_json(v: Violation) -> dict[str, Any]:
    """The public JSON shape of a violation."""
    return {"rule_id": v.rule_id, "message": v.message, "doc_id": v.doc_id, "quote": v.quote}


def verdict_for(violations: list[Violation], missing: bool = False) -> Verdict:
    """INVALID when anything is broken, else NEEDS_INFO when something could not be checked, else VALID."""
    if violations:
        return Verdict.INVALID
    return Verdict.NEEDS_INFO if missing else Verdict.VALID


class CheckResult(BaseModel):
    """Outcome of checking a selection or an hours plan."""

    verdict: Verdict
    violations: list[Violation] = Field(default_factory=list)
    applied_rules: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def rule_ids(self) -> list[str]:
        """The ids of the broken rules, in order."""
        return [v.rule_id for v in self.violations]

    def to_json(self) -> dict[str, Any]:
        """{verdict, violations:[{rule_id, message, doc_id, quote}], applied_rules, notes}."""
        return {
            "verdict": self.verdict.value,
            "violations": [violation_json(v) for v in self.violations],
            "applied_rules": list(self.applied_rules),
            "notes": list(self.notes),
        }


class Claim(BaseModel):
    """One checkable statement found in free text, and how it fares against the governing rules."""

    text: str
    kind: Literal["number", "date", "ability_code", "ability_name", "doc_no"]
    value: Any = None
    unit: str | None = None
    status: ClaimStatus = "unknown"
    rule_id: str | None = None
    quote: str | None = None
    doc_id: str | None = None
    topic: str | None = None
    region: str | None = None
    reading: Literal["statement", "plan"] | None = None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape of a claim."""
        return self.model_dump(mode="json")


class TextReport(CheckResult):
    """Outcome of checking free text: each claim with its status, the violations and a verdict."""

    claims: list[Claim] = Field(default_factory=list)
    verdict: Verdict = Verdict.VALID

    def to_json(self) -> dict[str, Any]:
        """{verdict, claims:[…], violations:[…], applied_rules, notes}."""
        out = super().to_json()
        return {"verdict": out.pop("verdict"), "claims": [c.to_json() for c in self.claims], **out}


# How a verdict reads to a teacher: never the English enum.
VERDICT_LABELS = {"VALID": "符合规定", "INVALID": "不符合规定", "NEEDS_INFO": "需补充信息"}


def verdict_label(verdict) -> str:
    """「符合规定 / 不符合规定 / 需补充信息」 for a Verdict or its value."""
    value = getattr(verdict, "value", verdict)
    return VERDICT_LABELS.get(str(value), str(value))
