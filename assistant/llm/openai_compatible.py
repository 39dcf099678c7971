"""Any OpenAI-compatible endpoint (DeepSeek, Qwen, GLM, vLLM, Ollama) through langchain-openai."""

from __future__ import annotations

from typing import Iterator

from assistant.indexing.embedder import MissingExtra
from assistant.llm.base import LLMError, Message

__all__ = ["OpenAICompatibleChatModel"]


def _lc_messages(messages: list[Message]):
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m["role"]](content=m["content"]) for m in messages]


class OpenAICompatibleChatModel:
    """ChatOpenAI with base URL, key, timeout and token budget from settings; errors become LLMError."""

    def __init__(self, model: str, base_url: str | None, api_key: str | None, timeout: float = 30.0,
                 max_tokens: int = 800, temperature: float = 0.2) -> None:
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as e:  # pragma: no cover - depends on the install
            raise MissingExtra("需要安装可选依赖：pip install -e '.[llm]'") from e
        self.name = f"openai:{model}"
        self._llm = ChatOpenAI(model=model, base_url=base_url, api_key=api_key or "not-needed", timeout=timeout,
                               max_tokens=max_tokens, temperature=temperature, max_retries=1)

    def complete(self, messages: list[Message]) -> str:
        try:
            return str(self._llm.invoke(_lc_messages(messages)).content)
        except Exception as e:  # noqa: BLE001 - any transport or API failure
            raise LLMError(f"大模型调用失败：{type(e).__name__}") from e

    def stream(self, messages: list[Message]) -> Iterator[str]:
        try:
            for chunk in self._llm.stream(_lc_messages(messages)):
                if chunk.content:
                    yield str(chunk.content)
        except Exception as e:  # noqa: BLE001
            raise LLMError(f"大模型调用失败：{type(e).__name__}") from e
