"""The answering endpoints: /v1/ask (JSON or SSE), sessions and feedback, /v1/recommend."""

from __future__ import annotations

import json
from typing import Annotated, Iterator, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, StrictBool

from assistant.advisor import MAX_QUERY_CHARS, Advisor
from assistant.api.contract import API_ERRORS, ENVIRONMENT, NOT_BLANK, SSE_HEADERS, SSE_SCHEMA, errors
from assistant.api.problems import problem
from assistant.api.routes import get_advisor
from assistant.store import UnknownMessage
from assistant.timing import stage

__all__ = ["router"]

router = APIRouter()
SESSION_PATTERN = r"^[A-Za-z0-9_\-]{16,64}$"


class Turn(BaseModel):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=MAX_QUERY_CHARS * 4)


class AskRequest(BaseModel):
    """POST /v1/ask body."""

    question: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, pattern=NOT_BLANK)
    region: str | None = Field(None, max_length=50)
    history: list[Turn] = Field(default_factory=list, description="更早的对话；过长时只取最近几轮")
    stream: StrictBool = False
    session_id: str | None = Field(None, pattern=SESSION_PATTERN,
                                   description="会话令牌；给出时历史从服务端读取并保存本轮问答")


class RecommendRequest(BaseModel):
    """POST /v1/recommend body."""

    text: str = Field(..., min_length=1, max_length=2000, pattern=NOT_BLANK)
    region: str | None = Field(None, max_length=50)
    environment: Annotated[str | None, ENVIRONMENT] = Field(None, max_length=20)
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


@router.post("/v1/ask", tags=["ask"], responses={**errors(404), 
    200: {"description": "回答（JSON），或 stream=true 时的 SSE 流（delta、answer、done 三种事件）",
          "content": {"application/json": {}, "text/event-stream": {"schema": SSE_SCHEMA}}},
    **errors(*API_ERRORS)})
def ask(body: AskRequest, advisor: Advisor = Depends(get_advisor), store=Depends(get_store)):
    """A grounded answer with citations; `stream: true` returns server-sent events.

    With `session_id` the conversation is kept on the server (history read from it, this turn saved to it)
    and the response carries `session_id` and `message_id` for feedback. Streaming sends only text the guard
    has already passed: the answer is checked whole, then streamed.
    """
    if body.session_id and not store.has_session(body.session_id):
        return problem(404, "没有这个会话：会话令牌须先用 POST /v1/sessions 获取")
    history = [t.model_dump() for t in body.history]
    if body.session_id and not history:
        history = [{"role": m["role"], "content": m["content"]} for m in store.history(body.session_id)]
    answer = advisor.ask(body.question, region=body.region, history=history)
    with stage("serialize"):
        data = answer.to_json()
    if body.session_id:
        data["message_id"] = store.append_turn(
            body.session_id, body.question, answer.answer, {"region": body.region},
            {"verdict": answer.grounding.verdict, "citations": len(answer.citations)})
        data["session_id"] = body.session_id
    if body.stream:
        return StreamingResponse(_sse(data), media_type="text/event-stream", headers=SSE_HEADERS)
    return data


@router.post("/v1/sessions", tags=["ask"], responses=errors(*API_ERRORS))
def new_session(store=Depends(get_store)) -> dict:
    """A new unguessable session token, issued and recorded by the server (the only valid kind)."""
    return {"session_id": store.open_session()}


@router.get("/v1/sessions/{session_id}/messages", tags=["ask"], responses=errors(404, *API_ERRORS))
def session_messages(session_id: str = Path(..., pattern=SESSION_PATTERN), store=Depends(get_store)) -> dict:
    """The history of one session (only whoever holds the token can read it); 404 for a token never issued."""
    if not store.has_session(session_id):
        return problem(404, "没有这个会话")
    return {"session_id": session_id, "messages": store.history(session_id, limit=200)}


class FeedbackRequest(BaseModel):
    """POST /v1/feedback body."""

    session_id: str = Field(..., pattern=SESSION_PATTERN)
    message_id: str = Field(..., min_length=8, max_length=64)
    rating: Literal[1, -1]
    comment: str | None = Field(None, max_length=1000)


@router.post("/v1/feedback", tags=["ask"], responses=errors(404, *API_ERRORS))
def feedback(body: FeedbackRequest, store=Depends(get_store)):
    """Thumbs up (1) or down (-1) on an answer, once per message: a repeat is acknowledged, not duplicated."""
    try:
        created = store.add_feedback(body.session_id, body.message_id, body.rating, body.comment)
    except UnknownMessage:
        return problem(404, "该会话中没有这条回答")
    return {"status": "stored" if created else "exists", "message_id": body.message_id}


@router.post("/v1/recommend", tags=["recommend"], responses=errors(*API_ERRORS))
def recommend(body: RecommendRequest, advisor: Advisor = Depends(get_advisor)) -> dict:
    """Three valid micro-abilities for the teacher's own words."""
    rec = advisor.recommend(body.text, body.region, body.environment, body.subject, body.grade)
    with stage("serialize"):
        return rec.to_json()
