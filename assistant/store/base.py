"""The conversation and feedback store interface."""

from __future__ import annotations

import secrets
import uuid
from typing import Protocol

__all__ = ["ConversationStore", "new_session_id", "UnknownMessage", "UnknownSession", "TurnWriter"]


class UnknownMessage(KeyError):
    """Feedback names a message that is not in that session."""


class UnknownSession(KeyError):
    """A session token this server never issued."""


def new_session_id() -> str:
    """An unguessable session token: a browser session can read only the history its token names."""
    return secrets.token_urlsafe(24)


class ConversationStore(Protocol):
    """Sessions the server issued, their messages, and one feedback record per message."""

    def open_session(self, session_id: str | None = None) -> str:
        """Record a session (a new unguessable token unless the server already made one) and return it."""

    def has_session(self, session_id: str) -> bool: ...

    def append_turn(self, session_id: str, question: str, answer: str, question_meta: dict | None = None,
                    answer_meta: dict | None = None) -> str:
        """A question and its answer in one write (both or neither); returns the answer's message id."""

    def append(self, session_id: str, role: str, content: str, meta: dict | None = None) -> str: ...

    def history(self, session_id: str, limit: int = 20) -> list[dict]: ...

    def add_feedback(self, session_id: str, message_id: str, rating: int, comment: str | None = None) -> bool: ...

    def feedback(self, session_id: str) -> list[dict]: ...


class TurnWriter:
    """append and append_turn for a database store, over its `_write(session_id, rows)`: the rows of one call are
    written in one transaction, each (message id, role, content, meta)."""

    def _write(self, session_id: str, rows: list[tuple[str, str, str, dict | None]]) -> None:
        raise NotImplementedError

    def append(self, session_id: str, role: str, content: str, meta: dict | None = None) -> str:
        """Store one message; returns its id once it is durable."""
        message_id = uuid.uuid4().hex
        self._write(session_id, [(message_id, role, content, meta)])
        return message_id

    def append_turn(self, session_id: str, question: str, answer: str, question_meta: dict | None = None,
                    answer_meta: dict | None = None) -> str:
        """A question and its answer in one transaction; returns the answer's id once both are durable."""
        message_id = uuid.uuid4().hex
        self._write(session_id, [(uuid.uuid4().hex, "user", question, question_meta),
                                 (message_id, "assistant", answer, answer_meta)])
        return message_id
