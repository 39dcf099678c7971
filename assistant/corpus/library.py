"""The corpus as one object: the documents, their texts, and the files an index is built from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.documents import MANIFEST, load_documents, read_text
from assistant.types import Document

__all__ = ["Corpus"]


@dataclass
class Corpus:
    """Policy documents with their texts, loaded and validated from corpus/."""

    root: Path
    documents: list[Document]
    texts: dict[str, str]

    @classmethod
    def load(cls, root: Path) -> "Corpus":
        """Load corpus/policies (manifest + texts); raises CorpusError naming file, entry and field."""
        policies = root / "policies"
        docs = load_documents(policies)
        return cls(root=root, documents=docs, texts={d.id: read_text(policies, d) for d in docs})

    def document(self, doc_id: str) -> Document | None:
        """The document with this id, or None."""
        return next((d for d in self.documents if d.id == doc_id), None)

    def index_files(self) -> list[Path]:
        """Every file whose bytes go into the index (the hash of these decides staleness)."""
        policies = self.root / "policies"
        return [policies / MANIFEST] + [policies / d.file for d in self.documents]
