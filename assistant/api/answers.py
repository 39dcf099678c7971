"""The answering endpoints: /v1/ask (JSON or SSE), /v1/recommend, and the OpenAI-compatible chat API."""

from __future__ import annotations

import json
import time
import uuid
from typing import Iterator, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.advisor import MAX_QUERY_CHARS, Advisor
from assistant.api.problems import problem
from assistant.api.routes import get_advisor
from assistant.store import UnknownMessage, new_session_id

__all__ = ["router", "MODEL_ID"]

router = APIRouter()
MODEL_ID = "tisheng-advisor"


class Turn(BaseModel):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=MAX_QUERY_CHARS * 4)


class AskRequest(BaseModel):
    """POST /v1/ask body."""

    question: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS)
    region: str | None = Field(None, max_length=50)
    history: list[Turn] = Field(default_factory=list, max_length=40)
    stream: bool = False
    session_id: str | None = Field(None, min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$",
                                   description="会话令牌；给出时历史从服务端读取并保存本轮问答")


class RecommendRequest(BaseModel):
    """POST /v1/recommend body."""

    text: str = Field(..., min_length=1, max_length=2000)
    region: str | None = Field(None, max_length=50)
    environment: str | None = Field(None, max_length=20)
    subject: str | None = Field(None, max_length=20)
    grade: str | None = Field(None, max_length=20)


def _sse(answer: dict) -> Iterator[str]:
    """The checked answer as server-sent events: delta pieces, then the whole object, then done."""
    text = answer["answer"]
    for i in range(0, len(text), 24):
        yield f"event: delta\ndata: {json.dumps({'text': text[i:i + 24]}, ensure_ascii=False)}\n\n"
    yield f"event: answer\ndata: {json.dumps(answer, ensure_ascii=False)}\n\n"
    yield "event: done\ndata: {}\n\n"


def get_store(request: Request):
    """The process's conversation store."""
    return request.app.state.holder.store


@router.post("/v1/ask", tags=["ask"])
def ask(body: AskRequest, advisor: Advisor = Depends(get_advisor), store=Depends(get_store)):
    """A grounded answer with citations; `stream: true` returns server-sent events.

    With `session_id` the conversation is kept on the server (history read from it, this turn saved to it)
    and the response carries `session_id` and `message_id` for feedback. Streaming sends only text the guard
    has already passed: the answer is checked whole, then streamed.
    """
    history = [t.model_dump() for t in body.history]
    if body.session_id and not history:
        history = [{"role": m["role"], "content": m["content"]} for m in store.history(body.session_id)]
    answer = advisor.ask(body.question, region=body.region, history=history)
    data = answer.to_json()
    if body.session_id:
        store.append(body.session_id, "user", body.question, {"region": body.region})
        data["message_id"] = store.append(body.session_id, "assistant", answer.answer,
                                          {"verdict": answer.grounding.verdict, "citations": len(answer.citations)})
        data["session_id"] = body.session_id
    if body.stream:
        return StreamingResponse(_sse(data), media_type="text/event-stream")
    return data


@router.post("/v1/sessions", tags=["ask"])
def new_session() -> dict:
    """A new unguessable session token."""
    return {"session_id": new_session_id()}


@router.get("/v1/sessions/{session_id}/messages", tags=["ask"])
def session_messages(session_id: str, store=Depends(get_store)) -> dict:
    """The history of one session (only whoever holds the token can read it)."""
    if not 16 <= len(session_id) <= 64:
        raise ValueError("会话令牌格式不对")
    return {"session_id": session_id, "messages": store.history(session_id, limit=200)}


class FeedbackRequest(BaseModel):
    """POST /v1/feedback body."""

    session_id: str = Field(..., min_length=16, max_length=64)
    message_id: str = Field(..., min_length=8, max_length=64)
    rating: Literal[1, -1]
    comment: str | None = Field(None, max_length=1000)


@router.post("/v1/feedback", tags=["ask"])
def feedback(body: FeedbackRequest, store=Depends(get_store)):
    """Thumbs up (1) or down (-1) on an answer, once per message: a repeat is acknowledged, not duplicated."""
    try:
        created = store.add_feedback(body.session_id, body.message_id, body.rating, body.comment)
    except UnknownMessage:
        return problem(404, "该会话中没有这条回答")
    return {"status": "stored" if created else "exists", "message_id": body.message_id}


@router.post("/v1/recommend", tags=["recommend"])
def recommend(body: RecommendRequest, advisor: Advisor = Depends(get_advisor)) -> dict:
    """Three valid micro-abilities for the teacher's own words."""
    return advisor.recommend(body.text, body.region, body.environment, body.subject, body.grade).to_json()


class ChatMessage(BaseModel):
    """An OpenAI chat message."""

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | None = Field(None, max_length=MAX_QUERY_CHARS * 4)


class ChatRequest(BaseModel):
    """OpenAI-compatible chat completion request; `region` is our extension."""

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=40)
    stream: bool = False
    region: str | None = Field(None, max_length=50)


@router.get("/v1/models", tags=["openai"])
def models() -> dict:
    """The one model this service offers."""
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "tisheng"}]}


@router.post("/v1/chat/completions", tags=["openai"])
def chat_completions(body: ChatRequest, advisor: Advisor = Depends(get_advisor)):
    """OpenAI-compatible: the last user message is the question; earlier turns are the history.

    System messages from the caller are ignored: they cannot change the rules. The references travel in
    the response as `references` (and `grounding`).
    """
    turns = [m for m in body.messages if m.role in ("user", "assistant") and m.content]
    if not turns or turns[-1].role != "user":
        raise ValueError("messages 的最后一条必须是用户的问题")
    history = [{"role": t.role, "content": t.content} for t in turns[:-1]]
    answer = advisor.ask(turns[-1].content, region=body.region, history=history).to_json()
    cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    extra = {"references": answer["citations"], "grounding": answer["grounding"], "refused": answer["refused"]}
    if not body.stream:
        return {"id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": answer["answer"]},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}, **extra}

    def events() -> Iterator[str]:
        base = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID}
        text = answer["answer"]
        first = {"role": "assistant", "content": ""}
        yield f"data: {json.dumps({**base, 'choices': [{'index': 0, 'delta': first}]}, ensure_ascii=False)}\n\n"
        for i in range(0, len(text), 24):
            delta = {"content": text[i:i + 24]}
            yield f"data: {json.dumps({**base, 'choices': [{'index': 0, 'delta': delta}]}, ensure_ascii=False)}\n\n"
        last = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], **extra}
        yield f"data: {json.dumps(last, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")
