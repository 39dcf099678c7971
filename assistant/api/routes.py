"""The /v1 API and the health endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from assistant.advisor import MAX_K, MAX_QUERY_CHARS, Advisor
from assistant.api.contract import API_ERRORS, ENVIRONMENT, HOURS, NOT_BLANK, errors
from assistant.api.problems import problem

__all__ = ["router", "get_advisor", "AdvisorNotReady"]

router = APIRouter()


class AdvisorNotReady(RuntimeError):
    """The advisor is still loading (or failed to load)."""


def get_advisor(request: Request) -> Advisor:
    """The process's Advisor; tests replace this through dependency_overrides."""
    holder = request.app.state.holder
    holder.follow()
    if holder.advisor is None:
        raise AdvisorNotReady(holder.error or "索引加载中，请稍候")
    return holder.advisor


class SearchRequest(BaseModel):
    """POST /v1/search body."""

    query: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, pattern=NOT_BLANK, description="问题或关键词")
    region: str | None = Field(None, max_length=50, description="地区，如 北京、南京、瓦房店")
    k: int = Field(5, ge=1, le=MAX_K)
    program: str | None = Field(None, pattern=r"^(1\.0|2\.0)$")


class RulesCheckRequest(BaseModel):
    """POST /v1/rules/check body: a selection, an hours plan, or a text to check (exactly one of them)."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": [name], "properties": {name: {"type": kind}}}
        for name, kind in (("abilities", "array"), ("hours", "object"), ("text", "string"))]})

    region: str | None = Field(None, max_length=50)
    program: str = Field("2.0", pattern=r"^(1\.0|2\.0)$")
    # Any text: telling a teacher that “A15” is no micro-ability is this check's job.
    abilities: list[Annotated[str, Field(max_length=50, pattern=NOT_BLANK)]] | None = Field(
        None, min_length=1, max_length=30, description="能力点编号或名称，如 [\"A1\", \"B2\"]")
    environment: Annotated[str | None, ENVIRONMENT] = Field(None, max_length=20)
    hours: Annotated[dict[str, Annotated[float, Field(ge=0, allow_inf_nan=False)]] | None, HOURS] = None
    text: str | None = Field(None, max_length=MAX_QUERY_CHARS * 5, pattern=NOT_BLANK, description="要核对的文字")


def get_rules(request: Request):
    """The rule engine (it loads in milliseconds, so it does not wait for the index). The holder's own engine is
    the newest: it follows a change at once, while a new document's index is still being built."""
    holder = request.app.state.holder
    holder.follow()
    if getattr(holder, "rules", None) is not None:
        return holder.rules
    if holder.advisor is not None:
        return holder.advisor.rules
    raise AdvisorNotReady(holder.error or "规则加载中，请稍候")


@router.get("/healthz", tags=["health"])
def healthz(request: Request) -> dict:
    """Alive: the process answers; `degraded` (with the reason) while the index could not be loaded."""
    holder = request.app.state.holder
    if holder.advisor is None and holder.error:
        return {"status": "degraded", "detail": holder.error}
    return {"status": "ok"}


@router.get("/readyz", tags=["health"], responses=errors(503))
def readyz(request: Request):
    """Ready: the index is loaded and usable."""
    holder = request.app.state.holder
    if holder.advisor is None:
        return problem(503, holder.error or "索引加载中，请稍候")
    # The build's name, never a server path.
    out = {"status": "ready", "index": holder.advisor.index.path.name, "chunks": len(holder.advisor.index.chunks)}
    stats = getattr(holder.advisor.embedder, "stats", None)
    if stats is not None:
        out["query_cache"] = stats()
    return out


@router.post("/v1/rules/check", tags=["rules"], responses=errors(*API_ERRORS))
def rules_check(body: RulesCheckRequest, rules=Depends(get_rules)) -> dict:
    """Check a micro-ability selection, an hours plan or a text against the region's rules."""
    given = [x for x in (body.abilities, body.hours, body.text) if x is not None]
    if len(given) != 1:
        raise ValueError("abilities、hours、text 三者须且只能给出一项")
    if body.text is not None:
        return rules.check_text(body.text, body.region, body.program).to_json()
    if body.hours is not None:
        return rules.check_hours(body.hours, body.region, body.program).to_json()
    return rules.check_selection(body.abilities, body.region, body.environment, body.program).to_json()


@router.get("/v1/rules", tags=["rules"], responses=errors(*API_ERRORS))
def rules_list(region: str | None = Query(None, max_length=50),
               program: str = Query("2.0", pattern=r"^(1\.0|2\.0)$"), rules=Depends(get_rules)) -> dict:
    """The rules that govern a region, local first, each with its source quote."""
    jurisdiction = rules.jurisdiction(region, program)
    return {"region": jurisdiction.region.canonical, "notes": jurisdiction.notes, "documents": jurisdiction.doc_ids,
            "rules": [r.model_dump(mode="json") for r in rules.rules(region, program)]}


@router.post("/v1/search", tags=["search"], responses=errors(*API_ERRORS))
def search(body: SearchRequest, advisor: Advisor = Depends(get_advisor)) -> dict:
    """Hybrid search over the policy documents, limited to those that govern the region."""
    return advisor.search(body.query, region=body.region, k=body.k, program=body.program).to_json()
