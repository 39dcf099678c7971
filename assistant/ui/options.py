"""Choices the forms offer (regions, environments, grades) and how a form's value becomes an argument."""

from __future__ import annotations

import re

__all__ = ["REGIONS", "ENVIRONMENTS", "ANY_REGION", "UNSAID", "region_arg", "environment_arg", "text_arg",
           "not_ready", "ability_choices"]

ANY_REGION = "（不限地区）"
UNSAID = "（未说明）"
REGIONS = [ANY_REGION, "北京", "江苏", "南京", "瓦房店", "大连", "广东", "上海", "其他地区"]
ENVIRONMENTS = [UNSAID, "多媒体", "混合", "智慧"]


def region_arg(value: str | None) -> str | None:
    """A dropdown value as the advisor's region: None for 不限 / 其他 / empty; a typed name as written."""
    value = (value or "").strip()
    return None if not value or value.startswith("（") or value == "其他地区" else value


def environment_arg(value: str | None) -> str | None:
    """A dropdown value as the advisor's environment (None when not said)."""
    value = (value or "").strip()
    return None if not value or value.startswith("（") else value


def text_arg(value: str | None) -> str | None:
    """An optional text field: stripped, None when empty."""
    value = (value or "").strip()
    return value or None


def not_ready(holder) -> str:
    """What to show while the index loads, or why it failed."""
    return f"⚠ {holder.error}" if getattr(holder, "error", None) else "索引加载中，请稍候再试。"


def ability_choices(engine) -> list[tuple[str, str]]:
    """(label, code) pairs for a picker: 'A1 技术支持的学情分析（学情分析·多媒体）' → 'A1'."""
    if engine is None:
        return []
    abilities = engine.catalogue.abilities
    return [(f"{a.code} {a.name}（{a.dimension}·{a.environment}）", a.code) for a in abilities]


_MD_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\(\s*<?([^)\s>]{1,500})>?[^)]{0,200}\)")
_URL = re.compile(r"(?i)\b(?:https?|ftp)://([^\s/<>()（）\]，。]+)[^\s<>()（），。]*|\bwww\.([^\s/<>()（），。]+)[^\s<>（），。]*")


def plain_links(text: str) -> str:
    """Text from documents (an ingested file may hold anything) with its links made inert: [标签](https://x.cn/a)
    and bare URLs become 标签（链接：x.cn）, which the Markdown renderer shows as text, not as a clickable link."""
    def domain(url: str) -> str:
        m = re.match(r"(?i)(?:[a-z]+://)?([^/\s]+)", url)
        return (m.group(1) if m else url).replace(".", "．")

    text = _MD_LINK.sub(lambda m: f"{m.group(1)}（链接：{domain(m.group(2))}）", text)
    return _URL.sub(lambda m: f"（链接：{(m.group(1) or m.group(2)).replace('.', '．')}）", text)
