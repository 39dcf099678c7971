"""Errors raised while loading or adding corpus files."""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["CorpusError", "NotFound", "describe_validation"]


class CorpusError(ValueError):
    """A corpus file is missing, unreadable or malformed; the message names file, entry and field."""


class NotFound(ValueError):
    """A document, candidate or rule named by id does not exist (HTTP 404)."""


def describe_validation(path: str, entry: str, error: ValidationError) -> str:
    """One Chinese line per invalid field: file, entry and field, then pydantic's reason."""
    lines = []
    for e in error.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(整条)"
        lines.append(f"{path}: 条目 {entry}: 字段 {field}: {e['msg']}")
    return "\n".join(lines)
