"""PostgreSQL store, for several workers on several machines sharing one database (`ADVISOR_STORE=postgresql://…`).

The same tables and guarantees as the SQLite store: a write returns only once it is committed; a question and
its answer are stored in one transaction; feedback is recorded once per message. Two workers appending to one
session at the same moment are serialised by a lock on the session's row, so message order (`seq`) has no gaps
and no duplicates. A connection that broke (the database restarted) is replaced on the next call.
"""

from __future__ import annotations

import json
import threading
import time

from assistant.store.base import TurnWriter, UnknownMessage, new_session_id

__all__ = ["PostgresStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, created DOUBLE PRECISION NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
  content TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}', created DOUBLE PRECISION NOT NULL,
  UNIQUE (session_id, seq)
);
CREATE TABLE IF NOT EXISTS feedback (
  session_id TEXT NOT NULL, message_id TEXT NOT NULL, rating INTEGER NOT NULL, comment TEXT,
  created DOUBLE PRECISION NOT NULL, PRIMARY KEY (session_id, message_id)
);
"""


class PostgresStore(TurnWriter):
    """One connection per thread (request threads are bounded by the server's pool)."""

    def __init__(self, url: str, connect_timeout: float = 10.0) -> None:
        try:
            import psycopg
        except ImportError as e:  # pragma: no cover - psycopg is a runtime dependency
            raise RuntimeError("使用 PostgreSQL 存储需要 psycopg：pip install 'psycopg[binary]'") from e
        self._psycopg = psycopg
        self.url = url
        self.connect_timeout = connect_timeout
        self._local = threading.local()
        with self._conn().transaction() as tx:
            # Several workers may start at once: one creates the tables, the others wait for it.
            tx.connection.execute("SELECT pg_advisory_xact_lock(727001)")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                tx.connection.execute(statement)

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            try:
                conn = self._psycopg.connect(self.url, autocommit=True, connect_timeout=int(self.connect_timeout))
            except self._psycopg.OperationalError as e:
                raise RuntimeError(f"无法连接 PostgreSQL 存储：{_without_password(str(e))}") from None
            self._local.conn = conn
        return conn

    def open_session(self, session_id: str | None = None) -> str:
        """Record a session the server issued; returns its token once it is committed."""
        session_id = session_id or new_session_id()
        self._conn().execute("INSERT INTO sessions (id, created) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING",
                             (session_id, time.time()))
        return session_id

    def has_session(self, session_id: str) -> bool:
        """Whether the server issued this token."""
        conn = self._conn()
        return bool(conn.execute("SELECT 1 FROM sessions WHERE id = %s", (session_id,)).fetchone()
                    or conn.execute("SELECT 1 FROM messages WHERE session_id = %s LIMIT 1", (session_id,)).fetchone())

    def _write(self, session_id: str, rows: list[tuple[str, str, str, dict | None]]) -> None:
        with self._conn().transaction() as tx:
            db = tx.connection
            db.execute("INSERT INTO sessions (id, created) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING",
                       (session_id, time.time()))
            db.execute("SELECT 1 FROM sessions WHERE id = %s FOR UPDATE", (session_id,))  # one writer per session
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE session_id = %s",
                             (session_id,)).fetchone()[0]
            for message_id, role, content, meta in rows:
                seq += 1
                db.execute("INSERT INTO messages (id, session_id, seq, role, content, meta, created) "
                           "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                           (message_id, session_id, seq, role, content, json.dumps(meta or {}, ensure_ascii=False),
                            time.time()))

    def history(self, session_id: str, limit: int = 20) -> list[dict]:
        """The last `limit` messages of a session, oldest first."""
        rows = self._conn().execute(
            "SELECT id, role, content, meta FROM messages WHERE session_id = %s ORDER BY seq DESC LIMIT %s",
            (session_id, limit)).fetchall()
        return [{"id": r[0], "role": r[1], "content": r[2], "meta": json.loads(r[3])} for r in reversed(rows)]

    def add_feedback(self, session_id: str, message_id: str, rating: int, comment: str | None = None) -> bool:
        """Record feedback once per message; True when new, False when it was already there (idempotent)."""
        with self._conn().transaction() as tx:
            db = tx.connection
            known = db.execute("SELECT 1 FROM messages WHERE id = %s AND session_id = %s",
                               (message_id, session_id)).fetchone()
            if not known:
                raise UnknownMessage(message_id)
            cur = db.execute("INSERT INTO feedback (session_id, message_id, rating, comment, created) "
                             "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                             (session_id, message_id, rating, comment, time.time()))
            return cur.rowcount == 1

    def feedback(self, session_id: str) -> list[dict]:
        """Feedback records of a session."""
        rows = self._conn().execute("SELECT message_id, rating, comment FROM feedback WHERE session_id = %s",
                                    (session_id,)).fetchall()
        return [{"message_id": r[0], "rating": r[1], "comment": r[2]} for r in rows]


def _without_password(message: str) -> str:
    """A connection error as shown to the operator: never the password of the URL."""
    import re

    return re.sub(r"(postgres(?:ql)?://[^:/@\s]+:)[^@\s]+@", r"\1***@", message)
