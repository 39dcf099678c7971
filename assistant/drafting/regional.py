"""What a region asks of a teacher's design and reflection, from the rule engine: counts, submissions."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.drafting.model import RuleRef, Section
from assistant.drafting.outline import indicators, items_body, rules_body
from assistant.drafting.placeholders import fill
from assistant.drafting.sources import SourceBook
from assistant.drafting.templates import Templates
from assistant.rules import RuleEngine
from assistant.rules.results import verdict_for
from assistant.rules.rule import bounds
from assistant.rules.selection import environment_fit
from assistant.types import Ability, Verdict, Violation

__all__ = ["RegionalCheck", "check_region", "regional_section", "submission_sections"]


@dataclass
class RegionalCheck:
    """The region's verdict on a draft's points, the rules behind it, and the submissions it asks for."""

    region: str | None
    documents: list[str]
    verdict: Verdict
    violations: list[Violation] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    refs: list[RuleRef] = field(default_factory=list)
    submission_refs: list[RuleRef] = field(default_factory=list)
    evidence_refs: list[RuleRef] = field(default_factory=list)
    submissions: list[tuple[str, RuleRef]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _environment(engine: RuleEngine, region: str | None, points: list[Ability], environment: str | None,
                 applied: list[str]) -> tuple[list[Violation], list[str]]:
    """Points beyond the school's environment (a project default) — or a note when it is unknown."""
    violations: list[Violation] = []
    notes: list[str] = []
    for rule in engine.facts(region, topic="selection.environment"):
        applied.append(rule.id)
        found, beyond = environment_fit(rule, points, environment)
        violations += found
        if beyond:
            notes.append(f"未填写学校信息化环境，无法确认{'、'.join(beyond)}是否适合所在学校（{rule.message}）")
    return violations, notes


def check_region(engine: RuleEngine, book: SourceBook, points: list[Ability], region: str | None,
                 environment: str | None, tpl: Templates) -> RegionalCheck:
    """Judge the draft's points against the region's design rules; collect submission rules and templates."""
    jurisdiction = engine.jurisdiction(region)
    applied: list[str] = []
    violations: list[Violation] = []
    refs: list[RuleRef] = []
    notes = list(jurisdiction.notes)
    n = len(points)
    codes = "、".join(a.code for a in points)
    for rule in engine.facts(region, topic="design.points"):
        applied.append(rule.id)
        refs.append(book.ref(rule))
        lo, hi = bounds(rule)
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            violations.append(rule.violation(f"当前方案涵盖{n}个微能力点：{codes}", count=n))
    for rule in engine.facts(region, topic="selection.count"):
        if rule.is_default:
            continue
        applied.append(rule.id)
        refs.append(book.ref(rule))
        lo, hi = bounds(rule)
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            notes.append(f"{rule.message}（本草稿涵盖{n}个，请确认个人所选能力点的总数符合这一要求。）")
    env_violations, env_notes = _environment(engine, region, points, environment, applied)
    violations += env_violations
    notes += env_notes
    submission_refs: list[RuleRef] = []
    submissions: list[tuple[str, RuleRef]] = []
    for rule in engine.facts(region, topic="submission"):
        ref = book.ref(rule)
        submission_refs.append(ref)
        applied.append(rule.id)
        for item in rule.params.get("items", []):
            if item in tpl.submissions and item not in {s for s, _ in submissions}:
                submissions.append((item, ref))
    evidence_refs = [book.ref(r) for r in engine.facts(region, topic="evidence")]
    applied += [r.rule_id for r in evidence_refs]
    # Titles, not ids: this list is printed in drafts a teacher hands in.
    return RegionalCheck(region=jurisdiction.region.canonical,
                         documents=[f"《{d.title}》" for d in jurisdiction.documents],
                         verdict=verdict_for(violations), violations=violations,
                         applied=list(dict.fromkeys(applied)), refs=refs, submission_refs=submission_refs,
                         evidence_refs=evidence_refs, submissions=submissions, notes=notes)


def regional_section(check: RegionalCheck, what: str, codes: list[str],
                     extra: list[RuleRef] | None = None) -> Section:
    """地区要求与核验: the region's rules with citations, the verdict, and what the corpus lacks."""
    lines = [f"地区：{check.region or '全国'}；依据文件：{'、'.join(check.documents) or '无'}。"]
    lines += rules_body(check.refs) or ["所收录的文件对本草稿涵盖的能力点数量没有具体规定。"]
    lines += rules_body(extra or [])
    if check.violations:
        lines += [f"核验结论：不符合。{v.message}" + (f"（原文：“{v.quote}”）" if v.quote else "")
                  for v in check.violations]
    else:
        lines.append(f"核验结论：本{what}涵盖{len(codes)}个微能力点（{'、'.join(codes)}），未发现与适用规定不符之处。")
    lines += check.notes
    return Section(key="regional", heading="地区要求与核验", level=1, body="\n".join(lines), source="文件",
                   basis=check.refs + (extra or []), points=codes)


def submission_sections(check: RegionalCheck, tpl: Templates, values: dict[str, str],
                        codes: list[str]) -> list[Section]:
    """Templates for the materials the region asks for (瓦房店's 学习指导案, Beijing's 实践展示)."""
    out = []
    for item, ref in check.submissions:
        t = tpl.submissions[item]
        body = items_body(t.items, values)
        out.append(Section(key=f"submission.{item}", heading=t.heading, level=1,
                           body=f"{body}\n（地区要求：{SourceBook.sentence(ref)}）",
                           prompts=[fill(p, values) for p in t.prompts],
                           indicators=indicators(t.indicators, values), items=list(t.items), basis=[ref],
                           points=codes, source="项目默认"))
    return out
