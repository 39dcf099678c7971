"""One factory from a `kind:name` string to a chat model: `fake`, `openai:<model>`; `offline` means none."""

from __future__ import annotations

from assistant.llm.base import ChatModel

__all__ = ["make_chat_model"]


def make_chat_model(spec: str, base_url: str | None = None, api_key: str | None = None, timeout: float = 30.0,
                    max_tokens: int = 800) -> ChatModel | None:
    """None for `offline` (the templated composer needs no model)."""
    kind, _, name = spec.partition(":")
    if kind == "offline":
        return None
    if kind == "fake":
        from assistant.llm.fake import FakeChatModel

        return FakeChatModel(default=name or None)
    if kind == "openai":
        if not name:
            raise ValueError("openai: 后需给出模型名，例如 openai:deepseek-chat")
        from assistant.llm.openai_compatible import OpenAICompatibleChatModel

        return OpenAICompatibleChatModel(name, base_url, api_key, timeout, max_tokens)
    raise ValueError(f"未知的生成模型：{spec}（可用 offline、openai:<模型>、fake）")
