"""Numbered sources of a draft: each rule's quote located in its document, as a Citation."""

from __future__ import annotations

from assistant.chunking.headings import detect_heading
from assistant.drafting.model import RuleRef
from assistant.rules.rule import Rule
from assistant.types import Citation

__all__ = ["SourceBook"]


def _section(text: str, start: int) -> str:
    """The label of the last heading line before `start` (一、/（二）/附件2 …), or ''."""
    label = ""
    for line in text[:start].splitlines():
        heading = detect_heading(line)
        if heading is not None:
            label = heading.label
    return label


class SourceBook:
    """Numbers rule quotes [1], [2], … in order of first use; a rule without a document gets no number."""

    def __init__(self, texts: dict[str, str], titles: dict[str, str]) -> None:
        self.texts = texts
        self.titles = titles
        self.citations: list[Citation] = []

    def cite(self, doc_id: str, quote: str) -> int | None:
        """The number of this quote of this document, or None when the quote is not in the text."""
        text = self.texts.get(doc_id, "")
        start = text.find(quote) if quote else -1
        if start < 0:
            return None
        for c in self.citations:
            if c.doc_id == doc_id and c.start == start and c.quote == quote:
                return c.n
        n = len(self.citations) + 1
        self.citations.append(Citation(n=n, doc_id=doc_id, title=self.titles.get(doc_id, doc_id),
                                       section=_section(text, start), quote=quote, start=start,
                                       end=start + len(quote)))
        return n

    def ref(self, rule: Rule) -> RuleRef:
        """A RuleRef for the rule, numbered when it has a document quote."""
        n = self.cite(rule.doc_id, rule.quote) if rule.doc_id and rule.quote else None
        return RuleRef(rule_id=rule.id, message=rule.message, doc_id=rule.doc_id, quote=rule.quote,
                       kind=rule.kind, reference=rule.reference, n=n)

    @staticmethod
    def sentence(ref: RuleRef) -> str:
        """The rule's message with its citation mark, as a sentence of a draft."""
        return ref.message + (f"[{ref.n}]" if ref.n else "")
