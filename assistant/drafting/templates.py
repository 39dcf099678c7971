"""Shared drafting templates (corpus/drafting/templates.yaml): common sections, stages, school plans."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError, describe_validation
from assistant.drafting.placeholders import unknown_placeholders

__all__ = ["CommonSection", "RowSpec", "PlanSection", "PlanSpec", "Templates", "load_templates"]

Binds = Literal["teacher", "school", "district", "province"]


class CommonSection(BaseModel):
    """A section every draft of a kind has (or a submission template a region asks for)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = ""
    heading: str = Field(min_length=2)
    items: dict[str, str] = Field(min_length=1)
    prompts: list[str] = Field(min_length=1)
    indicators: dict[Literal["合格", "优秀"], list[str]] = Field(default_factory=dict)


class RowSpec(BaseModel):
    """A generic teaching-process row for a stage no chosen point fills."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    teacher: str
    student: str
    technology: str
    intent: str


class PlanSection(BaseModel):
    """A section of a school plan: which rule topics ground it, and what the school writes itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    heading: str = Field(min_length=2)
    topics: list[str] = Field(min_length=1)
    binds: list[Binds] = Field(default_factory=lambda: ["teacher", "school"])
    items: dict[str, str] = Field(min_length=1)
    prompts: list[str] = Field(min_length=1)


class PlanSpec(BaseModel):
    """The outline of a 校本研修方案 or a 校本应用考核方案."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    sections: list[PlanSection] = Field(min_length=1)


class Templates(BaseModel):
    """All shared templates, validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stages: tuple[str, ...] = Field(min_length=1)
    core_stages: tuple[str, ...] = Field(min_length=1)
    generic_rows: dict[str, RowSpec]
    default_tools: dict[Literal["多媒体", "混合", "智慧"], list[str]]
    design: list[CommonSection] = Field(min_length=1)
    reflection: list[CommonSection] = Field(min_length=4)
    submissions: dict[str, CommonSection] = Field(default_factory=dict)
    school_plans: dict[Literal["研修", "考核"], PlanSpec]

    @model_validator(mode="after")
    def _consistent(self) -> "Templates":
        unknown = [s for s in (*self.core_stages, *self.generic_rows) if s not in self.stages]
        if unknown:
            raise ValueError(f"未知环节：{'、'.join(unknown)}")
        if not set(self.core_stages) <= set(self.generic_rows):
            raise ValueError("每个必有环节都要有通用行")
        keys = [s.key for s in (*self.design, *self.reflection)]
        if any(not k for k in keys):
            raise ValueError("design 与 reflection 的每一节都要有 key")
        if {"研修", "考核"} - set(self.school_plans):
            raise ValueError("school_plans 须同时有 研修 与 考核")
        return self


def _strings(data: object, where: str = ""):
    """Every string in nested data with its dotted path."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, f"{where}.{k}" if where else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, f"{where}.{i}")


def load_templates(path: Path) -> Templates:
    """Validate templates.yaml; any problem is a CorpusError naming file, entry and field."""
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: 应为键值对")
    for field, text in _strings(data):
        bad = unknown_placeholders(text)
        if bad:
            top = field.split(".")[0]
            raise CorpusError(f"{path}: 条目 {top}: 字段 {field}: 未知占位符 {{{bad[0]}}}")
    try:
        return Templates.model_validate(data)
    except ValidationError as e:
        raise CorpusError(describe_validation(str(path), "templates", e)) from e
