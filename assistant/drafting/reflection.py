"""The 教学反思 outline tied to the same points: 实践过程, 效果证据, 问题与不足, 改进方向.

Usage (through the facade):
    Drafter.load(Path("corpus"), engine).reflection(["A1", "B2"], "物理", "初中二年级", "浮力")
"""

from __future__ import annotations

from assistant.drafting.design import draft_meta, required_of
from assistant.drafting.inputs import DraftInput
from assistant.drafting.model import CaseRef, Draft, Indicator, Section
from assistant.drafting.outline import (base_values, basic_section, case_section, items_body, point_label,
                                        point_values)
from assistant.drafting.placeholders import fill
from assistant.drafting.regional import RegionalCheck, regional_section
from assistant.drafting.requirements import REFLECTION_EVIDENCE, PointSpec
from assistant.drafting.templates import CommonSection, Templates

__all__ = ["build_reflection"]


def _indicators(part: CommonSection, inp: DraftInput, values: dict[str, str]) -> list[Indicator]:
    """The part's 合格/优秀 indicators, for each point whose evidence includes 教学反思 (or for the draft)."""
    owners = [a.code for a in inp.points if REFLECTION_EVIDENCE in a.evidence] or [None]
    return [Indicator(level=level, text=fill(text, values), point=code,
                      evidence=REFLECTION_EVIDENCE if code else None)
            for code in owners for level in ("合格", "优秀") for text in part.indicators.get(level, [])]


def _part(part: CommonSection, inp: DraftInput, specs: dict[str, PointSpec],
          values: dict[str, str]) -> Section:
    """One of the four parts: generic items, then a line per point with that point's own guiding question."""
    lines = [items_body(part.items, values)]
    prompts = [fill(p, values) for p in part.prompts]
    for ability in inp.points:
        spec = specs[ability.code]
        pv = point_values(values, ability, spec, inp)
        questions = [fill(q, pv) for q in spec.reflection[part.heading]]
        prompts += [f"{ability.code}：{q}" for q in questions]
        lines.append(f"{point_label(ability)}：（围绕“{questions[0]}”如实填写）")
    return Section(key=part.key, heading=part.heading, level=1, body="\n".join(lines), prompts=prompts,
                   indicators=_indicators(part, inp, values), points=inp.codes, items=list(part.items),
                   source="项目默认")


def build_reflection(inp: DraftInput, specs: dict[str, PointSpec], tpl: Templates, regional: RegionalCheck,
                     case: CaseRef | None) -> Draft:
    """The reflection outline with point- and topic-specific guiding questions; no model involved."""
    values = base_values(inp, specs, tpl)
    without = [a.code for a in inp.points if REFLECTION_EVIDENCE not in a.evidence]
    extra = []
    if without:
        extra.append(f"说明：{'、'.join(without)} 的证据要求中没有单列教学反思（项目默认），本反思可作为校本应用考核的"
                     f"应用反思使用。")
    sections = [basic_section(inp, regional.region, extra)]
    sections += [_part(part, inp, specs, values) for part in tpl.reflection]
    sections.append(regional_section(regional, "反思所依据的方案", inp.codes, regional.submission_refs))
    case_part = case_section(case, ("情境", "反思要点"))
    if case_part:
        sections.append(case_part)
    title = f"《{inp.topic}》教学反思（{'、'.join(inp.codes)}）"
    notes = inp.notes + regional.notes
    if any("应用反思" in r.message for r in regional.submission_refs):
        notes.append("所在地区文件把这份材料称为“应用反思”，与设计方案一并提交。")
    return Draft(title=title, kind="reflection", meta=draft_meta(inp, regional), sections=sections,
                 case=case, verdict=regional.verdict, violations=regional.violations,
                 applied_rules=regional.applied, notes=notes, required=required_of(sections))
