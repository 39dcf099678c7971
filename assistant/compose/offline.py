"""The offline composer: no model; it picks the document sentences that answer and cites each one."""

from __future__ import annotations

import re

from assistant.chunking.headings import detect_heading
from assistant.chunking.structure import split_sentences
from assistant.compose.citations import CitationBook
from assistant.compose.overlap import Overlap, question_words
from assistant.guard.injection import find_attacks
from assistant.types import Passage

__all__ = ["OfflineComposer"]

_MARKUP = re.compile(r"\*\*|^#+\s*|^\s*[-•]\s*")
_DIGIT = re.compile(r"\d|[一二三四五六七八九十百]+[个所人年月%]")


class OfflineComposer:
    """Scores every sentence of the retrieved passages by IDF-weighted overlap with the question."""

    name = "offline"

    def __init__(self, chunk_texts: list[str], min_score: float = 0.3, max_sentences: int = 3) -> None:
        self.overlap = Overlap(chunk_texts)
        self.min_score = min_score
        self.max_sentences = max_sentences

    def candidates(self, question: str, passages: list[Passage], texts: dict[str, str]):
        """(score, passage rank, doc_id, start, end, clean text) for every sentence of the passages."""
        words = question_words(question)
        wants_figure = bool(re.search(r"多少|几|比例|百分|什么时候|何时|哪年|几月|截止", question))
        out = []
        for rank, p in enumerate(passages):
            text = texts[p.chunk.doc_id]
            pos = p.chunk.start
            for line in p.chunk.text.splitlines(keepends=True):
                for s, e in split_sentences(line.rstrip("\r\n"), pos):
                    clean = _MARKUP.sub("", text[s:e]).strip()
                    heading = detect_heading(clean)
                    if len(clean) < 6 or (heading and heading.label == clean.rstrip("。")):
                        continue  # a bare heading names a topic, it answers nothing
                    if find_attacks(clean):
                        continue  # an instruction planted in a document is data: never relayed as an answer
                    # The heading a sentence sits under says what it is about (基本原则 › 以评促学…).
                    score = self.overlap.score(words, f"{p.chunk.section} {clean}") + 0.05 / (rank + 1)
                    if wants_figure and _DIGIT.search(clean):
                        score += 0.05
                    out.append((score, rank, p.chunk.doc_id, s, e, clean))
                pos += len(line)
        return sorted(out, key=lambda c: (-c[0], c[1], c[3]))

    def compose(self, question: str, passages: list[Passage], texts: dict[str, str],
                book: CitationBook) -> tuple[str, float] | None:
        """A one-line answer from the best sentence, then up to two supporting ones, with the best sentence's
        score; None if nothing answers."""
        ranked = self.candidates(question, passages, texts)
        if not ranked or ranked[0][0] < self.min_score:
            return None
        chosen, seen = [], set()
        for score, _, doc_id, s, e, clean in ranked:
            if len(chosen) == self.max_sentences or (chosen and score < max(self.min_score, ranked[0][0] * 0.6)):
                break
            if clean in seen:
                continue
            seen.add(clean)
            chosen.append((doc_id, s, e, clean))
        lines = []
        for i, (doc_id, s, e, clean) in enumerate(chosen):
            n = book.cite(doc_id, texts[doc_id][s:e], s)
            body = clean.rstrip("。；;") + f"[{n}]。"
            if i == 0:
                lines.append(f"据《{book.titles.get(doc_id, doc_id)}》：{body}")
            else:
                if i == 1:
                    lines.append("\n相关规定：")
                lines.append(f"\n- {body}")
        return "".join(lines), ranked[0][0]
