"""What the OpenAPI document says about responses: every error each route can send, in its shape.

Example:
    @router.post("/v1/search", responses=errors(401, 413, 422, 429, 503))
"""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import WithJsonSchema
from fastapi.openapi.utils import get_openapi

from assistant.api.problems import DifyErrorBody, OpenAIErrorBody, ProblemDetail

__all__ = ["errors", "install_openapi", "SSE_HEADERS", "API_ERRORS", "NOT_BLANK", "ENVIRONMENT", "ABILITY", "HOURS",
           "SSE_SCHEMA"]

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
# One server-sent event as the schema sees it.
SSE_SCHEMA = {"type": "object", "properties": {"event": {"type": "string"}, "data": {"type": "string"}}}

# Rules the server enforces, stated in the schema so that a request valid by the schema is accepted.
NOT_BLANK = r"[^\s\x00-\x1f\x7f]"  # some character that is neither space nor control


def _environment_schema() -> dict:
    from assistant.rules.selection import ENVIRONMENT_NAMES

    return {"anyOf": [{"type": "string", "enum": sorted(ENVIRONMENT_NAMES)}, {"type": "null"}],
            "description": "学校信息化环境：多媒体 | 混合 | 智慧（也接受全称，如 混合学习环境）"}


def _ability_schema() -> dict:
    from assistant.corpus.abilities import load_abilities
    from assistant.settings import ROOT

    names = sorted({n for a in load_abilities(ROOT / "corpus" / "micro_abilities.yaml") for n in (a.name, *a.aliases)})
    codes = [a.code for a in load_abilities(ROOT / "corpus" / "micro_abilities.yaml")]
    return {"type": "string", "enum": codes + [c.lower() for c in codes] + names,
            "description": "能力点编号（A1–A13、B1–B10、C1–C7）或名称"}


def _hours_schema() -> dict:
    from assistant.rules.hours import PLAN_KEYS, RATIO_FIELDS

    ratios = {alias: {"type": "number", "minimum": 0, "maximum": 1}
              for field in RATIO_FIELDS for alias in PLAN_KEYS.get(field, ())}
    return {"anyOf": [{"type": "object", "minProperties": 1, "maxProperties": 1,
                       "propertyNames": {"enum": sorted(a for aliases in PLAN_KEYS.values() for a in aliases)},
                       "properties": ratios, "additionalProperties": {"type": "number", "minimum": 0}},
                      {"type": "object", "minProperties": 1,
                       "propertyNames": {"enum": sorted(PLAN_KEYS)},
                       "properties": {f: ratios[f] for f in RATIO_FIELDS if f in ratios},
                       "additionalProperties": {"type": "number", "minimum": 0}},
                      {"type": "null"}],
            "description": "学时计划，如 {\"online\": 25, \"offline\": 25}；键为 total、online、offline、practice… "
                           "或其中文写法（线上、线下、实践应用…），每项只能写一次"}


ENVIRONMENT = WithJsonSchema(_environment_schema())
HOURS = WithJsonSchema(_hours_schema())
ABILITY = WithJsonSchema(_ability_schema())

_DESCRIPTIONS = {400: "请求有误", 401: "缺少或错误的密钥", 403: "密钥格式不对或无效", 404: "未找到", 408: "请求体发送过慢",
                 405: "方法不允许", 413: "请求体过大", 422: "参数无效", 429: "请求过于频繁（见 Retry-After）",
                 503: "索引加载中或检索服务不可用"}
_SHAPES = {"problem": ("application/problem+json", ProblemDetail), "openai": ("application/json", OpenAIErrorBody),
           "dify": ("application/json", DifyErrorBody)}
_HEADERS = {401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer 质询"}},
            429: {"Retry-After": {"schema": {"type": "string"}, "description": "多少秒后可再试"}},
            405: {"Allow": {"schema": {"type": "string"}, "description": "可用的方法"}}}

# What every answering route under /v1 can send besides its own errors (400: a body that is not JSON).
API_ERRORS = (400, 401, 405, 413, 422, 429, 503)


def errors(*statuses: int, shape: str = "problem") -> dict:
    """`responses=` for a route: each status documented with the body it carries."""
    media, model = _SHAPES[shape]
    out = {}
    for status in statuses:
        entry = {"description": _DESCRIPTIONS.get(status, "错误"),
                 "content": {media: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}
        if status in _HEADERS:
            entry["headers"] = _HEADERS[status]
        out[status] = entry
    return out


def install_openapi(app: FastAPI) -> None:
    """The OpenAPI document with the error bodies registered as components."""

    def build() -> dict:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            for model in (ProblemDetail, OpenAIErrorBody, DifyErrorBody):
                body = model.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(body.pop("$defs", {}))
                schemas[model.__name__] = body
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = build
