"""An in-memory store with the same behaviour, for tests."""

from __future__ import annotations

import threading
import uuid

from assistant.store.base import UnknownMessage, new_session_id

__all__ = ["MemoryStore"]


class MemoryStore:
    """Dictionaries behind a lock."""

    def __init__(self) -> None:
        self._messages: dict[str, list[dict]] = {}
        self._feedback: dict[tuple[str, str], dict] = {}
        self._sessions: set[str] = set()
        self._lock = threading.Lock()

    def open_session(self, session_id: str | None = None) -> str:
        session_id = session_id or new_session_id()
        with self._lock:
            self._sessions.add(session_id)
        return session_id

    def has_session(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._sessions

    def append_turn(self, session_id: str, question: str, answer: str, question_meta: dict | None = None,
                    answer_meta: dict | None = None) -> str:
        message_id = uuid.uuid4().hex
        with self._lock:
            self._sessions.add(session_id)
            self._messages.setdefault(session_id, []).extend([
                {"id": uuid.uuid4().hex, "role": "user", "content": question, "meta": dict(question_meta or {})},
                {"id": message_id, "role": "assistant", "content": answer, "meta": dict(answer_meta or {})}])
        return message_id

    def append(self, session_id: str, role: str, content: str, meta: dict | None = None) -> str:
        message_id = uuid.uuid4().hex
        with self._lock:
            self._messages.setdefault(session_id, []).append(
                {"id": message_id, "role": role, "content": content, "meta": dict(meta or {})})
        return message_id

    def history(self, session_id: str, limit: int = 20) -> list[dict]:
        with self._lock:
            return [dict(m) for m in self._messages.get(session_id, [])[-limit:]]

    def add_feedback(self, session_id: str, message_id: str, rating: int, comment: str | None = None) -> bool:
        with self._lock:
            if not any(m["id"] == message_id for m in self._messages.get(session_id, [])):
                raise UnknownMessage(message_id)
            key = (session_id, message_id)
            if key in self._feedback:
                return False
            self._feedback[key] = {"message_id": message_id, "rating": rating, "comment": comment}
            return True

    def feedback(self, session_id: str) -> list[dict]:
        with self._lock:
            return [dict(v) for (s, _), v in self._feedback.items() if s == session_id]
