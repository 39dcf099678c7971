"""Chat models behind one interface: a scripted fake and any OpenAI-compatible endpoint."""

from assistant.llm.base import ChatModel, LLMError
from assistant.llm.factory import make_chat_model
from assistant.llm.fake import FakeChatModel

__all__ = ["ChatModel", "FakeChatModel", "LLMError", "make_chat_model"]
