"""What a draft is: sections with prompts and indicators, the process table, a case, checks and sources."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.rules.results import verdict_label, violation_json
from assistant.types import Citation, Verdict, Violation

__all__ = [
    "Indicator", "RuleRef", "Section", "ProcessRow", "CaseRef", "Completeness", "Correction", "Draft",
    "Finding", "Review", "DraftKind", "PROCESS_HEADER",
]

DraftKind = Literal["design", "reflection", "school_plan"]
PROCESS_HEADER = ("环节", "教师活动", "学生活动", "技术应用", "设计意图")


class Indicator(BaseModel):
    """A 合格/优秀 indicator a section serves, for which point and evidence item, and whose words they are."""

    level: Literal["合格", "优秀"]
    text: str
    point: str | None = None
    evidence: str | None = None
    source: Literal["项目默认", "规范"] = "项目默认"


class RuleRef(BaseModel):
    """A rule a section rests on: its message, the document and words that set it, and its citation number."""

    rule_id: str
    message: str
    doc_id: str | None = None
    quote: str | None = None
    kind: str = "requirement"
    reference: str | None = None
    n: int | None = None


class Section(BaseModel):
    """One heading of a draft: its text, the prompts that guide it, the indicators it serves and its basis."""

    key: str
    heading: str
    level: int = Field(1, ge=1, le=4)
    body: str = ""
    prompts: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    points: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)
    required: bool = True
    source: Literal["规范", "项目默认", "文件", "输入"] | None = None
    basis: list[RuleRef] = Field(default_factory=list)
    status: Literal["outline", "drafted", "corrected", "fallback"] = "outline"
    table: bool = False


class ProcessRow(BaseModel):
    """A row of the teaching-process table: 环节 | 教师活动 | 学生活动 | 技术应用 | 设计意图."""

    stage: str
    teacher: str
    student: str
    technology: str
    intent: str
    points: list[str] = Field(default_factory=list)

    def cells(self) -> list[str]:
        """The five cells in table order."""
        return [self.stage, self.teacher, self.student, self.technology, self.intent]


class CaseRef(BaseModel):
    """A related case from the library, with the parts a draft quotes."""

    id: str
    title: str
    subject: str
    grade: str
    environment: str
    points: list[str]
    excerpt: dict[str, str] = Field(default_factory=dict)
    illustrative: bool = True


class Completeness(BaseModel):
    """Whether every required section is present and non-empty."""

    complete: bool
    missing: list[str] = Field(default_factory=list)
    sections: int = 0

    def to_json(self) -> dict[str, Any]:
        """{complete, missing, sections}."""
        return {"complete": self.complete, "missing": list(self.missing), "sections": self.sections}


class Correction(BaseModel):
    """A sentence of model-written text the guard corrected or removed, and the rule that required it."""

    section: str
    status: Literal["corrected", "removed"]
    original: str
    corrected: str | None = None
    rule_id: str | None = None
    message: str | None = None
    doc_id: str | None = None
    quote: str | None = None


class Draft(BaseModel):
    """A 设计方案, 教学反思 or 校本方案 outline (or model-written draft), checked and ready to export."""

    title: str
    kind: DraftKind
    meta: dict[str, Any] = Field(default_factory=dict)
    sections: list[Section] = Field(default_factory=list)
    process: list[ProcessRow] = Field(default_factory=list)
    case: CaseRef | None = None
    citations: list[Citation] = Field(default_factory=list)
    verdict: Verdict = Verdict.VALID
    violations: list[Violation] = Field(default_factory=list)
    applied_rules: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    required: dict[str, str] = Field(default_factory=dict)
    completeness: Completeness = Field(default_factory=lambda: Completeness(complete=False))
    model: str | None = None

    def section(self, key: str) -> Section | None:
        """The section with this key, or None."""
        return next((s for s in self.sections if s.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """The API shape of a draft."""
        return {
            "title": self.title,
            "kind": self.kind,
            "meta": self.meta,
            "sections": [s.model_dump(mode="json") for s in self.sections],
            "process": {"header": list(PROCESS_HEADER), "rows": [r.model_dump() for r in self.process]},
            "case": self.case.model_dump() if self.case else None,
            "citations": [c.model_dump() for c in self.citations],
            "verdict": self.verdict.value,
            "violations": [violation_json(v) for v in self.violations],
            "applied_rules": list(self.applied_rules),
            "notes": list(self.notes),
            "corrections": [c.model_dump() for c in self.corrections],
            "completeness": self.completeness.to_json(),
            "model": self.model,
        }

    def to_markdown(self) -> str:
        """The draft as Markdown (headings, the process table, indicators, sources)."""
        from assistant.drafting.export import to_markdown

        return to_markdown(self)


class Finding(BaseModel):
    """One thing a reviewed draft lacks: a section, the table, a point, a required item, or a wrong figure."""

    kind: Literal["section", "empty", "table", "point", "item", "figure", "region"]
    target: str
    message: str


class Review(BaseModel):
    """The review of a teacher's own draft against the chosen points' requirements and the region's rules."""

    complete: bool
    verdict: Verdict
    findings: list[Finding] = Field(default_factory=list)
    violations: list[Violation] = Field(default_factory=list)
    sections_found: list[str] = Field(default_factory=list)
    points_mentioned: list[str] = Field(default_factory=list)
    has_table: bool = False
    notes: list[str] = Field(default_factory=list)
    applied_rules: list[str] = Field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """The messages of every finding, in order."""
        return [f.message for f in self.findings]

    def to_json(self) -> dict[str, Any]:
        """{complete, verdict, missing, findings, violations, sections_found, points_mentioned, …}."""
        return {
            "complete": self.complete,
            "verdict": self.verdict.value,
            "missing": self.missing,
            "findings": [f.model_dump() for f in self.findings],
            "violations": [violation_json(v) for v in self.violations],
            "sections_found": list(self.sections_found),
            "points_mentioned": list(self.points_mentioned),
            "has_table": self.has_table,
            "notes": list(self.notes),
            "applied_rules": list(self.applied_rules),
        }

    def to_markdown(self) -> str:
        """The review as a short Markdown report."""
        lines = ["# 草稿审阅结果", "", f"- 结论：{'完整' if self.complete else '不完整'}；规则核验：{verdict_label(self.verdict)}"]
        lines.append(f"- 识别到的小节：{'、'.join(self.sections_found) or '无'}")
        lines.append(f"- 提到的能力点：{'、'.join(self.points_mentioned) or '无'}")
        if self.findings:
            lines += ["", "## 需要补充或修改", ""] + [f"- {f.message}" for f in self.findings]
        if self.violations:
            lines += ["", "## 与规定不符", ""]
            lines += [f"- {v.message}" + (f"（原文：“{v.quote}”）" if v.quote else "") for v in self.violations]
        if self.notes:
            lines += ["", "## 说明", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"
