"""Dify's External Knowledge API, so a Dify or FastGPT workspace can use this corpus as a knowledge base.

Register `http://<host>:7860/v1` as the endpoint (Dify appends `/retrieval`) and a key of this service as the
API key. `knowledge_id` names the region whose documents govern (「北京」「南京」…), or `national` / `全国` for
the national documents only; a region without its own document gets the national ones, as everywhere else.
Scores are the calibrated relevance of /v1/search (0–1), so Dify's score threshold means what it says.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from assistant.advisor import MAX_K, MAX_QUERY_CHARS, Advisor
from assistant.api.contract import errors
from assistant.api.problems import dify_error
from assistant.api.routes import get_advisor

__all__ = ["router", "RetrievalRequest"]

router = APIRouter(tags=["dify"])
NATIONAL = {"national", "全国", "国家", "default"}


class RetrievalSetting(BaseModel):
    top_k: int = Field(..., ge=1, le=MAX_K)
    score_threshold: float = Field(0.0, ge=0.0, le=1.0)


class Condition(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    comparison_operator: str
    value: Any = None


class MetadataCondition(BaseModel):
    logical_operator: Literal["and", "or"] = "and"
    conditions: list[Condition] = Field(default_factory=list)


class RetrievalRequest(BaseModel):
    """Dify's request body."""

    knowledge_id: str = Field(..., min_length=1, max_length=50)
    query: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS)
    retrieval_setting: RetrievalSetting
    metadata_condition: MetadataCondition | None = None


class Record(BaseModel):
    content: str
    score: float
    title: str
    metadata: dict


class RetrievalResponse(BaseModel):
    records: list[Record]


def _matches(meta: dict, cond: Condition) -> bool:
    have = meta.get(cond.name)
    op, want = cond.comparison_operator, cond.value
    text = "" if have is None else str(have)
    if op == "empty":
        return not text
    if op == "not empty":
        return bool(text)
    if op in ("is", "="):
        return text == str(want)
    if op in ("is not", "≠"):
        return text != str(want)
    if op == "contains":
        return str(want) in text
    if op == "not contains":
        return str(want) not in text
    if op == "start with":
        return text.startswith(str(want))
    if op == "end with":
        return text.endswith(str(want))
    if op in ("in", "not in"):
        values = [str(v) for v in (want if isinstance(want, list) else [want])]
        return (text in values) == (op == "in")
    raise ValueError(f"不支持的比较运算符：{op}（支持 is、is not、contains、not contains、start with、end with、in、"
                     "not in、empty、not empty）")


@router.post("/v1/retrieval", response_model=RetrievalResponse,
             responses=errors(400, 403, 404, 413, 429, 503, shape="dify"))
def retrieval(body: RetrievalRequest, advisor: Advisor = Depends(get_advisor)):
    """Dify external knowledge retrieval: the top_k passages at or above score_threshold, best first."""
    region = None if body.knowledge_id.strip().lower() in NATIONAL else body.knowledge_id.strip()
    if region is not None and not advisor.rules.jurisdiction(region, None).region.known:
        return dify_error(404, 2001, f"知识库不存在：{body.knowledge_id}（请用地区名，如 北京、南京，或 national 表示全国）")
    found = advisor.search(body.query, region=region, k=body.retrieval_setting.top_k)
    hits, canonical = found.passages, found.region
    records = []
    for p in hits:
        result = p.to_result()
        meta = {"doc_id": result["doc_id"], "section": result["section"], "start": result["start"],
                "end": result["end"], "region": canonical or "全国"}
        if body.metadata_condition and body.metadata_condition.conditions:
            tests = [_matches(meta, c) for c in body.metadata_condition.conditions]
            if not (all(tests) if body.metadata_condition.logical_operator == "and" else any(tests)):
                continue
        if result["score"] < body.retrieval_setting.score_threshold:
            continue
        records.append({"content": result["text"], "score": result["score"], "title": result["title"],
                        "metadata": meta})
    records.sort(key=lambda r: -r["score"])
    return {"records": records}
