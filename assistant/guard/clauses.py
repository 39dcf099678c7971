"""Cutting text into sentences and clauses the verifier can judge one by one.

A sentence ends at 。！？； or a line end; a clause at a comma, never inside brackets or quotes, never between
the digits of 1,000. A clause too short to say anything (其中，比如) joins the next. Citation marks ([1], 【2】),
list bullets and emphasis are removed; so is a leading attribution (据《…》：, 根据北京方案，), which only names
where the answer comes from, and a leading reply to a yes/no question (是的，不是，).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.lexicon import default_lexicon
from assistant.rules.numbers import normalize_text

__all__ = ["Clause", "Sentence", "split_sentences", "split_clauses", "rejoin_breaks", "clean", "strip_markers", "is_attribution",
           "MIN_CLAUSE_CHARS"]

MIN_CLAUSE_CHARS = 4
_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = "，,：:—"
_OPEN = {"“": "”", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")", "【": "】", "‘": "’", "〔": "〕"}
_MARKER = re.compile(r"\s*(?:\[\d{1,3}\]|【\d{1,3}】)")
_BULLET = re.compile(r"^\s*(?:[-*•·#>]+\s*|\d{1,2}(?:[.、)）](?!\d))\s*|\d{1,2}[.．](?=\d{1,2}\s*月|(?:19|20)\d{2}\s*年)|[（(][\d一二三四五六七八九十]{1,3}[)）]\s*"
                     r"|[一二三四五六七八九十]{1,3}、\s*)+")
_EMPHASIS = re.compile(r"\*\*|__|`")
_ROUTES = default_lexicon().routes
_LEAD = _ROUTES["attribution_lead"]
_ATTRIBUTION = _ROUTES["attribution_only"]
_REPLY = _ROUTES["reply_lead"]
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")


def strip_markers(text: str) -> str:
    """Remove citation markers such as [1] and 【2】."""
    return _MARKER.sub("", text)


def clean(piece: str) -> str:
    """A sentence or clause without bullets, emphasis, citation marks and a leading attribution."""
    text = _EMPHASIS.sub("", strip_markers(normalize_text(piece)).strip())
    # 不是，…: the reply to a yes/no question answers the question; what follows is what the sources must hold.
    return _REPLY.sub("", _LEAD.sub("", _BULLET.sub("", text))).strip()


def is_attribution(text: str) -> bool:
    """True for a clause that only names where the answer comes from (按全国整校推进指南)."""
    return bool(_ATTRIBUTION.match(text.strip().rstrip("，,：:")))


def _pieces(text: str, ends: str) -> list[tuple[int, int]]:
    """Spans cut after every character of `ends` outside quotes and brackets and not between digits."""
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
            out.append((start, i + 1))
            start = i + 1
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


@dataclass
class Clause:
    """One clause: its cleaned text and the sentence it belongs to (for the subject carried over)."""

    text: str
    sentence: int
    index: int
    lead: bool = False  # it ended with a colon: it announces what follows (分工是：…)


@dataclass
class Sentence:
    """A cleaned sentence and its clauses."""

    text: str
    clauses: list[Clause] = field(default_factory=list)


_BROKEN = re.compile(r"(?m)^([^\t\n《]{19,}[\u4e00-\u9fff，、])[ \t]*\n(?:[ \t]*\n)*(?=[\u4e00-\u9fff])")


def rejoin_breaks(text: str) -> str:
    """A long line that stops mid-sentence (省教研 / 室主要负责…: a page break of the source) joined to the line it
    goes on in, as the document index reads it; a line that ends its sentence, a short heading and a table's
    cells stay apart."""
    return _BROKEN.sub(lambda m: m[1] if not _BULLET.match(text[m.end():m.end() + 4]) else m[0], text)


def split_sentences(text: str) -> list[str]:
    """Cleaned sentences with some content."""
    out = []
    for a, b in _pieces(text, _SENTENCE_END):
        s = clean(text[a:b]).rstrip("。！？!?；;")
        if _CONTENT.search(s):
            out.append(s)
    return out


def split_clauses(text: str) -> list[Sentence]:
    """Sentences cut into clauses; short clauses join the next one of their sentence."""
    sentences: list[Sentence] = []
    for s in split_sentences(text):
        sent = Sentence(s)
        own: list[str] = []
        carry = ""
        for a, b in _pieces(s, _CLAUSE_END):
            part = carry + s[a:b]
            carry = part if len(_CONTENT.findall(part)) < MIN_CLAUSE_CHARS else ""
            if not carry:
                own.append(part)
        if carry and own:
            own[-1] = own[-1] + carry
        elif carry:
            own.append(carry)
        for i, c in enumerate(own):
            lead = c.strip().endswith(("：", ":"))
            c = c.strip().rstrip("，,：:、 ")
            if c:
                sent.clauses.append(Clause(c, len(sentences), i, lead))
        if sent.clauses:
            sentences.append(sent)
    return sentences
