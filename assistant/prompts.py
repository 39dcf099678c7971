"""Prompt templates: one file per prompt in prompts/, loaded by name, variables checked when rendered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import ROOT

__all__ = ["Prompt", "load_prompt", "list_prompts", "PROMPTS_DIR"]

PROMPTS_DIR = ROOT / "prompts"
_VAR = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Prompt:
    """A template whose variables are written {{name}}."""

    name: str
    text: str

    @property
    def variables(self) -> set[str]:
        return set(_VAR.findall(self.text))

    def render(self, **values: str) -> str:
        """Fill every variable; a missing or unexpected one is an error, never a silent blank."""
        missing = self.variables - set(values)
        extra = set(values) - self.variables
        if missing or extra:
            raise ValueError(f"提示词 {self.name} 变量不匹配：缺少 {sorted(missing)}，多余 {sorted(extra)}")
        return _VAR.sub(lambda m: str(values[m.group(1)]), self.text)


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    """Read prompts/<name>.md."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"提示词名称不合法：{name}")
    path = directory / f"{name}.md"
    if not path.is_file():
        raise ValueError(f"找不到提示词：{path}")
    return Prompt(name, path.read_text(encoding="utf-8"))


def list_prompts(directory: Path = PROMPTS_DIR) -> list[str]:
    """Names of every prompt file."""
    return sorted(p.stem for p in directory.glob("*.md"))
