"""The completeness check run before export: every required section present, non-empty, with its items."""

from __future__ import annotations

import re

from assistant.drafting.model import Completeness, Draft, ProcessRow

__all__ = ["check_completeness", "with_completeness", "is_filled", "item_present"]

# Blanks a template leaves for the teacher; a body made only of these is empty.
_BLANKS = re.compile(r"（\s*）|\(\s*\)|_{2,}|……|待填写|略")


def is_filled(text: str | None) -> bool:
    """True when the text says something beyond blanks, punctuation and labels."""
    if not text:
        return False
    bare = _BLANKS.sub("", text)
    bare = re.sub(r"[\s\W_]+", "", bare)
    return bool(bare)


def item_present(label: str, body: str) -> bool:
    """The label itself, or each of its parts ('方法与工具' → 方法, 工具; '分析目的' → 目的), appears in the body."""
    if label in body:
        return True
    parts = [re.sub(r"^分析", "", p) for p in re.split(r"[与和及、]", label) if p]
    return bool(parts) and all(p and p in body for p in parts)


def _rows_filled(rows: list[ProcessRow]) -> bool:
    return bool(rows) and all(all(is_filled(c) for c in r.cells()) for r in rows)


def check_completeness(draft: Draft) -> Completeness:
    """Required sections (draft.required: key → label) present and non-empty; items named; table filled."""
    present = {s.key: s for s in draft.sections}
    missing: list[str] = []
    for key, label in draft.required.items():
        section = present.get(key)
        if section is None:
            missing.append(f"{label}（缺少该节）")
            continue
        if section.table:
            if not _rows_filled(draft.process):
                missing.append(f"{label}（教学过程表为空或有空白单元格）")
            continue
        if not is_filled(section.body):
            missing.append(f"{label}（内容为空）")
            continue
        absent = [i for i in section.items if not item_present(i, section.body)]
        if absent:
            missing.append(f"{label}（缺少：{'、'.join(absent)}）")
    return Completeness(complete=not missing, missing=missing, sections=len(draft.sections))


def with_completeness(draft: Draft) -> Draft:
    """The draft with its completeness recomputed (run before every export)."""
    return draft.model_copy(update={"completeness": check_completeness(draft)})
