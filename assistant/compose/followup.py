"""Follow-up questions ("那瓦房店呢？") rewritten into standalone ones from the conversation."""

from __future__ import annotations

import re
from typing import Callable

from assistant.corpus.lexicon import default_lexicon

__all__ = ["is_followup", "rewrite_followup"]

ROUTES = default_lexicon().routes
_LEAD = ROUTES["followup_lead"]
_TAIL = ROUTES["followup_tail"]
_FILLER = ROUTES["followup_filler"]

_HERE = re.compile(r"^(那边|这边|那里|这里|那儿|这儿|那块|这块)")
Finder = Callable[[str], list[tuple[int, int, str]]]
Swapper = Callable[[str, str], "str | None"]


def is_followup(question: str) -> bool:
    """Short, or opening with 那/还有/这个…, pointing back (它, 他们, 这个, 那个), or ending with 呢."""
    q = question.strip()
    return (bool(_LEAD.match(q)) or "呢" in q or "一样" in q or len(q) <= 6
            or bool(ROUTES["points_back"].search(q)))


def _core(question: str) -> str:
    return _FILLER.sub(" ", _TAIL.sub("", _LEAD.sub("", question.strip()))).strip("，,、 ")


def rewrite_followup(question: str, history: list[dict], find_regions: Finder,
                     swap: Swapper = lambda core, base: None,
                     bare: Callable[[str], bool] = lambda text: False) -> tuple[str, str]:
    """(question, context): a follow-up that swaps a place ("那瓦房店呢？") or a counterpart ("那县里呢", "线下呢")
    becomes the previous question with the new word in (and no context); any other follow-up keeps its own words
    and gets the previous question as context for what they leave unsaid."""
    previous = [m["content"] for m in history if m.get("role") == "user" and str(m.get("content", "")).strip()]
    if not previous or not (is_followup(question) or bare(question)):
        return question, ""
    base = previous[-1]
    if len(previous) > 1 and is_followup(base):
        text, context = rewrite_followup(base, [{"role": "user", "content": p} for p in previous[:-1]],
                                         find_regions, swap, bare)
        base = f"{text}（{context}）" if context else text
    core = _core(question)
    if not core:
        return base, ""
    new_regions = find_regions(core)
    if new_regions:
        old = find_regions(base)
        start, end, _ = new_regions[0]
        place = core[start:end]
        rest = _HERE.sub("", (core[:start] + core[end:]).strip("，,、的 ")).strip("，,、的 ")
        rewritten = base[: old[0][0]] + place + base[old[0][1] :] if old else place + base
        # "那北京那边呢 也是3个？": what is left is asked of the new place, against the previous question.
        return (rewritten, "") if not rest else (place + rest, rewritten)
    swapped = swap(core, base)
    if swapped:
        return swapped, ""
    return question, base.rstrip("？?。")
