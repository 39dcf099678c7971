"""Per-point submission requirements (corpus/drafting/requirements.yaml): sections, evidence, indicators.

Usage:
    specs = load_requirements(Path("corpus/drafting/requirements.yaml"), abilities)
    specs["A1"].sections[0].items  # {'分析目的': …, '分析内容': …, '方法与工具': …}
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError, describe_validation
from assistant.drafting.placeholders import unknown_placeholders
from assistant.types import Ability

__all__ = ["SectionSpec", "ProcessSpec", "PointSpec", "load_requirements", "REFLECTION_PARTS",
           "REFLECTION_EVIDENCE"]

REFLECTION_PARTS = ("实践过程", "效果证据", "问题与不足", "改进方向")
# The reflection draft carries this evidence item; every other item needs a section of the design outline.
REFLECTION_EVIDENCE = "教学反思"


class SectionSpec(BaseModel):
    """A section a point's 设计方案 needs: its items (pre-filled), prompts and 合格/优秀 indicators."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    heading: str = Field(min_length=2)
    evidence: str = Field(min_length=2)
    items: dict[str, str] = Field(min_length=1)
    prompts: list[str] = Field(min_length=1)
    indicators: dict[Literal["合格", "优秀"], list[str]]
    items_source: Literal["规范", "项目默认"] = "项目默认"
    indicator_source: Literal["项目默认"] = "项目默认"

    @model_validator(mode="after")
    def _both_levels(self) -> "SectionSpec":
        for level in ("合格", "优秀"):
            if not self.indicators.get(level):
                raise ValueError(f"缺少{level}指标")
        return self


class ProcessSpec(BaseModel):
    """A teaching-process row a point contributes, at a named stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: str
    teacher: str = Field(min_length=2)
    student: str = Field(min_length=2)
    technology: str = Field(min_length=2)
    intent: str = Field(min_length=2)


class PointSpec(BaseModel):
    """Everything drafting needs to know about one micro-ability."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    source: Literal["规范", "项目默认"]
    basis: str | None = None
    evidence: list[str] = Field(min_length=1)
    tools: list[str] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    sections: list[SectionSpec] = Field(min_length=1)
    process: list[ProcessSpec] = Field(min_length=1)
    reflection: dict[Literal["实践过程", "效果证据", "问题与不足", "改进方向"], list[str]]


def _texts(spec: PointSpec) -> list[tuple[str, str]]:
    """(field path, text) of every template string in an entry, for the placeholder check."""
    out: list[tuple[str, str]] = []
    for i, s in enumerate(spec.sections):
        out += [(f"sections.{i}.items.{k}", v) for k, v in s.items.items()]
        out += [(f"sections.{i}.prompts.{j}", p) for j, p in enumerate(s.prompts)]
        out += [(f"sections.{i}.indicators.{lv}", t) for lv, ts in s.indicators.items() for t in ts]
    for i, row in enumerate(spec.process):
        out += [(f"process.{i}.{f}", getattr(row, f)) for f in ("teacher", "student", "technology", "intent")]
    out += [(f"reflection.{k}", q) for k, qs in spec.reflection.items() for q in qs]
    return out


def _check_entry(path: Path, spec: PointSpec, ability: Ability, stages: tuple[str, ...]) -> None:
    """Cross-checks with the catalogue and the stage list; a CorpusError names file, entry and field."""
    where = f"{path}: 条目 {spec.code}"
    if tuple(spec.evidence) != ability.evidence:
        raise CorpusError(f"{where}: 字段 evidence: 与 micro_abilities.yaml 不一致（应为 {list(ability.evidence)}）")
    if spec.source != ability.evidence_source:
        raise CorpusError(f"{where}: 字段 source: 应为 {ability.evidence_source}（与 micro_abilities.yaml 的 "
                          f"evidence_source 一致；只有规范确认的提交指南才能标为“规范”）")
    if spec.source == "规范" and not spec.basis:
        raise CorpusError(f"{where}: 字段 basis: 标为“规范”的条目须写明依据")
    for i, section in enumerate(spec.sections):
        if section.items_source == "规范" and spec.source != "规范":
            raise CorpusError(f"{where}: 字段 sections.{i}.items_source: "
                              f"只有提交指南经规范确认的能力点才能标为“规范”")
        if section.evidence not in spec.evidence:
            raise CorpusError(f"{where}: 字段 sections.{i}.evidence: “{section.evidence}”不是该点的证据项")
    covered = {s.evidence for s in spec.sections} | {REFLECTION_EVIDENCE}
    for item in spec.evidence:
        if item not in covered:
            raise CorpusError(f"{where}: 字段 sections: 证据“{item}”没有对应的小节")
    headings = [s.heading for s in spec.sections]
    if len(set(headings)) != len(headings):
        raise CorpusError(f"{where}: 字段 sections: 小节标题重复")
    missing = [p for p in REFLECTION_PARTS if not spec.reflection.get(p)]
    if missing:
        raise CorpusError(f"{where}: 字段 reflection: 缺少 {'、'.join(missing)}")
    for i, row in enumerate(spec.process):
        if row.stage not in stages:
            raise CorpusError(f"{where}: 字段 process.{i}.stage: 未知环节“{row.stage}”（可选：{'、'.join(stages)}）")
    for field, text in _texts(spec):
        bad = unknown_placeholders(text)
        if bad:
            raise CorpusError(f"{where}: 字段 {field}: 未知占位符 {{{bad[0]}}}")


def load_requirements(path: Path, abilities: list[Ability], stages: tuple[str, ...]) -> dict[str, PointSpec]:
    """Validate requirements.yaml: one entry per micro-ability, consistent with the catalogue; code → spec."""
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("points"), list):
        raise CorpusError(f"{path}: 缺少 points 列表")
    by_code = {a.code: a for a in abilities}
    out: dict[str, PointSpec] = {}
    for i, raw in enumerate(data["points"]):
        entry = str(raw.get("code", f"#{i + 1}")) if isinstance(raw, dict) else f"#{i + 1}"
        try:
            spec = PointSpec.model_validate(raw)
        except ValidationError as e:
            raise CorpusError(describe_validation(str(path), entry, e)) from e
        if spec.code not in by_code:
            raise CorpusError(f"{path}: 条目 {entry}: 字段 code: 不是微能力点编号（应为 A1–A13、B1–B10、C1–C7）")
        if spec.code in out:
            raise CorpusError(f"{path}: 条目 {entry}: 字段 code: 重复的能力点")
        _check_entry(path, spec, by_code[spec.code], stages)
        out[spec.code] = spec
    missing = [a.code for a in abilities if a.code not in out]
    if missing:
        raise CorpusError(f"{path}: 条目 (全部): 字段 points: 缺少能力点 {'、'.join(missing)}")
    return out
