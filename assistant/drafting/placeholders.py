"""The {topic}-style placeholders of drafting templates: which exist, and filling them."""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDERS", "fill", "unknown_placeholders"]

PLACEHOLDERS = frozenset({"subject", "grade", "topic", "tools", "environment", "point", "points"})
_SLOT = re.compile(r"\{([a-z_]+)\}")


def unknown_placeholders(text: str) -> list[str]:
    """The {names} in a template that are not known placeholders."""
    return [name for name in _SLOT.findall(text) if name not in PLACEHOLDERS]


def fill(template: str, values: dict[str, str]) -> str:
    """Replace known placeholders; a value that is missing becomes a visible blank, never the raw {name}."""
    return _SLOT.sub(lambda m: values.get(m.group(1)) or "（  ）" if m.group(1) in PLACEHOLDERS else m.group(0),
                     template)
