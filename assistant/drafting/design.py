"""The 设计方案 outline for one or more points: common sections, each point's sections, the process table.

Usage (through the facade):
    Drafter.load(Path("corpus"), engine).design(["A1", "B2"], "物理", "初中二年级", "浮力", region="北京")
"""

from __future__ import annotations

from assistant.drafting.inputs import DraftInput
from assistant.drafting.model import CaseRef, Draft, RuleRef, Section
from assistant.drafting.outline import (base_values, basic_section, case_section, common_section, indicators,
                                        items_body, point_label, point_values, rules_body)
from assistant.drafting.placeholders import fill
from assistant.drafting.process import build_process
from assistant.drafting.regional import RegionalCheck, regional_section, submission_sections
from assistant.drafting.requirements import REFLECTION_EVIDENCE, PointSpec
from assistant.drafting.templates import Templates
from assistant.types import Ability

__all__ = ["build_design", "point_sections", "evidence_section", "required_of", "draft_meta"]


def _point_head(ability: Ability, spec: PointSpec) -> Section:
    """The level-2 heading of a point: what it is, what it asks for, and whether that is confirmed."""
    if spec.source == "规范":
        origin = f"提交要求依据：{spec.basis}（规范）。"
    else:
        origin = ("提交要求来源：项目默认——全国未统一确认该点的提交指南，以下小节由该点常见的证据形式推出，"
                  "请以所在地区或学校的考核方案为准。")
    body = "\n".join([ability.description, f"需提交的证据：{'、'.join(spec.evidence)}。", origin])
    return Section(key=f"point.{ability.code}", heading=point_label(ability), level=2, body=body,
                   points=[ability.code], source=spec.source)


def point_sections(inp: DraftInput, specs: dict[str, PointSpec], values: dict[str, str]) -> list[Section]:
    """Every chosen point's heading and the sections its 设计方案 needs, pre-filled for the topic."""
    out: list[Section] = []
    for ability in inp.points:
        spec = specs[ability.code]
        pv = point_values(values, ability, spec, inp)
        out.append(_point_head(ability, spec))
        for s in spec.sections:
            out.append(Section(
                key=f"point.{ability.code}.{s.heading}", heading=s.heading, level=3,
                body=items_body(s.items, pv), prompts=[fill(p, pv) for p in s.prompts],
                indicators=indicators(s.indicators, pv, ability.code, s.evidence), points=[ability.code],
                items=list(s.items), source=spec.source))
    return out


def evidence_section(inp: DraftInput, specs: dict[str, PointSpec], refs: list[RuleRef]) -> Section:
    """提交材料清单: every evidence item of every point, and where in the drafts it is prepared."""
    lines = []
    for ability in inp.points:
        spec = specs[ability.code]
        where = {s.evidence: s.heading for s in spec.sections}
        parts = [f"{item}（见“{where[item]}”）" if item in where else
                 f"{item}（见教学反思草稿）" if item == REFLECTION_EVIDENCE else item for item in spec.evidence]
        lines.append(f"{point_label(ability)}（提交要求：{spec.source}）：{'；'.join(parts)}。")
    lines += rules_body(refs)
    return Section(key="materials", heading="提交材料清单", level=1, body="\n".join(lines), basis=refs,
                   points=[a.code for a in inp.points], source="项目默认")


def required_of(sections: list[Section], labels: dict[str, str] | None = None) -> dict[str, str]:
    """key → label of every required section; point sections are labelled 'A1 … › 小节'."""
    labels = labels or {}
    out: dict[str, str] = {}
    for s in sections:
        if s.required:
            out[s.key] = labels.get(s.key, s.heading)
    return out


def _labels(inp: DraftInput, sections: list[Section]) -> dict[str, str]:
    names = {a.code: point_label(a) for a in inp.points}
    return {s.key: f"{names[s.points[0]]} › {s.heading}" for s in sections
            if s.level == 3 and s.key.startswith("point.")}


def build_design(inp: DraftInput, specs: dict[str, PointSpec], tpl: Templates, regional: RegionalCheck,
                 case: CaseRef | None) -> Draft:
    """The structured outline: prompts, indicators, table, case, regional check; no model involved."""
    values = base_values(inp, specs, tpl)
    codes = inp.codes
    sections = [basic_section(inp, regional.region)]
    sections += [common_section(c, values, codes) for c in tpl.design]
    sections.append(Section(key="points", heading="微能力点应用设计", level=1, points=codes, source="项目默认",
                            body=f"本方案涵盖{len(codes)}个微能力点：{values['points']}。下列各点的小节对应该点需提交的证据。"))
    sections += point_sections(inp, specs, values)
    process = build_process(inp, specs, tpl, values)
    sections.append(Section(
        key="process", heading="教学过程", level=1, table=True, points=codes, source="项目默认",
        body=f"下表按教学环节预填了与{'、'.join(codes)}和《{inp.topic}》相关的内容，请结合实际修改；"
             f"标注能力点编号的环节体现该能力点的应用。",
        prompts=["每个环节的技术应用是否服务于该环节的学习目标？", "所选的每个能力点是否都在表中有对应的环节？"]))
    sections += submission_sections(regional, tpl, values, codes)
    sections.append(evidence_section(inp, specs, regional.submission_refs + regional.evidence_refs))
    sections.append(regional_section(regional, "方案", codes))
    case_part = case_section(case, ("情境", "实施步骤", "形成的证据"))
    if case_part:
        sections.append(case_part)
    title = f"《{inp.topic}》信息技术应用设计方案（{'、'.join(codes)}）"
    return Draft(title=title, kind="design", meta=draft_meta(inp, regional), sections=sections,
                 process=process, case=case, verdict=regional.verdict, violations=regional.violations,
                 applied_rules=regional.applied, notes=inp.notes + regional.notes,
                 required=required_of(sections, _labels(inp, sections)))


def draft_meta(inp: DraftInput, regional: RegionalCheck) -> dict:
    """The request as the draft records it (canonical region, the governing documents, the points)."""
    return {"subject": inp.subject, "grade": inp.grade, "stage": inp.stage, "topic": inp.topic,
            "environment": inp.environment, "tools": inp.tools, "region": regional.region,
            "region_input": inp.region, "documents": regional.documents,
            "points": [a.model_dump(include={"code", "name", "dimension", "environment", "evidence_source"})
                       for a in inp.points]}

