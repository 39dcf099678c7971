"""Validating lists of YAML entries into models, with file, entry and field in every error."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.corpus.errors import CorpusError, describe_validation

__all__ = ["validate_entries"]

M = TypeVar("M", bound=BaseModel)


def validate_entries(path: Path, entries: list, model: type[M], key: str) -> Iterator[tuple[str, M]]:
    """(entry name, model) for each raw entry; a malformed entry or a repeated `key` raises CorpusError."""
    seen: set[str] = set()
    for i, raw in enumerate(entries):
        entry = str(raw.get(key, f"#{i + 1}")) if isinstance(raw, dict) else f"#{i + 1}"
        try:
            item = model.model_validate(raw)
        except ValidationError as e:
            raise CorpusError(describe_validation(str(path), entry, e)) from e
        ident = str(getattr(item, key))
        if ident in seen:
            raise CorpusError(f"{path}: 条目 {entry}: 字段 {key}: 重复（{ident} 已出现过）")
        seen.add(ident)
        yield entry, item
