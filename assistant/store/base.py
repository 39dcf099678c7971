"""The conversation and feedback store interface."""

from __future__ import annotations

import secrets
from typing import Protocol

__all__ = ["ConversationStore", "new_session_id", "UnknownMessage"]


class UnknownMessage(KeyError):
    """Feedback names a message that is not in that session."""


def new_session_id() -> str:
    """An unguessable session token: a browser session can read only the history its token names."""
    return secrets.token_urlsafe(24)


class ConversationStore(Protocol):
    """Messages by session, and one feedback record per message."""

    def append(self, session_id: str, role: str, content: str, meta: dict | None = None) -> str: ...

    def history(self, session_id: str, limit: int = 20) -> list[dict]: ...

    def add_feedback(self, session_id: str, message_id: str, rating: int, comment: str | None = None) -> bool: ...

    def feedback(self, session_id: str) -> list[dict]: ...
