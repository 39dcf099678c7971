"""Request guards, before routing: body-size limit (413), credentials (401), rate limits (429), CORS.

Credentials: any configured key, sent as `Authorization: Bearer …` or `X-API-Key`, opens every /v1 route;
`/healthz`, `/readyz`, the API documentation and the OpenAPI document stay open (they answer no question).
The UI has its own login (Gradio's, see app.py); if keys appear after start-up while the UI runs without a
login, the UI's API is closed rather than left open.

Rate limits are per key, per UI login, and per client address only when neither is known.
"""

from __future__ import annotations

import asyncio
import math
import time

from fastapi import FastAPI, Request

from assistant.api.access import KeyRing, KeyFileError, token_of
from assistant.api.problems import AUTH_CHALLENGE, DIFY_PATH, BodyTooLarge, BodyTooSlow, dify_error, error_for

__all__ = ["install_request_guards", "RateLimiter", "OPEN_PATHS", "BodyLimit"]

OPEN_PATHS = ("/healthz", "/readyz", "/docs", "/redoc", "/openapi.json", "/api-docs/")


class RateLimiter:
    """A moving one-minute window per identity (the `limits` library); a window's state expires with it, so
    memory stays bounded by the clients of the last minute."""

    def __init__(self, per_minute: int) -> None:
        from limits import RateLimitItemPerMinute
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self.item = RateLimitItemPerMinute(per_minute)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def take(self, client: str) -> float:
        """0 when allowed; otherwise the seconds until the window has room again."""
        if self._limiter.hit(self.item, client):
            return 0.0
        reset = self._limiter.get_window_stats(self.item, client).reset_time
        return max(1.0, reset - time.time())


def _ui_login(request: Request) -> str | None:
    """The UI login behind the request's cookie, only when the UI knows that login: an invented cookie is not
    an identity (it would give every request its own bucket)."""
    tokens = getattr(request.app.state, "ui_tokens", None)
    if not tokens:
        return None
    for name, value in request.cookies.items():
        if name.startswith("access-token") and value in tokens:
            return value
    return None


# Document uploads (POST /v1/documents) may be larger than any JSON request.
UPLOAD_PATHS = ("/v1/documents",)
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


def body_limit(path: str, method: str, default: int) -> int:
    """The body limit of a request: uploads get UPLOAD_MAX_BYTES, everything else the default."""
    return max(default, UPLOAD_MAX_BYTES) if method == "POST" and path.rstrip("/") in UPLOAD_PATHS else default


class BodyLimit:
    """Pure ASGI middleware: a request body larger than the limit is refused while it streams in (413), so a
    chunked upload without Content-Length is never buffered whole; a body that trickles in slower than
    `timeout` seconds per piece is cut off (408), so slow senders cannot hold workers."""

    def __init__(self, app, max_bytes: int, timeout: float = 30.0) -> None:
        self.app, self.max_bytes, self.timeout = app, max_bytes, timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        seen = 0
        started = False
        complete = False
        limit = body_limit(scope.get("path", ""), scope.get("method", ""), self.max_bytes)

        async def counted():
            nonlocal seen, complete
            if complete:  # after the body only a disconnect can come: no deadline (a long SSE stream waits here)
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.timeout)
            except asyncio.TimeoutError:
                raise BodyTooSlow(f"请求体发送过慢（每段须在 {self.timeout:g} 秒内到达），连接已断开") from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if seen > limit:
                    raise BodyTooLarge(f"请求体过大（上限 {limit} 字节）")
            return message

        async def tracked(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except (BodyTooLarge, BodyTooSlow) as e:
            if started:  # the app had already answered: nothing more can be said
                return
            from starlette.requests import Request as _Request

            status = 413 if isinstance(e, BodyTooLarge) else 408
            response = error_for(_Request(scope).url.path, status, str(e))
            await response(scope, receive, send)



def install_request_guards(app: FastAPI, keys: KeyRing, per_minute: int, max_bytes: int,
                           ui_login: bool = False) -> None:
    """Install the guards; `ui_login` says whether the mounted UI requires a login."""
    bucket = RateLimiter(per_minute) if per_minute > 0 else None

    @app.middleware("http")
    async def _guards(request: Request, call_next):
        path = request.url.path
        api = path.startswith("/v1/") or path == "/v1"
        ui_call = path.startswith("/gradio_api/") and request.method == "POST"
        length = request.headers.get("content-length")
        limit = body_limit(path, request.method, max_bytes)
        if length is not None and length.isdigit() and int(length) > limit:
            return error_for(path, 413, f"请求体过大（上限 {limit} 字节）")
        client = None
        try:
            locked = keys.configured()
        except KeyFileError as e:  # a damaged key file locks the door instead of opening it
            return error_for(path, 503, str(e))
        if api and locked:
            token, malformed = token_of(request.headers)
            name = keys.identify(token)
            if name is None:
                detail = ("Authorization 头格式不对，应为 “Bearer 密钥”" if malformed else
                          "缺少或错误的 API 密钥：请在 Authorization: Bearer 或 X-API-Key 头中提供")
                if path == DIFY_PATH:  # Dify's convention: 403 with 1001 (header format) or 1002 (failed)
                    response = dify_error(403, 1001 if malformed else 1002, detail)
                else:
                    response = error_for(path, 401, detail, code="invalid_api_key")
                response.headers["WWW-Authenticate"] = AUTH_CHALLENGE
                return response
            client = "key:" + name
            request.state.key_name = name
        if ui_call and locked and not ui_login:
            return error_for(path, 401, "网页界面尚未启用登录：添加密钥后请重启服务，界面会要求登录")
        if bucket is not None and (api or ui_call) and not path.startswith(OPEN_PATHS):
            login = _ui_login(request) if client is None and ui_call else None
            if login:
                client = "ui:" + login
            if client is None:
                client = "ip:" + (request.client.host if request.client else "unknown")
            wait = bucket.take(client)
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                response = error_for(path, 429, f"请求过于频繁，请 {seconds} 秒后再试", code="rate_limit_exceeded")
                response.headers["Retry-After"] = str(seconds)
                return response
        return await call_next(request)  # a body without a length is measured as it streams (BodyLimit)
