"""Trainers' documents and the review of their rules over HTTP.

    GET    /v1/documents                          every document, with its review counts
    POST   /v1/documents                          multipart upload (.docx .pdf .txt .md) + region → candidates
    DELETE /v1/documents/{doc_id}                 remove an ingested document, its rules and candidates
    GET    /v1/rules/candidates?region=&status=   candidates with quote, context, confidence, conflicts
    POST   /v1/rules/candidates/accept            {ids} or {all: true, region?, min_confidence?}
    POST   /v1/rules/candidates/reject            {ids}
    POST   /v1/rules/candidates/{id}/edit         {params: {value: 60}, topic?}

All sit behind the API key like every /v1 route. A change is on disk when the answer arrives; the rules take
effect at once, a new or removed document once the index has been rebuilt in the background.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.contract import API_ERRORS, errors
from assistant.api.routes import get_rules

__all__ = ["router", "NotConfigured"]

router = APIRouter()
SUFFIXES = (".txt", ".md", ".docx", ".pdf")
ID = Annotated[str, Field(min_length=3, max_length=120, pattern=r"^[a-z][a-z0-9_.]*$")]


def _holder(request: Request):
    return request.app.state.holder


class NotConfigured(RuntimeError):
    """This server was started without a corpus folder it may change (HTTP 503)."""


def _corpus_dir(request: Request) -> Path:
    settings = getattr(_holder(request), "settings", None)
    if settings is None:
        raise NotConfigured("此服务未配置可修改的语料目录，不能添加文件或审核规则")
    return Path(settings.corpus_dir)


def _reviewer(request: Request, by: str | None) -> str:
    """Who reviews: the name given, else the API key's name, else 培训者."""
    return (by or "").strip() or getattr(request.state, "key_name", None) or "培训者"


def _queue(request: Request):
    from assistant.rules.review import ReviewQueue

    return ReviewQueue(_corpus_dir(request))


def _titles(rules) -> dict[str, str]:
    return {d.id: d.title for d in rules.documents}


@router.get("/v1/documents", tags=["documents"], responses=errors(*API_ERRORS))
def documents(rules=Depends(get_rules)) -> dict:
    """Every document of the corpus: shipped or added by a trainer, with pending and accepted rule counts."""
    superseded = {d.supersedes: d.id for d in rules.documents if d.supersedes}
    return {"documents": [{**d.model_dump(), "pending_rules": rules.review_counts.get(d.id, (0, 0))[0],
                           "accepted_rules": rules.review_counts.get(d.id, (0, 0))[1],
                           "superseded_by": superseded.get(d.id)} for d in rules.documents]}


@router.post("/v1/documents", tags=["documents"], status_code=201, responses=errors(*API_ERRORS, 404))
def upload_document(request: Request, file: Annotated[UploadFile, File(description=".docx .pdf .txt .md")],
                    region: Annotated[str, Form(min_length=1, max_length=50)],
                    program: Annotated[Literal["1.0", "2.0"], Form()] = "2.0",
                    title: Annotated[str | None, Form(max_length=120)] = None,
                    doc_id: Annotated[str | None, Form(max_length=64)] = None,
                    supersedes: Annotated[str | None, Form(max_length=64)] = None) -> dict:
    """Add a trainer's document; its candidate rules wait for review. A bad or oversized file changes nothing."""
    from assistant.rules.local import ingest_document

    name = Path(file.filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"不支持的文件类型：{suffix or '无扩展名'}（支持 {'、'.join(SUFFIXES)}）")
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", Path(name).stem)[:60] or "upload"
    with tempfile.TemporaryDirectory(prefix="advisor-upload-") as tmp:
        path = Path(tmp) / f"{stem}{suffix}"
        with path.open("wb") as out:
            while chunk := file.file.read(1 << 20):
                out.write(chunk)
        try:
            result = ingest_document(_corpus_dir(request), path, region, program, title=title or None,
                                     doc_id=doc_id or None, supersedes=supersedes or None)
        except ValueError as e:  # the message names the upload, never a server path
            raise type(e)(str(e).replace(str(path), name or "上传的文件").replace(tmp, "")) from e
    _holder(request).refresh()
    return {**result.to_json(), "index": "rebuilding"}


@router.delete("/v1/documents/{doc_id}", tags=["documents"], responses=errors(*API_ERRORS, 404))
def delete_document(request: Request, doc_id: str) -> dict:
    """Remove a document a trainer added, with its rules and candidates; shipped documents stay."""
    from assistant.rules.local import remove_document

    doc = remove_document(_corpus_dir(request), doc_id)
    _holder(request).refresh()
    return {"removed": doc.id, "title": doc.title}


@router.get("/v1/rules/candidates", tags=["rules"], responses=errors(*API_ERRORS))
def candidates(request: Request, region: str | None = Query(None, max_length=50),
               status: Literal["pending", "accepted", "rejected", "all"] = "pending",
               doc_id: str | None = Query(None, max_length=64), rules=Depends(get_rules)) -> dict:
    """Candidates to review, each with its quote, the words around it, confidence and conflicts with the
    wider region's rules."""
    from assistant.rules.review import review_rows

    rows = review_rows(rules, _queue(request), region, None if status == "all" else status, doc_id)
    return {"candidates": rows}


class AcceptRequest(BaseModel):
    """Accept the named candidates, or all pending ones (of a region, at or above a confidence)."""

    model_config = ConfigDict(extra="forbid")

    ids: list[ID] | None = Field(None, max_length=500)
    all: bool = False
    region: str | None = Field(None, max_length=50)
    min_confidence: float | None = Field(None, ge=0, le=1)
    by: str | None = Field(None, max_length=40)


class RejectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[ID] = Field(min_length=1, max_length=500)
    by: str | None = Field(None, max_length=40)


class EditRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(default_factory=dict, max_length=20)
    topic: str | None = Field(None, max_length=60, pattern=r"^[a-z][a-z0-9_.]*$")
    by: str | None = Field(None, max_length=40)


@router.post("/v1/rules/candidates/accept", tags=["rules"], responses=errors(*API_ERRORS, 404))
def accept(request: Request, body: AcceptRequest, rules=Depends(get_rules)) -> dict:
    """Accepted rules bind from this answer on (answers, checks, recommendations)."""
    from assistant.rules.review import region_filter

    if bool(body.ids) == body.all:
        raise ValueError("请给出 ids，或设 all 为 true（二者选一）")
    done = _queue(request).accept(None if body.all else body.ids, _reviewer(request, body.by), _titles(rules),
                                  in_region=region_filter(rules, body.region), min_confidence=body.min_confidence)
    _holder(request).refresh()
    return {"accepted": [r.to_json() for r in done]}


@router.post("/v1/rules/candidates/reject", tags=["rules"], responses=errors(*API_ERRORS, 404))
def reject(request: Request, body: RejectRequest, rules=Depends(get_rules)) -> dict:
    done = _queue(request).reject(body.ids, _reviewer(request, body.by), _titles(rules))
    _holder(request).refresh()
    return {"rejected": done}


@router.post("/v1/rules/candidates/{cid}/edit", tags=["rules"], responses=errors(*API_ERRORS, 404))
def edit(request: Request, cid: str, body: EditRequest, rules=Depends(get_rules)) -> dict:
    c = _queue(request).edit(cid, body.params, _reviewer(request, body.by), _titles(rules), topic=body.topic)
    _holder(request).refresh()
    return {"candidate": c.to_json()}
