"""Errors in the shape each caller reads: OpenAI's `{"error": {...}}` on the OpenAI-compatible routes, Dify's
`{"error_code", "error_msg"}` on its external-knowledge route, RFC 9457 problem details everywhere else.
The Chinese message reaches the user in every shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = ["problem", "describe_error", "BodyTooLarge", "BodyTooSlow", "openai_error", "dify_error", "error_for", "install_problem_handlers", "OPENAI_PATHS",
           "DIFY_PATH", "ProblemDetail", "OpenAIErrorBody", "DifyErrorBody", "AUTH_CHALLENGE"]

_TITLES = {400: "请求有误", 401: "未授权", 403: "禁止访问", 404: "未找到", 405: "方法不允许", 408: "请求超时", 413: "请求过大",
           422: "参数无效", 429: "请求过于频繁", 500: "服务器内部错误", 503: "服务尚未就绪"}
OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")
DIFY_PATH = "/v1/retrieval"
AUTH_CHALLENGE = 'Bearer realm="advisor"'

_OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                 404: "invalid_request_error", 405: "invalid_request_error", 413: "invalid_request_error",
                 422: "invalid_request_error", 429: "rate_limit_error", 503: "server_error"}


class ProblemDetail(BaseModel):
    """RFC 9457 problem details (application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None


class _OpenAIError(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorBody(BaseModel):
    """OpenAI's error shape, read by the openai SDKs and LangChain."""

    error: _OpenAIError


class DifyErrorBody(BaseModel):
    """Dify's external-knowledge error shape."""

    error_code: int
    error_msg: str


class BodyTooLarge(Exception):
    """The request body passed the size limit while it was being read."""


class BodyTooSlow(BodyTooLarge):
    """The request body stopped arriving: a piece did not come within the deadline."""


# The framework's own English messages, as a user should read them.
_FRAMEWORK_MESSAGES = {
    "There was an error parsing the body": "请求体无法解析：请发送 UTF-8 编码的合法 JSON",
    "Not Found": "未找到",
    "Method Not Allowed": "不支持此方法",
    "Unauthorized": "未授权",
}


def _body_too_large(exc: BaseException | None) -> BodyTooLarge | None:
    """The BodyTooLarge inside an exception, a task group's exception group included."""
    if isinstance(exc, BodyTooLarge):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        found = _body_too_large(inner)
        if found is not None:
            return found
    return None


def problem(status: int, detail: str, **extra) -> JSONResponse:
    """A problem+json response with a Chinese title and detail."""
    body = {"type": "about:blank", "title": _TITLES.get(status, "错误"), "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def openai_error(status: int, message: str, param: str | None = None, code: str | None = None,
                 **extra) -> JSONResponse:
    """An error in OpenAI's shape."""
    kind = _OPENAI_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return JSONResponse({"error": {"message": message, "type": kind, "param": param, "code": code}, **extra},
                        status_code=status)


def dify_error(status: int, code: int, message: str) -> JSONResponse:
    """An error in Dify's external-knowledge shape (1001 bad Authorization header, 1002 failed, 2001 no such
    knowledge base)."""
    return JSONResponse({"error_code": code, "error_msg": message}, status_code=status)


def error_for(path: str, status: int, detail: str, param: str | None = None, code: str | None = None,
              **extra) -> JSONResponse:
    """The error in the shape the route's callers read."""
    if path.startswith(OPENAI_PATHS):
        return openai_error(status, detail, param=param, code=code)
    if path == DIFY_PATH:
        dify_code = {401: 1002, 403: 1002, 404: 2001}.get(status, status)
        return dify_error(status, dify_code, detail)
    return problem(status, detail, **extra)


_LABELS = {"question": "问题", "query": "检索词", "text": "文字", "region": "地区", "environment": "信息化环境",
           "subject": "学科", "grade": "年级", "topic": "课题", "abilities": "能力点", "tools": "工具",
           "format": "格式", "kind": "类型", "file_base64": "文件内容", "filename": "文件名", "hours": "学时计划",
           "program": "项目版本", "session_id": "会话令牌", "message_id": "回答编号", "rating": "评价",
           "comment": "补充意见", "history": "对话历史", "k": "返回条数 k"}


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe_error(error: dict) -> str:
    """One pydantic validation error in Chinese, naming the field as a user knows it."""
    loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
    name = next((p for p in reversed(loc) if not p.isdigit()), "请求体")
    label = _LABELS.get(name, name)
    parent = next((p for p in loc if p in _LABELS), None)
    if parent is not None and parent != name:  # a key inside a known field: 学时计划中的“online”
        label = f"{_LABELS[parent]}中的“{name}”"
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "finite_number":
        return f"{label}须是有限的数字"
    if kind == "missing":
        return f"缺少{label}（字段 {'.'.join(loc)}）"
    if kind == "json_invalid":
        return "请求体不是合法的 JSON"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "A-Za-z0-9+/" in pattern:
            return f"{label}不是合法的 base64 编码"
        if "2\\.0" in pattern:
            return f"{label}只能是 1.0 或 2.0"
        if "docx" in pattern:
            return "文件名须以 .docx、.md、.markdown 或 .txt 结尾"
        if pattern.startswith("[^\\s") or pattern == "\\S":
            return f"{label}不能为空"
        return f"{label}格式不对"
    if kind == "string_too_short":
        return f"{label}不能为空"
    if kind == "string_too_long":
        return f"{label}过长（最多 {ctx.get('max_length')} 字）"
    if kind == "too_short":
        return f"{label}至少 {ctx.get('min_length')} 项"
    if kind == "too_long":
        return f"{label}最多 {ctx.get('max_length')} 项"
    if kind in ("literal_error", "enum"):
        return f"{label}只能是 {ctx.get('expected', '')}"
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"):
        return f"{label}应为数字"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{label}须不小于 {_num(ctx.get('ge', ctx.get('gt')))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{label}须不大于 {_num(ctx.get('le', ctx.get('lt')))}"
    if kind in ("string_type", "string_unicode"):
        return f"{label}应为文本"
    if kind == "list_type":
        return f"{label}应为列表"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{label}应为对象"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"{label}应为 true 或 false"
    return f"{label}不符合要求（{error.get('msg', '')}）"


def install_problem_handlers(app: FastAPI) -> None:
    """Every error the API returns, including FastAPI's own, in the route's error shape."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        too_large = _body_too_large(exc.__cause__)
        if too_large is not None:  # raised while the body streamed in, wrapped by the parser
            return error_for(request.url.path, 408 if isinstance(too_large, BodyTooSlow) else 413, str(too_large))
        detail = _FRAMEWORK_MESSAGES.get(str(exc.detail), str(exc.detail))
        response = error_for(request.url.path, exc.status_code, detail)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": describe_error(e)} for e in exc.errors()]
        path = request.url.path
        detail = "请求参数不符合要求：" + "；".join(dict.fromkeys(e["message"] for e in errors[:3]))
        if path.startswith(OPENAI_PATHS):
            param = ".".join(str(p) for p in exc.errors()[0]["loc"][1:]) if exc.errors() else None
            return openai_error(400, detail, param=param or None, code="invalid_value")
        if path == DIFY_PATH:
            return dify_error(400, 400, detail)
        return problem(422, detail, errors=errors)

    from assistant.api.local_rules import NotConfigured
    from assistant.corpus.errors import NotFound

    @app.exception_handler(NotConfigured)
    async def _not_configured(request: Request, exc: NotConfigured):
        return error_for(request.url.path, 503, str(exc))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return error_for(request.url.path, 404, str(exc))

    @app.exception_handler(ValueError)
    async def _value(request: Request, exc: ValueError):
        path = request.url.path
        return error_for(path, 400 if path.startswith(OPENAI_PATHS) or path == DIFY_PATH else 422, str(exc))

    from assistant.indexing.chroma import VectorStoreUnavailable

    @app.exception_handler(VectorStoreUnavailable)
    async def _vectors_down(request: Request, exc: VectorStoreUnavailable):
        response = error_for(request.url.path, 503,
                             "检索服务暂时不可用（共享向量库连不上），请稍后再试；管理员请检查 chroma 服务是否在运行")
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        return error_for(request.url.path, 500, "服务器内部错误，请稍后再试")
