"""The LLM composer: an OpenAI-compatible model rewrites the answer from the evidence the sources found; every
sentence it writes then goes through the guard like any other.

The model sees numbered evidence (never instructions: planted instructions are removed first) and the offline
answer's facts; what it writes is split into sentences, each checked by the claim verifier against all of that
evidence. A model that is down or slow changes nothing: the offline answer serves.
"""

from __future__ import annotations

import re

from assistant.compose.reply import Reply, Statement
from assistant.guard.injection import strip_attacks
from assistant.llm.base import ChatModel, LLMError
from assistant.prompts import load_prompt

__all__ = ["LLMComposer"]

_MARK = re.compile(r"\[(\d{1,2})\]")


def _bare(text: str) -> str:
    """Text without punctuation, spaces or list numbers, for comparing wording."""
    return re.sub(r"[\W\d_]+", "", text)


class LLMComposer:
    """Renders prompts/answer_system.md and answer_user.md; evidence is numbered data, never instructions."""

    def __init__(self, model: ChatModel, max_chars: int = 400) -> None:
        self.model = model
        self.name = model.name
        self.max_chars = max_chars
        self.system = load_prompt("answer_system")
        self.user = load_prompt("answer_user")

    def messages(self, question: str, reply: Reply, region: str | None, notes: list[str]) -> list[dict]:
        """The chat messages: the claims of the offline answer, numbered, each with the words it rests on."""
        blocks = []
        for i, st in enumerate(s for s in reply.statements if s.kind == "claim"):
            evidence = "；".join(dict.fromkeys(strip_attacks(ev.text)[0] for ev in st.evidence if ev.text))
            blocks.append(f"[{i + 1}] {st.text}\n依据：{evidence}")
        return [
            {"role": "system", "content": self.system.render(max_chars=str(self.max_chars))},
            {"role": "user", "content": self.user.render(region=region or "未指定", notes="；".join(notes) or "无",
                                                          passages="\n\n".join(blocks), question=question)},
        ]

    def rewrite(self, question: str, reply: Reply, region: str | None, notes: list[str]) -> Reply | None:
        """The model's answer as statements (each keeping the evidence and quote of the claim it cites, or all the
        evidence when it cites none); None when the model fails."""
        claims = [s for s in reply.statements if s.kind == "claim"]
        if not claims:
            return None
        try:
            text = self.model.complete(self.messages(question, reply, region, notes))
        except LLMError:
            return None
        pool = [ev for st in claims for ev in st.evidence]
        # The prompt's own wording (its rules, labels and the question) is never an answer sentence, whatever
        # the model does with it.
        scaffold = _bare("".join(m["content"] for m in self.messages(question, Reply(), region, notes)))
        out = []
        # Sentences as the model wrote them, with their [n] marks (the verifier's own splitter drops marks).
        for sentence in re.split(r"(?<=[。！？!?\n])", text):
            cited = [int(n) for n in _MARK.findall(sentence) if 0 < int(n) <= len(claims)]
            body = _MARK.sub("", sentence).strip().rstrip("。！？!?")
            bare = _bare(body)
            if len(bare) < 4 or bare in scaffold or re.search(r"[？?]\s*$", body):
                continue
            source = claims[cited[0] - 1] if cited else None
            out.append(Statement(body.rstrip("。") + "。", evidence=source.evidence if source else pool,
                                 quote=source.quote if source else None, rule_id=source.rule_id if source else None,
                                 fills=any(c.fills for c in claims), lead=not out))
        if not out:
            return None
        notes_kept = [s for s in reply.statements if s.kind == "note"]
        return Reply(out + notes_kept, reply.status, reply.confidence, "llm")
