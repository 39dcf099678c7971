"""Checking what a teacher asks a draft for: points, subject, grade, topic, environment, tools, region."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.drafting.cases import normalize_subject, stage_of
from assistant.guard.injection import find_attacks
from assistant.rules import RuleEngine
from assistant.rules.selection import normalize_environment, split_items
from assistant.types import Ability

__all__ = ["DraftInput", "resolve_points", "parse_input", "require_text", "MAX_POINTS", "MAX_FIELD",
           "MAX_TOPIC"]

MAX_POINTS = 5
MAX_FIELD = 20
MAX_TOPIC = 60
MAX_TOOLS = 8


@dataclass(frozen=True)
class DraftInput:
    """Validated inputs of a design or reflection draft."""

    points: list[Ability]
    subject: str
    grade: str
    stage: str | None
    topic: str
    environment: str | None
    tools: list[str]
    region: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        """The chosen codes, in the order given."""
        return [a.code for a in self.points]


def require_text(value: object, label: str, limit: int) -> str:
    """A non-empty single-line field of at most `limit` characters, free of injected instructions."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", str(value or ""))  # XML cannot hold these
    text = re.sub(r"\s+", " ", text).strip()
    # Exported files are opened in Word, WPS and Markdown viewers: no live markup from a form field.
    text = re.sub(r"(?i)javascript\s*:", "", text).replace("<", "＜").replace(">", "＞")
    if not text:
        raise ValueError(f"{label}不能为空")
    if len(text) > limit:
        raise ValueError(f"{label}过长（不超过{limit}个字）")
    if find_attacks(text):
        raise ValueError(f"{label}中含有疑似指令的内容，请只填写{label}本身")
    return text


def resolve_points(engine: RuleEngine, abilities: list[str] | str) -> tuple[list[Ability], list[str]]:
    """Codes or names → abilities (duplicates dropped with a note); unknown ones are a ValueError."""
    items = split_items(abilities if abilities is not None else [])
    if not items:
        raise ValueError("请至少选择一个微能力点（编号如 A1，或名称如 技术支持的学情分析）")
    found: list[Ability] = []
    unknown: list[str] = []
    notes: list[str] = []
    for raw in items:
        ability = engine.ability(raw)
        if ability is None:
            unknown.append(engine.catalogue.why_unknown(raw))
        elif ability.code in {a.code for a in found}:
            notes.append(f"{raw} 与已选的 {ability.code} {ability.name} 是同一个能力点，已去重。")
        else:
            found.append(ability)
    if unknown:
        raise ValueError("；".join(unknown))
    if len(found) > MAX_POINTS:
        raise ValueError(f"一份草稿最多涵盖{MAX_POINTS}个微能力点，当前选了{len(found)}个：{'、'.join(a.code for a in found)}")
    return found, notes


def _tools(tools: list[str] | str | None) -> list[str]:
    items = split_items(tools) if tools else []
    if len(items) > MAX_TOOLS:
        raise ValueError(f"工具最多填写{MAX_TOOLS}个")
    return [require_text(t, "工具名称", MAX_FIELD) for t in items]


def parse_input(engine: RuleEngine, abilities: list[str] | str, subject: str, grade: str, topic: str,
                environment: str | None = None, tools: list[str] | str | None = None,
                region: str | None = None) -> DraftInput:
    """Validate every field; a bad one is a ValueError with a Chinese message that names it."""
    points, notes = resolve_points(engine, abilities)
    subject = normalize_subject(require_text(subject, "学科", MAX_FIELD)) or ""
    grade = require_text(grade, "年级", MAX_FIELD)
    topic = require_text(topic, "课题", MAX_TOPIC).strip("《》")
    env = normalize_environment(environment)
    region_text = require_text(region, "地区", MAX_FIELD) if region and str(region).strip() else None
    return DraftInput(points=points, subject=subject, grade=grade, stage=stage_of(grade), topic=topic,
                      environment=env, tools=_tools(tools), region=region_text, notes=notes)
