"""The catalogue of the 30 micro-abilities."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError, describe_validation
from assistant.types import Ability

__all__ = ["load_abilities", "ENV_BY_LETTER"]

ENV_BY_LETTER = {"A": "多媒体", "B": "混合", "C": "智慧"}


def load_abilities(path: Path) -> list[Ability]:
    """Validate micro_abilities.yaml: 30 unique codes whose letter matches the environment."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("abilities"), list):
        raise CorpusError(f"{path}: 缺少 abilities 列表")
    out: list[Ability] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["abilities"]):
        entry = str(raw.get("code", f"#{i + 1}")) if isinstance(raw, dict) else f"#{i + 1}"
        try:
            ability = Ability.model_validate(raw)
        except ValidationError as e:
            raise CorpusError(describe_validation(str(path), entry, e)) from e
        if ability.code in seen:
            raise CorpusError(f"{path}: 条目 {entry}: 字段 code: 重复的能力点编号")
        if ENV_BY_LETTER.get(ability.code[:1]) != ability.environment:
            raise CorpusError(f"{path}: 条目 {entry}: 字段 environment: 与编号字母不符")
        seen.add(ability.code)
        out.append(ability)
    return out
