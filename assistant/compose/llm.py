"""The LLM composer: an OpenAI-compatible model writes the answer from fenced passages; the guard checks it."""

from __future__ import annotations

from typing import Iterator

from assistant.compose.citations import CitationBook
from assistant.guard.injection import strip_attacks
from assistant.llm.base import ChatModel
from assistant.prompts import load_prompt
from assistant.types import Passage

__all__ = ["LLMComposer"]


class LLMComposer:
    """Renders prompts/answer_system.md and answer_user.md; passages are numbered data, never instructions."""

    def __init__(self, model: ChatModel, max_chars: int = 400) -> None:
        self.model = model
        self.name = model.name
        self.max_chars = max_chars
        self.system = load_prompt("answer_system")
        self.user = load_prompt("answer_user")

    def messages(self, question: str, passages: list[Passage], texts: dict[str, str], book: CitationBook,
                 region: str | None, notes: list[str], facts: str = "") -> list[dict]:
        """The chat messages; each passage is cited up front so the model can only point at real quotes."""
        blocks = []
        for p in passages:
            # A planted instruction in a retrieved chunk is removed before the model ever sees it.
            clean, _ = strip_attacks(p.chunk.text)
            if not clean:
                continue
            n = book.cite(p.chunk.doc_id, p.chunk.text, p.chunk.start)
            blocks.append(f"[{n}] 《{p.title}》{p.chunk.section}\n{clean}")
        if facts:
            blocks.insert(0, f"[规则] {facts}")
        return [
            {"role": "system", "content": self.system.render(max_chars=str(self.max_chars))},
            {"role": "user", "content": self.user.render(region=region or "未指定", notes="；".join(notes) or "无",
                                                          passages="\n\n".join(blocks), question=question)},
        ]

    def compose(self, messages: list[dict]) -> str:
        """The model's whole answer."""
        return self.model.complete(messages)

    def stream(self, messages: list[dict]) -> Iterator[str]:
        """The model's answer as it arrives (the guard still checks the whole before it is final)."""
        return self.model.stream(messages)
