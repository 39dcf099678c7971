"""Split an answer into claims at Chinese sentence and clause boundaries, never inside a number or a quote."""

from __future__ import annotations

import re

__all__ = ["split_claims", "split_sentences", "strip_markers", "is_attribution", "MIN_CLAIM_CHARS"]

MIN_CLAIM_CHARS = 4
_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = "，,"
_OPEN = {"“": "”", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")", "【": "】", "‘": "’"}
_MARKER = re.compile(r"\s*(?:\[\d{1,3}\]|【\d{1,3}】)")
# Attribution and layout, not claims: 据《…》：, 外部参考（…）：, 相关规定：, list bullets.
# List and heading marks at the start of a line: -, *, •, #, 1. 1、 (1) （一） 一、 — but not the 2. of 2.0.
_BULLET = re.compile(r"^\s*(?:[-*•·#>]+\s*|\d{1,2}(?:[.、)）](?!\d))\s*|[（(][\d一二三四五六七八九十]{1,3}[)）]\s*"
                     r"|[一二三四五六七八九十]{1,3}、\s*)+")
_EMPHASIS = re.compile(r"\*\*|__|`")
_LEAD = re.compile(r"^(?:(?:据|依据|根据)《[^》]{1,80}》[：:]|外部参考（[^）]{0,80}）[：:]|相关规定[：:])\s*")
_TRAIL = "，,。；;、！？!? "
# A clause that only names its source (按全国整校推进指南, 根据北京方案) says nothing to check about the content.
_ATTRIBUTION = re.compile(r"^(?:按|按照|据|根据|依据|参照)[^，,。]{0,24}(?:方案|指南|意见|文件|通知|规定|规范|办法)(?:的?要求)?$")
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")


def strip_markers(text: str) -> str:
    """Remove citation markers such as [1] and 【2】."""
    return _MARKER.sub("", text)


def is_attribution(claim: str) -> bool:
    """True for a clause that only names where the answer comes from (按全国整校推进指南)."""
    return bool(_ATTRIBUTION.match(claim.strip()))


def _pieces(text: str, ends: str) -> list[str]:
    """Cut after every character of `ends` that sits outside quotes and brackets and not between digits."""
    out, start, stack, straight = [], 0, [], False
    for i, ch in enumerate(text):
        if ch == '"':
            straight = not straight
        elif ch in _OPEN:
            stack.append(_OPEN[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in ends and not stack and not straight:
            if ch in ",，" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue
            out.append(text[start:i + 1])
            start = i + 1
    out.append(text[start:])
    return [p for p in out if p.strip()]


def _clean(piece: str) -> str:
    return _LEAD.sub("", _BULLET.sub("", _EMPHASIS.sub("", piece.strip()))).strip()


def split_sentences(text: str) -> list[str]:
    """Sentences of a text (。！？； and line ends), markers removed, empty ones dropped."""
    return [s for s in (_clean(strip_markers(p)) for p in _pieces(text, _SENTENCE_END)) if _CONTENT.search(s)]


def split_claims(text: str, clauses: bool = True) -> list[str]:
    """Claims of an answer: its sentences, cut again at commas (clauses) unless clauses=False.

    A clause shorter than MIN_CLAIM_CHARS content characters (比如，其中，不是) joins the next one of its sentence.
    """
    claims: list[str] = []
    for sentence in split_sentences(text):
        own: list[str] = []
        carry = ""
        for part in _pieces(sentence, _CLAUSE_END) if clauses else [sentence]:
            part = carry + part
            carry = part if len(_CONTENT.findall(part)) < MIN_CLAIM_CHARS else ""
            if not carry:
                own.append(part)
        if carry and own:
            own[-1] = own[-1] + carry
        elif carry:
            own.append(carry)
        claims.extend(c.strip().rstrip(_TRAIL) for c in own)
    return [c for c in claims if c]
