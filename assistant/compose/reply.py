"""What an answer is made of before it is checked and rendered: statements, each with the evidence it rests on.

A statement is a claim (checked by the verifier against its evidence) or a note (the product's own words about the
corpus or where to go next: typed as such, never presented as a policy statement). Rendering numbers the
citations in order of use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.guard.evidence import Evidence

__all__ = ["Statement", "Reply", "Quote"]


@dataclass(frozen=True)
class Quote:
    """An exact span of a corpus document to cite."""

    doc_id: str
    start: int
    end: int


@dataclass
class Statement:
    """One sentence of an answer, what it rests on, and whether it fills the slot the question asked."""

    text: str
    kind: Literal["claim", "note"] = "claim"
    evidence: list[Evidence] = field(default_factory=list)
    quote: Quote | None = None
    rule_id: str | None = None
    fills: bool = False
    lead: bool = False
    # Written by the rule engine or from the catalogue about the user's own choice (当前覆盖1个维度): the guard
    # verifies it against its evidence but does not judge its figures as a statement of policy again.
    settled: bool = False


@dataclass
class Reply:
    """The statements of an answer and how it ended: answered, no basis in the documents, out of scope, attack."""

    statements: list[Statement] = field(default_factory=list)
    status: Literal["answered", "no_basis", "out_of_scope", "attack"] = "answered"
    confidence: float = 1.0
    source: str = ""

    @property
    def refused(self) -> bool:
        """True unless the documents answered."""
        return self.status != "answered"

    @property
    def fills(self) -> bool:
        """Whether some claim fills the asked slot."""
        return any(s.fills for s in self.statements if s.kind == "claim")

    def extend(self, other: "Reply") -> None:
        """Append another reply's statements (a sub-question's answer)."""
        self.statements.extend(other.statements)
