"""IDF-weighted word overlap between a question and short texts (rule messages, sentences).

Question words come from jieba's precise mode, so a compound such as 校本应用考核 counts once, and a word
counts as present when the text contains it as a substring; a word's weight is its inverse document
frequency over the collection the texts come from.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

from assistant.indexing.bm25 import _STOP, tokenize

__all__ = ["Overlap", "question_words"]

FILLERS = set("哪几个 几个 哪些 东西 来着 那个 这个 一般 什么 啥 多少 是不是 有没有 能不能 可不可以 一下 哪 几 吗 呢".split())


def question_words(question: str) -> list[str]:
    """Content words of a question in jieba's precise mode (no sub-word duplicates)."""
    import jieba

    tokenize("")  # loads the domain words into jieba
    text = unicodedata.normalize("NFKC", question).lower()
    out = []
    for w in jieba.cut(text):
        w = w.strip()
        if w and w not in _STOP and w not in FILLERS and any(ch.isalnum() for ch in w):
            out.append(w)
    return list(dict.fromkeys(out))


class Overlap:
    """Scores texts against a question; IDF from how many texts of the collection contain each word."""

    def __init__(self, collection: list[str]) -> None:
        self._texts = [unicodedata.normalize("NFKC", t).lower() for t in collection]
        self._n = max(len(self._texts), 1)
        self._df = lru_cache(maxsize=20000)(self._count)

    def _count(self, word: str) -> int:
        return sum(1 for t in self._texts if word in t)

    def idf(self, word: str) -> float:
        return math.log(1 + self._n / (1 + self._df(word)))

    def score(self, words: list[str], text: str) -> float:
        """Share of the question's IDF weight whose words the text contains."""
        total = sum(self.idf(w) for w in words)
        if not total:
            return 0.0
        text = unicodedata.normalize("NFKC", text).lower()
        return sum(self.idf(w) for w in words if w in text) / total
