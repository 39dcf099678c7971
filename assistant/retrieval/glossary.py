"""Query expansion: teachers' everyday words mapped to the words the documents use (corpus/lexicon/glossary.yaml,
loaded with the rest of the lexicon)."""

from __future__ import annotations

__all__ = ["QueryExpander"]


class QueryExpander:
    """Appends the official terms for colloquial words found in a query; it only adds, never removes."""

    def __init__(self, synonyms: dict[str, list[str]]) -> None:
        # Longest first, so 考核没过 is seen before 没过.
        self.synonyms = dict(sorted(synonyms.items(), key=lambda kv: -len(kv[0])))

    def expand(self, query: str) -> str:
        """The query followed by the official terms it implies (each once, none already present)."""
        extra: list[str] = []
        for word, terms in self.synonyms.items():
            if word in query:
                extra.extend(t for t in terms if t not in query and t not in extra)
        return f"{query} {' '.join(extra)}" if extra else query
