"""The conversation and feedback store interface."""

from __future__ import annotations

import secrets
from typing import Protocol

__all__ = ["ConversationStore", "new_session_id", "UnknownMessage", "UnknownSession"]


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
