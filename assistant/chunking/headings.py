"""Heading detection for Chinese official documents: 一、 /（一）/ 1. /（1）/ 附件N."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Heading", "detect_heading", "clean_line"]

_CN = "一二三四五六七八九十"

# Order matters: the first pattern that matches names the style.
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("annex", re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*$")),
    # 1、 is how several of these documents (after conversion) spell 一、, so both are one style.
    ("cn_dun", re.compile(rf"^(?:[{_CN}]+|\d{{1,2}})\s*、")),
    ("cn_paren", re.compile(rf"^[（(]\s*[{_CN}]+\s*[）)]")),
    ("ar_paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    # "1." but not a programme name such as "2.0 的实施过程".
    ("ar_dot", re.compile(r"^(?!\d[.．]0(?!\d))\d{1,2}\s*[.．]")),
    ("md", re.compile(r"^#{1,6}\s+\S")),
]

_MARKUP = re.compile(r"^[#\s]+|\*\*|__")
_LABEL_END = re.compile(r"[。；;：:！？]")
_LABEL_SOFT_END = re.compile(r"[，,]")
MAX_LABEL = 40


@dataclass(frozen=True)
class Heading:
    """A heading line: its style (which nesting level it belongs to) and its label."""

    style: str
    label: str


def clean_line(line: str) -> str:
    """The line without markdown heading marks and bold markers."""
    return _MARKUP.sub("", line).replace("**", "").strip()


def _label(text: str) -> str:
    """The heading's own words: up to the first full stop, or a short whole line."""
    m = _LABEL_END.search(text)
    if m and m.start() <= MAX_LABEL:
        return text[: m.start()].strip()
    if len(text) <= MAX_LABEL:
        return text
    m = _LABEL_SOFT_END.search(text)
    if m and m.start() <= MAX_LABEL:
        return text[: m.start()].strip()
    return text[:MAX_LABEL].rstrip() + "…"


def detect_heading(line: str, allow_markdown: bool = False) -> Heading | None:
    """Return the heading this line opens, or None for body text."""
    text = clean_line(line)
    if not text:
        return None
    for style, pattern in _STYLES:
        if style == "md":
            if allow_markdown and pattern.match(line.strip()):
                return Heading("md", text)
            continue
        if pattern.match(text):
            return Heading(style, _label(text))
    return None
