"""The OpenAI-compatible chat API, as the openai SDKs, LangChain, Dify, FastGPT, RAGFlow and Chatchat call it.

What is honoured and what is refused, so a client is never silently misled:
- `messages[].content` may be a string or a list of parts; text parts are joined, an image part is a 400.
- System and developer messages are accepted and ignored: they cannot change the rules the answers follow.
- Long histories are cut to the turns the pipeline reads; they are not refused.
- `max_tokens` / `max_completion_tokens` cut the answer (at a sentence end when one fits; finish_reason
  "length"); `usage` counts tokens with tiktoken (cl100k_base).
- `n > 1`, `tools`/`functions` and a JSON `response_format` are a 400 naming the parameter; an unknown
  `model` is a 404 listing the model this service offers.
- Citations travel three ways: top-level `references` (this service's own), RAGFlow's
  `choices[0].message.reference` (`delta.reference` on the last chunk), and Dify's
  `metadata.retriever_resources`.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from functools import lru_cache
from typing import Annotated, Any, Iterator, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, WithJsonSchema

from assistant.advisor import MAX_QUERY_CHARS, Advisor
from assistant.api.contract import SSE_HEADERS, SSE_SCHEMA, errors
from assistant.api.problems import openai_error
from assistant.api.routes import get_advisor

__all__ = ["router", "MODEL_ID", "ChatRequest", "references"]

router = APIRouter(tags=["openai"])
MODEL_ID = "tisheng-advisor"
DATASET_ID = "tisheng-2.0-policies"
DATASET_NAME = "提升工程2.0政策文件"


_TEXT_PART = {"type": "object", "required": ["type", "text"],
              "properties": {"type": {"type": "string", "enum": ["text", "input_text"]}, "text": {"type": "string"}}}
_CONTENT = {"anyOf": [{"type": "string", "maxLength": MAX_QUERY_CHARS * 4},
                      {"type": "array", "items": _TEXT_PART, "maxItems": 64}, {"type": "null"}],
            "description": "文本，或文本片段列表（图片等其他片段返回 400）"}
# At least one user message with words in it: the last such message is the question.
_HAS_QUESTION = {"type": "object", "required": ["role", "content"], "properties": {
    "role": {"const": "user"},
    "content": {"anyOf": [{"type": "string", "pattern": r"\S"},
                          {"type": "array", "contains": {**_TEXT_PART, "properties": {
                              **_TEXT_PART["properties"], "text": {"type": "string", "pattern": r"\S"}}}}]}}}


class ChatMessage(BaseModel):
    """An OpenAI chat message; `content` is text or a list of content parts."""

    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer", "function"]
    content: Annotated[str | list[dict[str, Any]] | None, WithJsonSchema(_CONTENT)] = None


class ChatRequest(BaseModel):
    """OpenAI-compatible chat completion request; `region` is this service's extension. Unknown OpenAI
    parameters (temperature, top_p, user…) are accepted and have no effect on a grounded answer."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(..., min_length=1, json_schema_extra={"contains": _HAS_QUESTION})
    stream: StrictBool = False
    region: str | None = Field(None, max_length=50)
    n: int | None = Field(None, ge=1, le=128, json_schema_extra={"maximum": 1}, description="只支持 1")
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    tools: list[dict[str, Any]] | None = Field(None, json_schema_extra={"maxItems": 0}, description="不支持")
    functions: list[dict[str, Any]] | None = Field(None, json_schema_extra={"maxItems": 0}, description="不支持")
    response_format: dict[str, Any] | None = Field(None, json_schema_extra={
        "properties": {"type": {"type": "string", "enum": ["text"]}}}, description="只支持 text")


class _Unsupported(Exception):
    def __init__(self, status: int, message: str, param: str | None, code: str) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code


@lru_cache(maxsize=1)
def _tokens():
    from assistant.chunking.tokens import TiktokenCounter

    return TiktokenCounter("cl100k_base")


def _text_of(message: ChatMessage, index: int) -> str:
    """The text of a message: a string, or its text parts joined; other parts are refused."""
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    pieces = []
    for part in message.content:
        kind = part.get("type")
        if kind in ("text", "input_text") and isinstance(part.get("text"), str):
            pieces.append(part["text"])
        elif kind in ("image_url", "input_image", "image"):
            raise _Unsupported(400, "暂不支持图片：请把问题用文字写出来（例如把截图里的政策条文抄成文字）",
                               f"messages[{index}].content", "unsupported_content")
        else:
            raise _Unsupported(400, f"不支持的内容类型：{kind!r}（只接受文字 text）", f"messages[{index}].content",
                               "unsupported_content")
    return "\n".join(pieces)


def _check(body: ChatRequest) -> None:
    if body.model != MODEL_ID:
        raise _Unsupported(404, f"没有模型 {body.model!r}；本服务提供的模型：{MODEL_ID}", "model", "model_not_found")
    if body.n is not None and body.n > 1:
        raise _Unsupported(400, "不支持 n>1：每个问题只有一个经过核验的回答", "n", "unsupported_parameter")
    if body.tools or body.functions:
        param = "tools" if body.tools else "functions"
        raise _Unsupported(400, "不支持工具调用（tools / functions）：本服务只给出经核验的政策回答", param,
                           "unsupported_parameter")
    kind = (body.response_format or {}).get("type", "text")
    if kind != "text":
        raise _Unsupported(400, f"不支持 response_format={kind}：回答是带出处的中文文本", "response_format",
                           "unsupported_parameter")


def references(citations: list[dict]) -> dict:
    """The citations in the field names RAGFlow (`reference`) and Dify (`retriever_resources`) read."""
    chunks, aggs = [], {}
    resources = []
    for c in citations:
        segment = f"{c['doc_id']}:{c['start']}-{c['end']}"
        chunks.append({"id": segment, "content": c["quote"], "document_id": c["doc_id"],
                       "document_name": c["title"], "dataset_id": DATASET_ID, "positions": [[c["start"], c["end"]]],
                       "section": c.get("section", "")})
        aggs.setdefault(c["doc_id"], {"doc_name": c["title"], "doc_id": c["doc_id"], "count": 0})["count"] += 1
        resources.append({"position": c["n"], "dataset_id": DATASET_ID, "dataset_name": DATASET_NAME,
                          "document_id": c["doc_id"], "document_name": c["title"], "segment_id": segment,
                          "content": c["quote"]})
    return {"reference": {"chunks": chunks, "doc_aggs": list(aggs.values())},
            "retriever_resources": resources}


def _limit(text: str, max_tokens: int | None) -> tuple[str, str]:
    """The answer within max_tokens, cut at the last sentence end that fits, else the last clause end; only
    when not even one clause fits is it cut inside one, never inside a number (「5…」 must not pass for 50)."""
    if max_tokens is None or _tokens().count(text) <= max_tokens:
        return text, "stop"
    for pattern in (r"[^。！？!?\n]+[。！？!?\n]*", r"[^，,；;：:。！？!?\n]+[，,；;：:。！？!?\n]*"):
        kept = ""
        for piece in re.findall(pattern, text):
            if _tokens().count(kept + piece + "…") > max_tokens:
                break
            kept += piece
        if kept.strip():
            return kept.rstrip("，,；;：: \n") + ("" if kept.rstrip().endswith(("。", "！", "？")) else "…"), "length"
    head = re.sub(r"[\d.．〇一二三四五六七八九十百千万%％]+$", "", _tokens().head(text, max(1, max_tokens - 1)))
    return head + "…", "length"


@router.get("/v1/models", responses=errors(401, 429, shape="openai"))
def models() -> dict:
    """The one model this service offers."""
    return {"object": "list", "data": [_model_card()]}


@router.get("/v1/models/{model}", responses=errors(401, 404, 429, shape="openai"))
def model(model: str):
    """One model, as `client.models.retrieve` asks for it."""
    if model != MODEL_ID:
        return openai_error(404, f"没有模型 {model!r}；本服务提供的模型：{MODEL_ID}", param="model",
                            code="model_not_found")
    return _model_card()


def _model_card() -> dict:
    return {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "tisheng"}


@router.post("/v1/chat/completions", responses={
    200: {"description": "回答（JSON），或 stream=true 时的 SSE 流",
          "content": {"application/json": {}, "text/event-stream": {"schema": SSE_SCHEMA}}},
    **errors(400, 401, 404, 413, 429, 503, shape="openai")})
def chat_completions(body: ChatRequest, advisor: Advisor = Depends(get_advisor)):
    """OpenAI-compatible: the last user message is the question; earlier user/assistant turns are the history."""
    try:
        _check(body)
        texts = [(m.role, _text_of(m, i)) for i, m in enumerate(body.messages)]
    except _Unsupported as e:
        return openai_error(e.status, e.message, param=e.param, code=e.code)
    turns = [(role, text) for role, text in texts if role in ("user", "assistant") and text.strip()]
    while turns and turns[-1][0] != "user":  # a trailing assistant turn (a prefill) does not change the question
        turns.pop()
    if not turns:
        return openai_error(400, "messages 中没有用户的问题（至少要有一条 role 为 user 且有文字的消息）", param="messages",
                            code="invalid_value")
    history = [{"role": role, "content": text} for role, text in turns[:-1]]
    question = turns[-1][1].strip()[-MAX_QUERY_CHARS:]  # the end of an over-long message is where the question is
    answer = advisor.ask(question, region=body.region, history=history).to_json()
    text, finish = _limit(answer["answer"], body.max_completion_tokens or body.max_tokens)
    prompt_tokens = sum(_tokens().count(t) for _, t in texts)
    completion_tokens = _tokens().count(text)
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
             "total_tokens": prompt_tokens + completion_tokens}
    cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    cited = references(answer["citations"])
    extra = {"references": answer["citations"], "grounding": answer["grounding"], "refused": answer["refused"],
             "metadata": {"retriever_resources": cited["retriever_resources"], "usage": usage}}
    if not body.stream:
        message = {"role": "assistant", "content": text, "reference": cited["reference"]}
        return JSONResponse({"id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
                             "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                             "usage": usage, **extra})

    def events() -> Iterator[str]:
        base = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID}

        def chunk(delta: dict, finish_reason=None, **more) -> str:
            choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
            return f"data: {json.dumps({**base, 'choices': [choice], **more}, ensure_ascii=False)}\n\n"

        yield chunk({"role": "assistant", "content": ""})
        for i in range(0, len(text), 24):
            yield chunk({"content": text[i:i + 24]})
        yield chunk({"reference": cited["reference"]}, finish, usage=usage, **extra)
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)
