"""The /v1 API and the health endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from assistant.advisor import MAX_K, MAX_QUERY_CHARS, Advisor
from assistant.api.problems import problem

__all__ = ["router", "get_advisor", "AdvisorNotReady"]

router = APIRouter()


class AdvisorNotReady(RuntimeError):
    """The advisor is still loading (or failed to load)."""


def get_advisor(request: Request) -> Advisor:
    """The process's Advisor; tests replace this through dependency_overrides."""
    holder = request.app.state.holder
    if holder.advisor is None:
        raise AdvisorNotReady(holder.error or "索引加载中，请稍候")
    return holder.advisor


class SearchRequest(BaseModel):
    """POST /v1/search body."""

    query: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="问题或关键词")
    region: str | None = Field(None, max_length=50, description="地区，如 北京、南京、瓦房店")
    k: int = Field(5, ge=1, le=MAX_K)
    program: str | None = Field(None, pattern=r"^(1\.0|2\.0)$")


@router.get("/healthz", tags=["health"])
def healthz() -> dict:
    """Alive: the process answers."""
    return {"status": "ok"}


@router.get("/readyz", tags=["health"])
def readyz(request: Request):
    """Ready: the index is loaded and usable."""
    holder = request.app.state.holder
    if holder.advisor is None:
        return problem(503, holder.error or "索引加载中，请稍候")
    return {"status": "ready", "index": str(holder.advisor.index.path), "chunks": len(holder.advisor.index.chunks)}


@router.post("/v1/search", tags=["search"])
def search(body: SearchRequest, advisor: Advisor = Depends(get_advisor)) -> dict:
    """Hybrid search over the policy documents, limited to those that govern the region."""
    return advisor.search(body.query, region=body.region, k=body.k, program=body.program).to_json()
