"""Query expansion: teachers' everyday words mapped to the words the documents use (corpus/glossary.yaml)."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError

__all__ = ["QueryExpander"]


class QueryExpander:
    """Appends the official terms for colloquial words found in a query; it only adds, never removes."""

    def __init__(self, synonyms: dict[str, list[str]]) -> None:
        # Longest first, so 考核没过 is seen before 没过.
        self.synonyms = dict(sorted(synonyms.items(), key=lambda kv: -len(kv[0])))

    @classmethod
    def load(cls, path: Path) -> "QueryExpander":
        """Read glossary.yaml; a missing file means no expansion, a malformed one is a CorpusError."""
        if not path.is_file():
            return cls({})
        data = read_yaml(path)
        table = data.get("synonyms") if isinstance(data, dict) else None
        if not isinstance(table, dict):
            raise CorpusError(f"{path}: 缺少 synonyms 表")
        for key, terms in table.items():
            if not isinstance(key, str) or not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                raise CorpusError(f"{path}: 条目 {key}: 字段 synonyms: 应为 词 → [文件用语, …]")
        return cls(table)

    def expand(self, query: str) -> str:
        """The query followed by the official terms it implies (each once, none already present)."""
        extra: list[str] = []
        for word, terms in self.synonyms.items():
            if word in query:
                extra.extend(t for t in terms if t not in query and t not in extra)
        return f"{query} {' '.join(extra)}" if extra else query
