"""Request guards, before routing: body-size limit (413), credentials (401), rate limits (429), CORS.

Credentials: any configured key, sent as `Authorization: Bearer …` or `X-API-Key`, opens every /v1 route;
`/healthz`, `/readyz`, the API documentation and the OpenAPI document stay open (they answer no question).
The UI has its own login (Gradio's, see app.py); if keys appear after start-up while the UI runs without a
login, the UI's API is closed rather than left open.

Rate limits are per key, per UI login, and per client address only when neither is known.
"""

from __future__ import annotations

import math
import threading
import time

from fastapi import FastAPI, Request

from assistant.api.access import KeyRing, KeyFileError, token_of
from assistant.api.problems import AUTH_CHALLENGE, DIFY_PATH, dify_error, error_for

__all__ = ["install_request_guards", "TokenBucket", "OPEN_PATHS"]

OPEN_PATHS = ("/healthz", "/readyz", "/docs", "/redoc", "/openapi.json", "/api-docs/")


class TokenBucket:
    """Per-client buckets refilled continuously; `take` says whether a request may pass now."""

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, per_minute / 4)  # bursts of a quarter minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 when allowed; otherwise the seconds until a token is available."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate


def _ui_login(request: Request) -> str | None:
    """The UI login cookie (Gradio's access token), when the UI has a login."""
    for name, value in request.cookies.items():
        if name.startswith("access-token"):
            return value
    return None


def install_request_guards(app: FastAPI, keys: KeyRing, per_minute: int, max_bytes: int,
                           ui_login: bool = False) -> None:
    """Install the guards; `ui_login` says whether the mounted UI requires a login."""
    bucket = TokenBucket(per_minute) if per_minute > 0 else None

    @app.middleware("http")
    async def _guards(request: Request, call_next):
        path = request.url.path
        api = path.startswith("/v1/") or path == "/v1"
        ui_call = path.startswith("/gradio_api/") and request.method == "POST"
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_bytes:
            return error_for(path, 413, f"请求体过大（上限 {max_bytes} 字节）")
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
        if ui_call and locked and not ui_login:
            return error_for(path, 401, "网页界面尚未启用登录：添加密钥后请重启服务，界面会要求登录")
        if bucket is not None and (api or ui_call) and not path.startswith(OPEN_PATHS):
            if client is None and ui_call and _ui_login(request):
                client = "ui:" + _ui_login(request)
            if client is None:
                client = "ip:" + (request.client.host if request.client else "unknown")
            wait = bucket.take(client)
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                response = error_for(path, 429, f"请求过于频繁，请 {seconds} 秒后再试", code="rate_limit_exceeded")
                response.headers["Retry-After"] = str(seconds)
                return response
        if request.method in ("POST", "PUT", "PATCH") and length is None:
            body = await request.body()  # chunked upload without a length: measure it
            if len(body) > max_bytes:
                return error_for(path, 413, f"请求体过大（上限 {max_bytes} 字节）")
        return await call_next(request)
