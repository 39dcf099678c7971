"""Class periods (课时) in lesson text, hidden from the rule engine, which reads 课时 as training hours (学时).

In a 设计方案 "第二课时" or "共2课时" counts lessons, not the 50 学时 of training, so it must not be judged (or
"corrected") against an hours rule. The mark is a private-use character, restored after the check.
"""

from __future__ import annotations

__all__ = ["mask_periods", "unmask_periods", "MARK"]

MARK = "\ue000"


def mask_periods(text: str) -> str:
    """'第二课时' → '第二' + MARK, so no hours claim is read from it."""
    return text.replace("课时", MARK)


def unmask_periods(text: str | None) -> str | None:
    """Undo mask_periods."""
    return text.replace(MARK, "课时") if text is not None else None
