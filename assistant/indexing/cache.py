"""Vectors cached by content hash in SQLite, so a rebuild embeds only chunks that changed."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import numpy as np

__all__ = ["VectorCache", "content_key"]


def content_key(embedder: str, text: str) -> str:
    """SHA-256 of the embedder name and the exact text it embeds."""
    return hashlib.sha256(f"{embedder}\n{text}".encode("utf-8")).hexdigest()


class VectorCache:
    """One SQLite file per embedder; each batch is committed, so a crash keeps what was already embedded."""

    def __init__(self, directory: Path, embedder: str, dim: int) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", embedder)[:80]
        self.dim = dim
        self._db = sqlite3.connect(directory / f"vectors-{slug}.sqlite")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            rows = self._db.execute(
                f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})", part
            ).fetchall()
            for key, blob in rows:
                v = np.frombuffer(blob, dtype=np.float32)
                if v.shape[0] == self.dim:
                    found[key] = v
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec (key, v) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()
