"""The ChatModel interface: complete or stream a list of role/content messages."""

from __future__ import annotations

from typing import Iterator, Protocol

__all__ = ["ChatModel", "Message", "LLMError"]

Message = dict  # {"role": "system"|"user"|"assistant", "content": str}


class LLMError(RuntimeError):
    """The model could not answer (timeout, refused connection, bad response); the message is Chinese."""


class ChatModel(Protocol):
    """A chat model; implementations: FakeChatModel (tests), OpenAICompatibleChatModel (any /v1 endpoint)."""

    name: str

    def complete(self, messages: list[Message]) -> str: ...

    def stream(self, messages: list[Message]) -> Iterator[str]: ...
