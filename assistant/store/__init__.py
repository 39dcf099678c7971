"""Conversations and feedback: SQLite in WAL mode by default, PostgreSQL for several machines, an in-memory double
for tests."""

from pathlib import Path

from assistant.store.base import ConversationStore, UnknownMessage, new_session_id
from assistant.store.memory import MemoryStore
from assistant.store.sqlite import SQLiteStore

__all__ = ["ConversationStore", "MemoryStore", "SQLiteStore", "UnknownMessage", "new_session_id", "make_store"]


def make_store(spec: str, data_dir: Path) -> ConversationStore:
    """`sqlite` (data_dir/advisor.sqlite3), `sqlite:<path>`, `memory`, or a `postgresql://…` URL."""
    kind, _, arg = spec.partition(":")
    if kind in ("postgresql", "postgres") and arg.startswith("//"):
        from assistant.store.postgres import PostgresStore

        return PostgresStore(spec)
    if kind == "memory":
        return MemoryStore()
    if kind == "sqlite":
        return SQLiteStore(Path(arg) if arg else Path(data_dir) / "advisor.sqlite3")
    raise ValueError(f"未知的存储：{kind}（可用 sqlite、sqlite:<路径>、memory、postgresql://用户:密码@主机/库名）")
