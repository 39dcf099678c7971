"""Splitting an answer into sentences that keep their [n] citation marks."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["AnswerSentence", "split_answer", "CITE"]

CITE = re.compile(r"\[(\d{1,2})\]")
_END = re.compile(r"[。！？!?；;]+(?:\s*(?:\[\d{1,2}\])+)?|\n+")


@dataclass
class AnswerSentence:
    """A sentence, the citation numbers it carries, and its text without them."""

    raw: str
    cites: list[int]
    tail: str = ""

    @property
    def bare(self) -> str:
        return CITE.sub("", self.raw).strip()


def split_answer(text: str) -> list[AnswerSentence]:
    """Sentences end at 。！？；, with the [n] marks that follow them; blank lines separate too."""
    out, pos = [], 0
    for m in _END.finditer(text):
        piece = text[pos : m.end()]
        pos = m.end()
        if piece.strip():
            tail = "\n" if "\n" in piece[len(piece.rstrip()) :] else ""
            out.append(AnswerSentence(piece.strip(), [int(n) for n in CITE.findall(piece)], tail))
        elif out and "\n" in piece:
            out[-1].tail = "\n"
    if text[pos:].strip():
        piece = text[pos:]
        out.append(AnswerSentence(piece.strip(), [int(n) for n in CITE.findall(piece)]))
    return out
