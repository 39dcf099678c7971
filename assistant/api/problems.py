"""Errors as RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = ["problem", "install_problem_handlers"]

_TITLES = {400: "请求有误", 401: "未授权", 404: "未找到", 405: "方法不允许", 413: "请求过大", 422: "参数无效",
           429: "请求过于频繁", 500: "服务器内部错误", 503: "服务尚未就绪"}


def problem(status: int, detail: str, **extra) -> JSONResponse:
    """A problem+json response with a Chinese title and detail."""
    body = {"type": "about:blank", "title": _TITLES.get(status, "错误"), "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def install_problem_handlers(app: FastAPI) -> None:
    """Every error the API returns, including FastAPI's own, speaks problem+json."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException):
        return problem(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError):
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        return problem(422, "请求参数不符合要求", errors=errors)

    @app.exception_handler(ValueError)
    async def _value(_: Request, exc: ValueError):
        return problem(422, str(exc))

    from assistant.indexing.chroma import VectorStoreUnavailable

    @app.exception_handler(VectorStoreUnavailable)
    async def _vectors_down(_: Request, exc: VectorStoreUnavailable):
        response = problem(503, "检索服务暂时不可用（共享向量库连不上），请稍后再试；管理员请检查 chroma 服务是否在运行")
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception):
        return problem(500, "服务器内部错误，请稍后再试")
