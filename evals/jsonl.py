"""Reading JSONL datasets: one object a line, errors named by file and line number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

__all__ = ["read_jsonl"]


def read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for every non-blank line; a line that is not a JSON object raises ValueError."""
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path} 第 {n} 行不是合法 JSON：{e}") from e
        if not isinstance(row, dict):
            raise ValueError(f"{path} 第 {n} 行不是 JSON 对象")
        yield n, row
