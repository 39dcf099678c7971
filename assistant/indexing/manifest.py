"""manifest.json of a built index, and the fingerprint that decides whether it is stale."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FORMAT", "Fingerprint", "corpus_hash", "read_manifest", "stale_reasons"]

FORMAT = 1


def corpus_hash(files: list[Path], root: Path) -> str:
    """SHA-256 over the relative names and bytes of every indexed corpus file."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: str(p.relative_to(root))):
        h.update(str(f.relative_to(root)).encode("utf-8") + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What an index was built from; any difference makes it stale."""

    corpus_hash: str
    embedder: str
    vector_index: str
    chunking: dict

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "corpus_hash": self.corpus_hash,
            "embedder": self.embedder,
            "vector_index": self.vector_index,
            "chunking": self.chunking,
        }


def read_manifest(path: Path) -> dict:
    """Parse manifest.json; a missing or corrupted one raises ValueError with the reason."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ValueError(f"索引清单不存在：{path}") from e
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"索引清单已损坏：{path}（{e}）") from e
    if not isinstance(data, dict) or "fingerprint" not in data:
        raise ValueError(f"索引清单已损坏：{path}（缺少 fingerprint）")
    return data


def stale_reasons(manifest: dict, expected: Fingerprint) -> list[str]:
    """Chinese reasons why the built index no longer matches the corpus and settings (empty: fresh)."""
    got = manifest.get("fingerprint", {})
    want = expected.to_json()
    names = {
        "format": "索引格式版本",
        "corpus_hash": "语料内容",
        "embedder": "向量模型",
        "vector_index": "向量库类型",
        "chunking": "切分设置",
    }
    return [f"{names[k]}已变化" for k in want if got.get(k) != want[k]]
