"""Citations: exact quotes with offsets, the section they sit in, and the passage around them."""

from __future__ import annotations

from assistant.indexing.store import LoadedIndex
from assistant.types import Citation

__all__ = ["CitationBook"]


class CitationBook:
    """Numbers quotes [1], [2], … in order of first use; the same quote keeps its number."""

    def __init__(self, index: LoadedIndex, texts: dict[str, str], titles: dict[str, str]) -> None:
        self.index = index
        self.texts = texts
        self.titles = titles
        self.citations: list[Citation] = []
        self.context: dict[int, str] = {}

    def _section(self, doc_id: str, start: int) -> tuple[str, str]:
        for chunk in self.index.chunks:
            if chunk.doc_id == doc_id and chunk.start <= start < chunk.end:
                return chunk.section, chunk.text
        return "", ""

    def cite(self, doc_id: str, quote: str, start: int | None = None) -> int | None:
        """The number for this exact quote of this document, or None if the quote is not in the text."""
        text = self.texts.get(doc_id, "")
        if start is None or text[start : start + len(quote)] != quote:
            start = text.find(quote)
        if start < 0 or not quote:
            return None
        for c in self.citations:
            if c.doc_id == doc_id and c.start == start and c.quote == quote:
                return c.n
        section, passage = self._section(doc_id, start)
        n = len(self.citations) + 1
        self.citations.append(Citation(n=n, doc_id=doc_id, title=self.titles.get(doc_id, doc_id),
                                       section=section, quote=quote, start=start, end=start + len(quote)))
        self.context[n] = passage or quote
        return n
