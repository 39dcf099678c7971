"""The drafting endpoints: POST /v1/draft/{design,reflection,school-plan,review}.

Include with `app.include_router(router)`. Each answer is `{draft, markdown?, docx?}`; with
`format: "docx"` the file comes back inline as base64 (`docx.content_base64`, `docx.filename`,
`docx.media_type`) rather than through a separate download URL, so any of several stateless workers can
answer and nothing is stored server-side.

Example:
    curl -s localhost:7860/v1/draft/design -H 'content-type: application/json' \\
      -d '{"abilities": ["A1", "B2"], "subject": "物理", "grade": "初中二年级", "topic": "浮力", "region": "北京"}'
"""

from __future__ import annotations

import base64
import binascii
import threading
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from assistant.api.contract import ABILITY, API_ERRORS, ENVIRONMENT, NOT_BLANK, errors
from assistant.api.routes import get_advisor
from assistant.drafting import Draft, Drafter, docx_bytes
from assistant.drafting.inputs import MAX_FIELD, MAX_POINTS, MAX_TOOLS
from assistant.drafting.reader import MAX_DRAFT_CHARS, MAX_FILE_BYTES
from assistant.drafting.school_plan import KINDS

__all__ = ["router", "get_drafter", "DraftRequest", "SchoolPlanRequest", "ReviewRequest"]

router = APIRouter()
_LOCK = threading.Lock()
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Format = Literal["json", "md", "docx"]


class DraftRequest(BaseModel):
    """POST /v1/draft/design and /v1/draft/reflection body."""

    abilities: list[Annotated[str, ABILITY]] = Field(..., min_length=1, max_length=MAX_POINTS,
                                                     description="能力点编号或名称，如 [\"A1\", \"B2\"]")
    subject: str = Field(..., max_length=20, pattern=NOT_BLANK, description="学科，如 物理")
    grade: str = Field(..., max_length=20, pattern=NOT_BLANK, description="年级，如 初中二年级")
    topic: str = Field(..., max_length=60, pattern=NOT_BLANK, description="课题，如 浮力")
    environment: Annotated[str | None, ENVIRONMENT] = Field(None, max_length=20)
    tools: list[Annotated[str, Field(max_length=MAX_FIELD, pattern=NOT_BLANK)]] | None = Field(
        None, max_length=MAX_TOOLS, description="技术工具，如 [\"问卷星\"]")
    region: str | None = Field(None, max_length=MAX_FIELD, pattern=r"^\s*$|[^\s\x00-\x1f\x7f]",
                               description="地区，如 北京、瓦房店")
    format: Format = Field("json", description="json | md（附 Markdown）| docx（附 base64 的 .docx）")


class SchoolPlanRequest(BaseModel):
    """POST /v1/draft/school-plan body."""

    region: str | None = Field(None, max_length=50)
    kind: Annotated[str, WithJsonSchema({"type": "string", "enum": sorted(KINDS), "default": "both"})] = Field(
        "both", max_length=10, description="研修 | 考核 | both")
    format: Format = "json"


class ReviewRequest(BaseModel):
    """POST /v1/draft/review body: pasted text, or a .docx/.md/.txt file as base64 with its filename."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["text"], "properties": {"text": {"type": "string"}, "file_base64": {"type": "null"}}},
        {"required": ["file_base64", "filename"],
         "properties": {"file_base64": {"type": "string"}, "filename": {"type": "string"}, "text": {"type": "null"}}},
    ]})

    text: str | None = Field(None, max_length=MAX_DRAFT_CHARS, pattern=NOT_BLANK)
    file_base64: str | None = Field(None, max_length=MAX_FILE_BYTES * 4 // 3 + 4,
                                    pattern=r"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
                                    description="文件内容（base64）；须是完好的 .docx，或 UTF-8 的 .md/.txt")
    filename: str | None = Field(None, max_length=200, pattern=r"(?i).+\.(docx|md|markdown|txt)$")
    abilities: list[Annotated[str, ABILITY]] = Field(..., min_length=1, max_length=MAX_POINTS)
    region: str | None = Field(None, max_length=50)
    kind: Literal["auto", "design", "reflection"] = "auto"


def get_drafter(advisor=Depends(get_advisor)) -> Drafter:
    """The advisor's Drafter, built on first use and cached on the advisor as `advisor._drafter`."""
    drafter = getattr(advisor, "_drafter", None)
    if drafter is None:
        with _LOCK:
            drafter = getattr(advisor, "_drafter", None)
            if drafter is None:
                drafter = Drafter.load(advisor.settings.corpus_dir, advisor.rules,
                                       getattr(advisor, "chat_model", None))
                advisor._drafter = drafter
    return drafter


def _answer(draft: Draft, fmt: Format, stem: str) -> dict:
    """{draft} plus the Markdown or the .docx the caller asked for."""
    out: dict = {"draft": draft.to_json()}
    if fmt == "md":
        out["markdown"] = draft.to_markdown()
    elif fmt == "docx":
        out["docx"] = {"filename": f"{stem}.docx", "media_type": DOCX_MEDIA_TYPE,
                       "content_base64": base64.b64encode(docx_bytes(draft)).decode("ascii")}
    return out


def _stem(kind: str, topic: str) -> str:
    safe = "".join(ch for ch in topic if ch.isalnum() or ch in "-_")[:30] or "草稿"
    return f"{safe}-{kind}"


@router.post("/v1/draft/design", tags=["draft"], responses=errors(*API_ERRORS))
def draft_design(body: DraftRequest, drafter: Drafter = Depends(get_drafter)) -> dict:
    """A 设计方案 outline (or model draft) for the chosen points, checked against the region's rules."""
    draft = drafter.design(body.abilities, body.subject, body.grade, body.topic, body.environment, body.tools,
                           body.region)
    return _answer(draft, body.format, _stem("设计方案", draft.meta["topic"]))


@router.post("/v1/draft/reflection", tags=["draft"], responses=errors(*API_ERRORS))
def draft_reflection(body: DraftRequest, drafter: Drafter = Depends(get_drafter)) -> dict:
    """A 教学反思 outline tied to the same points."""
    draft = drafter.reflection(body.abilities, body.subject, body.grade, body.topic, body.environment,
                               body.tools, body.region)
    return _answer(draft, body.format, _stem("教学反思", draft.meta["topic"]))


@router.post("/v1/draft/school-plan", tags=["draft"], responses=errors(*API_ERRORS))
def draft_school_plan(body: SchoolPlanRequest, drafter: Drafter = Depends(get_drafter)) -> dict:
    """A school's 校本研修方案 / 校本应用考核方案 outline, each requirement quoted from the region's documents."""
    draft = drafter.school_plan(body.region, body.kind)
    return _answer(draft, body.format, "校本方案")


@router.post("/v1/draft/review", tags=["draft"], responses=errors(*API_ERRORS))
def draft_review(body: ReviewRequest, drafter: Drafter = Depends(get_drafter)) -> dict:
    """What a teacher's own draft lacks for the chosen points, and which figures contradict the rules."""
    if (body.text is None) == (body.file_base64 is None):
        raise ValueError("text 与 file_base64 须且只能给出一项")
    if body.text is not None:
        return drafter.review(body.text, body.abilities, body.region, body.kind).to_json()
    if not body.filename:
        raise ValueError("上传文件时须提供 filename（.docx、.md 或 .txt）")
    try:
        data = base64.b64decode(body.file_base64, validate=True)
    except (binascii.Error, ValueError) as e:
        raise ValueError("file_base64 不是合法的 base64 编码") from e
    return drafter.review(data, body.abilities, body.region, body.kind, filename=body.filename).to_json()
