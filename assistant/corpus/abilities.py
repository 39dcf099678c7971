"""The catalogue of the 30 micro-abilities."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError
from assistant.corpus.validation import validate_entries
from assistant.types import Ability

__all__ = ["load_abilities", "ENV_BY_LETTER"]

ENV_BY_LETTER = {"A": "多媒体", "B": "混合", "C": "智慧"}


def load_abilities(path: Path) -> list[Ability]:
    """Validate micro_abilities.yaml: 30 unique codes whose letter matches the environment."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("abilities"), list):
        raise CorpusError(f"{path}: 缺少 abilities 列表")
    out: list[Ability] = []
    for entry, ability in validate_entries(path, data["abilities"], Ability, "code"):
        if ENV_BY_LETTER.get(ability.code[:1]) != ability.environment:
            raise CorpusError(f"{path}: 条目 {entry}: 字段 environment: 与编号字母不符")
        out.append(ability)
    return out
