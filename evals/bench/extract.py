"""The baseline's answer writer: from the retrieved passages, the sentences sharing most words with the question.

This is how a tutorial RAG system without a generative model answers: no rules, no slot, no answerability,
just overlap. It stands apart from the advisor's own answer path on purpose.
"""

from __future__ import annotations

import math
import re

from assistant.chunking.structure import split_sentences
from assistant.compose.citations import CitationBook
from assistant.indexing.bm25 import tokenize
from assistant.types import Passage

__all__ = ["OverlapExtractor"]

_MIN_SCORE = 0.3
_MAX_SENTENCES = 3


class OverlapExtractor:
    """Scores every sentence of the passages by IDF-weighted overlap with the question."""

    def __init__(self, chunk_texts: list[str]) -> None:
        self._texts = chunk_texts
        self._n = max(len(chunk_texts), 1)
        self._df: dict[str, int] = {}

    def _idf(self, word: str) -> float:
        if word not in self._df:
            self._df[word] = sum(1 for t in self._texts if word in t)
        return math.log(1 + self._n / (1 + self._df[word]))

    def _score(self, words: list[str], text: str) -> float:
        total = sum(self._idf(w) for w in words)
        return sum(self._idf(w) for w in words if w in text) / total if total else 0.0

    def compose(self, question: str, passages: list[Passage], texts: dict[str, str],
                book: CitationBook) -> tuple[str, float] | None:
        """The best sentences, cited; None when none shares enough words with the question."""
        words = list(dict.fromkeys(tokenize(question)))
        scored = []
        for rank, p in enumerate(passages):
            text = texts[p.chunk.doc_id]
            pos = p.chunk.start
            for line in p.chunk.text.splitlines(keepends=True):
                for s, e in split_sentences(line.rstrip("\r\n"), pos):
                    clean = re.sub(r"\*\*|^#+\s*", "", text[s:e]).strip()
                    if len(clean) >= 6:
                        scored.append((self._score(words, clean) + 0.05 / (rank + 1), p.chunk.doc_id, s, e, clean))
                pos += len(line)
        scored.sort(key=lambda x: -x[0])
        if not scored or scored[0][0] < _MIN_SCORE:
            return None
        lines, seen = [], set()
        for score, doc_id, s, e, clean in scored:
            if len(lines) == _MAX_SENTENCES or score < scored[0][0] * 0.6:
                break
            if clean in seen:
                continue
            seen.add(clean)
            n = book.cite(doc_id, texts[doc_id][s:e], s)
            lines.append(clean.rstrip("。；;") + f"[{n}]。")
        return "\n".join(lines), scored[0][0]
