"""Trainer drafts: a school's 校本研修方案 and 校本应用考核方案, each requirement taken from the region's rules.

Usage (through the facade):
    Drafter.load(Path("corpus"), engine).school_plan("瓦房店", kind="both").to_markdown()
"""

from __future__ import annotations

import re

from assistant.drafting.model import Draft, Section
from assistant.drafting.outline import items_body, rules_body
from assistant.drafting.sources import SourceBook
from assistant.drafting.templates import PlanSection, Templates
from assistant.rules import RuleEngine
from assistant.rules.applicable import topic_matches
from assistant.rules.rule import Rule

__all__ = ["build_school_plan", "plan_kinds", "KINDS"]

KINDS = {"研修": ("研修",), "校本研修": ("研修",), "校本研修方案": ("研修",), "research": ("研修",),
         "考核": ("考核",), "校本应用考核": ("考核",), "校本应用考核方案": ("考核",), "assessment": ("考核",),
         "both": ("研修", "考核"), "全部": ("研修", "考核"), "两者": ("研修", "考核")}
NO_RULE = "所收录的文件对此没有具体规定，由学校结合实际确定（项目默认）。"


def plan_kinds(kind: str | None) -> tuple[str, ...]:
    """'研修' / '考核' / 'both' (and their longer names) → the plans to draft; anything else is a ValueError."""
    key = "both" if kind is None else re.sub(r"\s+", "", str(kind))  # an empty kind is a mistake, not "both"
    if key not in KINDS:
        raise ValueError(f"无法识别的方案类型：{kind}（可选：研修、考核、both）")
    return KINDS[key]


def _rules_for(section: PlanSection, rules: list[Rule], used: set[str]) -> list[Rule]:
    """The region's rules under the section's topics and binds, not yet used by an earlier section."""
    return [r for r in rules if r.id not in used and r.binds in section.binds
            and any(topic_matches(r.topic, t) for t in section.topics)]


def _plan(tpl: Templates, kind: str, rules: list[Rule], used: set[str], book: SourceBook,
          values: dict[str, str], level: int) -> list[Section]:
    sections = []
    for i, ps in enumerate(tpl.school_plans[kind].sections):
        chosen = _rules_for(ps, rules, used)
        used.update(r.id for r in chosen)
        refs = [book.ref(r) for r in chosen]
        basis = rules_body(refs)
        lines = [items_body(ps.items, values)]
        lines += ["文件依据：", *basis] if basis else [NO_RULE]
        sections.append(Section(key=f"plan.{kind}.{i + 1}", heading=ps.heading, level=level,
                                body="\n".join(lines), prompts=list(ps.prompts), items=list(ps.items),
                                basis=refs, source="文件" if any(r.doc_id for r in refs) else "项目默认"))
    return sections


def build_school_plan(engine: RuleEngine, tpl: Templates, book: SourceBook, region: str | None,
                      kind: str | None = "both") -> Draft:
    """Outlines grounded in the region's documents; a region without one gets national rules and a note."""
    kinds = plan_kinds(kind)
    jurisdiction = engine.jurisdiction(region)
    canonical = jurisdiction.region.canonical
    rules = engine.rules(region)
    docs = [f"《{d.title}》" + (f"（{d.doc_no}）" if d.doc_no else "") for d in jurisdiction.documents]
    values = dict.fromkeys(("subject", "grade", "topic", "tools", "environment", "point", "points"), "")
    lines = ["学校：（学校名称）", f"地区：{canonical or '（未填写）'}",
             f"依据文件：{'、'.join(docs) if docs else '语料中没有可依据的文件'}"] + list(jurisdiction.notes)
    sections = [Section(key="basic", heading="基本信息", level=1, body="\n".join(lines), source="输入",
                        items=["学校", "地区", "依据文件"])]
    used: set[str] = set()
    titles = [tpl.school_plans[k].title for k in kinds]
    for k in kinds:
        if len(kinds) > 1:
            sections.append(Section(key=f"plan.{k}", heading=tpl.school_plans[k].title, level=1,
                                    source="项目默认",
                                    body=f"以下为{tpl.school_plans[k].title}的提纲；每条要求后的编号指向文末引用的原文。"))
        sections += _plan(tpl, k, rules, used, book, values, 2 if len(kinds) > 1 else 1)
    title = f"（学校名称）{'与'.join(titles)}（提纲）"
    meta = {"region": canonical, "region_input": region, "kind": "both" if len(kinds) > 1 else kinds[0],
            "documents": jurisdiction.doc_ids}
    return Draft(title=title, kind="school_plan", meta=meta, sections=sections,
                 citations=list(book.citations), applied_rules=sorted(used), notes=list(jurisdiction.notes),
                 required={s.key: s.heading for s in sections if s.required})
