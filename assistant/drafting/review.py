"""Review of a teacher's own draft against the chosen points' requirements and the region's rules.

Lists what is missing — sections absent or empty, the teaching-process table, points never mentioned, the
规范 items of A1/C4 — and the figures that contradict the rules (engine.check_text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.chunking.headings import clean_line, detect_heading
from assistant.drafting.completeness import is_filled, item_present
from assistant.drafting.model import Finding, Review
from assistant.drafting.outline import point_label
from assistant.drafting.periods import mask_periods, unmask_periods
from assistant.drafting.regional import RegionalCheck
from assistant.drafting.requirements import PointSpec
from assistant.rules import RuleEngine
from assistant.rules.results import verdict_for
from assistant.types import Ability

__all__ = ["review_text", "split_sections", "ReviewKind", "COMMON_DESIGN", "REFLECTION_SYNONYMS"]

ReviewKind = Literal["auto", "design", "reflection"]
COMMON_DESIGN = {"学情分析": ("学情分析", "学情"), "教学目标": ("教学目标", "学习目标")}
PROCESS_SYNONYMS = ("教学过程", "教学流程", "教学环节", "教学活动")
REFLECTION_SYNONYMS = {"实践过程": ("实践过程", "实施过程", "过程回顾", "教学过程"),
                       "效果证据": ("效果证据", "教学效果", "实践效果", "效果", "成效"),
                       "问题与不足": ("问题与不足", "存在的问题", "存在问题", "不足"),
                       "改进方向": ("改进方向", "改进措施", "改进", "努力方向")}
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十\d]{1,2}[、.．]\s*|[（(][一二三四五六七八九十\d]{1,2}[)）]\s*)")
_SHORT_LABEL = re.compile(r"^[^，。；,;]{2,16}[：:]?$")
# A numbered or bare label of up to 12 characters, then '：' and text on the same line.
_LABELLED = re.compile(r"^(?:[一二三四五六七八九十\d]{1,2}[、.．]\s*|[（(][一二三四五六七八九十\d]{1,2}[)）]\s*)?"
                       r"([^：:，。；\s]{2,12})[：:]\s*(.*)$")


@dataclass
class _Part:
    heading: str
    body: str


def _inline(line: str, labels: tuple[str, ...]) -> tuple[str, str] | None:
    """'二、效果证据：学生……' → ('效果证据', '学生……') when the line opens with a known section label."""
    m = _LABELLED.match(clean_line(line))
    if m and any(m.group(1).startswith(label) for label in labels):
        return m.group(1).strip(), m.group(2)
    return None


def split_sections(text: str, labels: tuple[str, ...] = ()) -> list[_Part]:
    """Headings ('#', 一、, （一）, 1., a short line ending in '：', a known label opening a line), their text."""
    parts: list[_Part] = []
    current: _Part | None = None
    for line in text.splitlines():
        stripped = line.strip()
        inline = _inline(stripped, labels) if labels else None
        numbered = (detect_heading(stripped, allow_markdown=True) is not None
                    and len(clean_line(stripped)) <= 30 and not stripped.startswith("|"))
        labelled = bool(_SHORT_LABEL.match(stripped)) and stripped.endswith(("：", ":"))
        is_heading = inline is None and (stripped.startswith("#") or numbered or labelled)
        if inline is not None:
            current = _Part(inline[0], inline[1] + "\n")
            parts.append(current)
        elif is_heading:
            current = _Part(_NUMBERING.sub("", clean_line(stripped)).rstrip("：:"), "")
            parts.append(current)
        elif current is not None:
            current.body += line + "\n"
        elif stripped:
            current = _Part("", line + "\n")
            parts.append(current)
    return parts


def _find(parts: list[_Part], synonyms: tuple[str, ...]) -> _Part | None:
    """The first part titled by a synonym that has content, else the first so titled."""
    matches = [p for p in parts if p.heading and any(s in p.heading for s in synonyms)]
    return next((p for p in matches if is_filled(p.body)), matches[0] if matches else None)


def _has_table(text: str) -> bool:
    """A table whose header names 环节 and the teacher's or the students' activity (any format)."""
    for line in text.splitlines():
        if "环节" in line and ("教师活动" in line or "学生活动" in line):
            return True
    return False


def _mentions(ability: Ability, text: str) -> bool:
    code = re.search(rf"(?<![A-Za-z0-9]){ability.code}(?!\d)", text, re.I)
    return bool(code) or any(name in text for name in (ability.name, *ability.aliases))


_Expected = tuple[str, tuple[str, ...], Ability | None, list[str]]


def _expected(kind: str, points: list[Ability], specs: dict[str, PointSpec]) -> list[_Expected]:
    """(label, heading synonyms, point, 规范 items) of every section the draft must have."""
    if kind == "reflection":
        return [(label, syn, None, []) for label, syn in REFLECTION_SYNONYMS.items()]
    out = [(label, syn, None, []) for label, syn in COMMON_DESIGN.items()]
    for ability in points:
        spec = specs[ability.code]
        for s in spec.sections:
            evidence = re.sub(r"（.*?）", "", s.evidence)
            synonyms = (s.heading, evidence) if evidence not in ("教学设计", "设计方案") else (s.heading,)
            items = list(s.items) if s.items_source == "规范" else []
            out.append((f"{point_label(ability)} › {s.heading}", synonyms, ability, items))
    return out


def _kind(text: str, parts: list[_Part], kind: ReviewKind) -> str:
    if kind != "auto":
        return kind
    head = " ".join(p.heading for p in parts[:3]) + text[:80]
    return "reflection" if "反思" in head and "设计" not in head else "design"


def review_text(engine: RuleEngine, specs: dict[str, PointSpec], text: str, points: list[Ability],
                regional: RegionalCheck, kind: ReviewKind = "auto") -> Review:
    """Findings for a draft's text: what is missing, what is empty, and which figures contradict the rules."""
    kind = _kind(text, split_sections(text), kind)
    expected = _expected(kind, points, specs)
    parts = split_sections(text, tuple(s for _, synonyms, _, _ in expected for s in synonyms))
    findings: list[Finding] = []
    for label, synonyms, ability, items in expected:
        part = _find(parts, synonyms)
        default = "" if ability is None or specs[ability.code].source == "规范" else "（项目默认要求）"
        if part is None:
            findings.append(Finding(kind="section", target=label, message=f"缺少“{label}”一节{default}"))
        elif not is_filled(part.body):
            findings.append(Finding(kind="empty", target=label, message=f"“{label}”一节没有内容"))
        else:
            for item in items:
                if not item_present(item, part.body):
                    findings.append(Finding(kind="item", target=f"{label} › {item}",
                                            message=f"“{label}”缺少规范要求的“{item}”"))
    table = _has_table(text)
    if kind == "design" and not table:
        where = _find(parts, PROCESS_SYNONYMS)
        findings.append(Finding(kind="table", target="教学过程",
                                message="缺少教学过程表（环节 | 教师活动 | 学生活动 | 技术应用 | 设计意图）"
                                        + ("" if where else "，也没有找到“教学过程”一节")))
    mentioned = [a.code for a in points if _mentions(a, text)]
    for ability in points:
        if ability.code not in mentioned:
            findings.append(Finding(kind="point", target=ability.code,
                                    message=f"草稿中没有提到所选的能力点 {point_label(ability)}"))
    report = engine.check_text(mask_periods(text), regional.region)
    found = [v.model_copy(update={"message": unmask_periods(v.message)}) for v in report.violations]
    violations = found + list(regional.violations)
    findings += [Finding(kind="figure", target=v.rule_id, message=v.message) for v in found]
    findings += [Finding(kind="region", target=v.rule_id, message=v.message) for v in regional.violations]
    complete = not any(f.kind in ("section", "empty", "item", "table", "point") for f in findings)
    notes = list(regional.notes)
    if any(specs[a.code].source == "项目默认" for a in points) and kind == "design":
        notes.append("除A1、C4外，各能力点的小节要求为项目默认（全国未统一确认），请以本地考核方案为准。")
    return Review(complete=complete, verdict=verdict_for(violations), findings=findings,
                  violations=violations,
                  sections_found=[p.heading for p in parts if p.heading], points_mentioned=mentioned,
                  has_table=table, notes=notes,
                  applied_rules=list(dict.fromkeys(report.applied_rules + regional.applied)))
