"""A scripted chat model for tests: replies are enqueued, every call is recorded."""

from __future__ import annotations

from typing import Iterator

from assistant.llm.base import LLMError, Message

__all__ = ["FakeChatModel"]


class FakeChatModel:
    """Returns enqueued replies in order; `.history` holds the messages of every call."""

    name = "fake"

    def __init__(self, replies: list[str] | None = None, default: str | None = None) -> None:
        self._queue = list(replies or [])
        self.default = default
        self.history: list[list[Message]] = []

    def enqueue(self, *replies: str) -> "FakeChatModel":
        """Add replies to the end of the script."""
        self._queue.extend(replies)
        return self

    def complete(self, messages: list[Message]) -> str:
        self.history.append([dict(m) for m in messages])
        if self._queue:
            return self._queue.pop(0)
        if self.default is not None:
            return self.default
        raise LLMError("脚本化模型没有更多回复")

    def stream(self, messages: list[Message]) -> Iterator[str]:
        text = self.complete(messages)
        for i in range(0, len(text), 4):
            yield text[i : i + 4]
