"""A rule: one hard constraint of a document (or a project default), its parameters and its provenance."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.types import Violation

__all__ = ["Rule", "Review", "Source", "Program", "figure", "bounds", "PERCENT_UNITS", "UNITS", "normalize_program"]

Program = Literal["1.0", "2.0"]
UNITS = ("学时", "%", "比例", "个", "所", "人", "年", "月")
PERCENT_UNITS = ("%", "比例")
OPS = (">=", "<=", "==", ">", "<")
NUMERIC_KEYS = ("value", "min", "max", "exact", "preferred")
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_TOPIC = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_PROGRAMS = {"2.0": "2.0", "2": "2.0", "提升工程2.0": "2.0", "1.0": "1.0", "1": "1.0", "提升工程1.0": "1.0"}


def normalize_program(program: object) -> str | None:
    """'2.0', 2, '提升工程2.0' → '2.0'; None → None (any programme); anything else is a ValueError."""
    if program is None or (isinstance(program, str) and not program.strip()):
        return None
    key = str(program).strip()
    if key not in _PROGRAMS:
        raise ValueError(f"无法识别的项目版本：{program}（只能是 1.0 或 2.0）")
    return _PROGRAMS[key]


def figure(raw: object) -> float:
    """A parameter number: 50, 0.5 or a fraction written '2/3'."""
    if isinstance(raw, bool):
        raise ValueError(f"不是数字：{raw!r}")
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", raw):
        return float(Fraction(raw.replace(" ", "")))
    raise ValueError(f"不是数字：{raw!r}")


class Source(BaseModel):
    """The document and its exact words that set a rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_id: str
    quote: str = Field(min_length=2)


class Review(BaseModel):
    """Who accepted an extracted rule and when; `edited` when they changed what was extracted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    by: str = Field(min_length=1)
    at: str = Field(min_length=10)
    edited: bool = False
    confidence: float | None = None


class Rule(BaseModel):
    """One constraint as data: what it says (message, params), whom it binds, and where it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    region: str
    program: Program
    binds: Literal["teacher", "school", "district", "province"]
    kind: Literal["requirement", "fact", "default"]
    topic: str
    params: dict[str, Any] = Field(default_factory=dict)
    message: str = Field(min_length=4)
    source: Source | None = None
    reference: str | None = None
    review: Review | None = None

    @field_validator("id")
    @classmethod
    def _dotted_id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id 须为点分小写标识，如 beijing.selection.min_points")
        return v

    @field_validator("topic")
    @classmethod
    def _dotted_topic(cls, v: str) -> str:
        if not _TOPIC.match(v):
            raise ValueError("topic 须为点分小写键，如 hours.total")
        return v

    @field_validator("params")
    @classmethod
    def _params(cls, p: dict[str, Any]) -> dict[str, Any]:
        for key in NUMERIC_KEYS:
            if key in p:
                figure(p[key])
        if "op" in p and p["op"] not in OPS:
            raise ValueError(f"op 只能是 {' '.join(OPS)}")
        if "value" in p and "op" not in p:
            raise ValueError("有 value 时必须写 op（>=、<=、==）")
        if "unit" in p and p["unit"] not in UNITS:
            raise ValueError(f"unit 只能是 {'、'.join(UNITS)}")
        if "values" in p and not all(isinstance(x, (int, float)) for x in p["values"]):
            raise ValueError("values 须为数字列表")
        if "min" in p and "max" in p and figure(p["min"]) > figure(p["max"]):
            raise ValueError("min 大于 max")
        return p

    @model_validator(mode="after")
    def _provenance(self) -> "Rule":
        if self.kind == "default":
            if self.source is not None or "项目默认" not in self.message:
                raise ValueError("项目默认规则不能有 source，且 message 须注明“项目默认”")
        elif self.source is None and not self.reference:
            raise ValueError("非默认规则须有 source（doc_id + quote）或外部 reference")
        if self.topic.startswith("hours.") and self.params.get("unit") in ("学时", "%", "比例"):
            if bounds(self) == (None, None):
                raise ValueError("学时规则须给出数值界限（value+op、min、max 或 exact）")
        return self

    @property
    def doc_id(self) -> str | None:
        """The id of the document that sets the rule (None for defaults and external facts)."""
        return self.source.doc_id if self.source else None

    @property
    def quote(self) -> str | None:
        """The document's exact words (None for defaults and external facts)."""
        return self.source.quote if self.source else None

    @property
    def is_default(self) -> bool:
        """A project default, not an official requirement."""
        return self.kind == "default"

    def violation(self, detail: str = "", message: str | None = None, **details: Any) -> Violation:
        """A Violation of this rule: the rule's message (or `message`), then what was found."""
        message = (message or self.message) + (f"（{detail}）" if detail else "")
        if self.reference and not self.source:
            details.setdefault("reference", self.reference)
        return Violation(rule_id=self.id, message=message, doc_id=self.doc_id, quote=self.quote, details=details)

    def to_json(self) -> dict[str, Any]:
        """The rule as plain JSON (for `advisor rules list --json` and the API); `review` only when reviewed."""
        data = self.model_dump(mode="json")
        if data.get("review") is None:
            data.pop("review", None)
        return data


def bounds(rule: Rule) -> tuple[float | None, float | None]:
    """(lower, upper) a quantity must lie within; exact and '==' give lower == upper."""
    p = rule.params
    if "exact" in p:
        v = figure(p["exact"])
        return v, v
    lo = figure(p["min"]) if "min" in p else None
    hi = figure(p["max"]) if "max" in p else None
    if "value" in p:
        v, op = figure(p["value"]), p["op"]
        if op in (">=", ">", "=="):
            lo = v
        if op in ("<=", "<", "=="):
            hi = v
    return lo, hi
