"""SQLite (WAL) store: every acknowledged write is committed and synced before the call returns."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from assistant.store.base import TurnWriter, UnknownMessage, new_session_id

__all__ = ["SQLiteStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
  content TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}', created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_session ON messages(session_id, seq);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
  session_id TEXT NOT NULL, message_id TEXT NOT NULL, rating INTEGER NOT NULL, comment TEXT,
  created REAL NOT NULL, PRIMARY KEY (session_id, message_id)
);
"""


class SQLiteStore(TurnWriter):
    """One connection per thread; WAL so readers never block the writer; synchronous=FULL for durability."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._db() as db:
            db.executescript(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    def open_session(self, session_id: str | None = None) -> str:
        """Record a session the server issued; returns its token once it is durable."""
        session_id = session_id or new_session_id()
        self._db().execute("INSERT OR IGNORE INTO sessions (id, created) VALUES (?, ?)", (session_id, time.time()))
        return session_id

    def has_session(self, session_id: str) -> bool:
        """Whether the server issued this token (sessions with messages from before tokens were recorded count)."""
        db = self._db()
        return bool(db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
                    or db.execute("SELECT 1 FROM messages WHERE session_id = ? LIMIT 1", (session_id,)).fetchone())

    def _insert(self, db, session_id: str, rows: list[tuple[str, str, str, dict | None]]) -> None:
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE session_id = ?", (session_id,)).fetchone()[0]
        for message_id, role, content, meta in rows:
            seq += 1
            db.execute("INSERT INTO messages (id, session_id, seq, role, content, meta, created) VALUES (?,?,?,?,?,?,?)",
                       (message_id, session_id, seq, role, content, json.dumps(meta or {}, ensure_ascii=False),
                        time.time()))

    def _write(self, session_id: str, rows: list[tuple[str, str, str, dict | None]]) -> None:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT OR IGNORE INTO sessions (id, created) VALUES (?, ?)", (session_id, time.time()))
            self._insert(db, session_id, rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def history(self, session_id: str, limit: int = 20) -> list[dict]:
        """The last `limit` messages of a session, oldest first."""
        rows = self._db().execute(
            "SELECT id, role, content, meta FROM messages WHERE session_id = ? ORDER BY seq DESC LIMIT ?",
            (session_id, limit)).fetchall()
        return [{"id": r[0], "role": r[1], "content": r[2], "meta": json.loads(r[3])} for r in reversed(rows)]

    def add_feedback(self, session_id: str, message_id: str, rating: int, comment: str | None = None) -> bool:
        """Record feedback once per message; True when new, False when it was already there (idempotent)."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            known = db.execute("SELECT 1 FROM messages WHERE id = ? AND session_id = ?",
                               (message_id, session_id)).fetchone()
            if not known:
                raise UnknownMessage(message_id)
            cur = db.execute("INSERT OR IGNORE INTO feedback (session_id, message_id, rating, comment, created) "
                             "VALUES (?,?,?,?,?)", (session_id, message_id, rating, comment, time.time()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return cur.rowcount == 1

    def feedback(self, session_id: str) -> list[dict]:
        """Feedback records of a session."""
        rows = self._db().execute("SELECT message_id, rating, comment FROM feedback WHERE session_id = ?",
                                  (session_id,)).fetchall()
        return [{"message_id": r[0], "rating": r[1], "comment": r[2]} for r in rows]
