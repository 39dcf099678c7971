"""An in-memory store with the same behaviour, for tests."""

from __future__ import annotations

import threading
import uuid

from assistant.store.base import UnknownMessage

__all__ = ["MemoryStore"]


class MemoryStore:
    """Dictionaries behind a lock."""

    def __init__(self) -> None:
        self._messages: dict[str, list[dict]] = {}
        self._feedback: dict[tuple[str, str], dict] = {}
        self._lock = threading.Lock()

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
