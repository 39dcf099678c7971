"""Follow-up questions ("那瓦房店呢？") rewritten into standalone ones from the conversation."""

from __future__ import annotations

import re
from typing import Callable

__all__ = ["is_followup", "rewrite_followup", "CONTRASTS"]

# Words a follow-up swaps for their counterpart in the previous question.
CONTRASTS = [("线上", "线下"), ("专题课程", "应用案例"), ("校本研修", "校本应用考核"), ("网络研修", "校本实践"),
             ("小学", "初中"), ("初中", "高中"), ("教师", "学校"), ("学时", "学分")]
_LEAD = re.compile(r"^(那么|那|还有|另外|再问一下|再问|然后|并且|以及|和)")
_TAIL = re.compile(r"(呢|吗|呀|啊|嘛)?[？?。!！\s]*$")
_FILLER = re.compile(r"(呢|一样不|一样吗|也一样吗|也是吗|是不是也|一样)")

Finder = Callable[[str], list[tuple[int, int, str]]]


def is_followup(question: str) -> bool:
    """Short, or opening with 那/还有…, or ending with 呢: it leans on the previous turn."""
    q = question.strip()
    return bool(_LEAD.match(q)) or "呢" in q or "一样" in q or len(q) <= 6


def _core(question: str) -> str:
    return _FILLER.sub(" ", _TAIL.sub("", _LEAD.sub("", question.strip()))).strip("，,、 ")


def rewrite_followup(question: str, history: list[dict], find_regions: Finder) -> str:
    """A standalone question: the previous user question with the new region or counterpart swapped in."""
    previous = [m["content"] for m in history if m.get("role") == "user" and str(m.get("content", "")).strip()]
    if not previous or not is_followup(question):
        return question
    base = previous[-1]
    if len(previous) > 1 and is_followup(base):
        base = rewrite_followup(base, [{"role": "user", "content": p} for p in previous[:-1]], find_regions)
    core = _core(question)
    if not core:
        return base
    new_regions = find_regions(core)
    if new_regions:
        old = find_regions(base)
        start, end, _ = new_regions[0]
        place = core[start:end]
        rest = (core[:start] + core[end:]).strip("，,、的 ")
        rewritten = base[: old[0][0]] + place + base[old[0][1] :] if old else place + base
        return rewritten if not rest else f"{rewritten}（{rest}）"
    for a, b in CONTRASTS:
        for word, other in ((a, b), (b, a)):
            if core == word and other in base:
                return base.replace(other, word, 1)
    # A new topic ("那维度有要求吗") keeps the place of the previous question, not its topic; a bare ask
    # ("谁牵头啊") keeps the whole previous question.
    from assistant.compose.answerability import focus_terms

    if not focus_terms(core):
        return f"{base.rstrip('？?。')}，{core}？"
    old = find_regions(base)
    place = base[old[0][0] : old[0][1]] if old else ""
    return f"{place}{core}？"
