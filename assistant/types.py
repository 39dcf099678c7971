"""The project's own types: every layer speaks these, never a library's."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Ability",
    "Answer",
    "GuardClaim",
    "GuardReport",
    "Chunk",
    "Citation",
    "Document",
    "Environment",
    "Passage",
    "Verdict",
    "Violation",
    "ENVIRONMENTS",
    "DIMENSIONS",
]

Environment = Literal["多媒体", "混合", "智慧"]
ENVIRONMENTS: tuple[str, ...] = ("多媒体", "混合", "智慧")
DIMENSIONS: tuple[str, ...] = ("学情分析", "教学设计", "学法指导", "学业评价")


class Verdict(str, Enum):
    """Outcome of a rule check."""

    VALID = "VALID"
    INVALID = "INVALID"
    NEEDS_INFO = "NEEDS_INFO"


class Document(BaseModel):
    """A policy document (or a trainer's own) with its manifest metadata."""

    model_config = ConfigDict(frozen=True)

    id: str
    file: str
    title: str
    issuer: str | None = None
    doc_no: str | None = None
    date: str | None = None
    region: str
    level: Literal["national", "provincial", "city", "county", "school"]
    program: Literal["1.0", "2.0"]
    notes: str | None = None
    kind: Literal["policy", "case"] = "policy"
    origin: Literal["seed", "ingested"] = "seed"
    supersedes: str | None = None


class Ability(BaseModel):
    """One of the 30 micro-abilities (微能力点)."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    dimension: Literal["学情分析", "教学设计", "学法指导", "学业评价"]
    environment: Environment
    description: str
    evidence: tuple[str, ...]
    evidence_source: Literal["规范", "项目默认"] = "项目默认"
    gap_phrases: tuple[str, ...]


class Chunk(BaseModel):
    """A span of one source document, the unit that is indexed and cited."""

    model_config = ConfigDict(frozen=True)

    id: str
    doc_id: str
    section: str
    text: str
    start: int
    end: int
    tokens: int
    region: str
    program: str
    kind: Literal["policy", "case"] = "policy"


class Passage(BaseModel):
    """A retrieved chunk with the score that ranked it."""

    chunk: Chunk
    title: str
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None
    bm25_score: float | None = None
    relevance: float | None = None  # calibrated 0–1: the estimated chance this hit holds the answer

    def to_result(self) -> dict:
        """The public JSON shape of a search hit; `score` is the calibrated relevance when known."""
        c = self.chunk
        return {
            "doc_id": c.doc_id,
            "title": self.title,
            "section": c.section,
            "text": c.text,
            "score": round(self.relevance if self.relevance is not None else self.score, 6),
            "start": c.start,
            "end": c.end,
        }


class Citation(BaseModel):
    """An exact quote from a source document with its position."""

    n: int
    doc_id: str
    title: str
    section: str
    quote: str
    start: int
    end: int


class Violation(BaseModel):
    """A broken rule: which one, why (in Chinese), and the words that set it."""

    rule_id: str
    message: str
    doc_id: str | None = None
    quote: str | None = None
    details: dict = Field(default_factory=dict)


class GuardClaim(BaseModel):
    """One sentence of an answer as the guard judged it."""

    text: str
    supported: bool
    status: Literal["supported", "corrected", "removed", "flagged"] = "supported"
    citation: int | None = None
    rule_id: str | None = None
    reason: str | None = None
    # Written by the rule engine (a selection's verdict, a code that does not exist): it describes the asker's
    # own choice, not what the policy says, so its figures are not read as policy figures.
    settled: bool = False


class GuardReport(BaseModel):
    """The guard's verdict on an answer: grounded, corrected or refused."""

    verdict: Literal["grounded", "corrected", "partial", "refused"]
    claims: list[GuardClaim] = Field(default_factory=list)
    violations: list[Violation] = Field(default_factory=list)

    def to_json(self) -> dict:
        """The `grounding` object of the ask response."""
        return {
            "verdict": self.verdict,
            "claims": [c.model_dump(exclude_none=True) for c in self.claims],
            "violations": [
                {"rule_id": v.rule_id, "message": v.message, "doc_id": v.doc_id, "quote": v.quote}
                for v in self.violations
            ],
        }


class Answer(BaseModel):
    """A checked answer: text, the citations it rests on, and the guard's report."""

    answer: str
    refused: bool
    citations: list[Citation]
    grounding: GuardReport
    intent: str
    question: str
    region: str | None = None
    program: str = "2.0"
    notes: list[str] = Field(default_factory=list)

    def to_json(self) -> dict:
        """The ask response shape."""
        return {
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.model_dump() for c in self.citations],
            "grounding": self.grounding.to_json(),
            "intent": self.intent,
            "question": self.question,
            "region": self.region,
            "program": self.program,
            "notes": self.notes,
        }
