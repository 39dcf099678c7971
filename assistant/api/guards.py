"""Request guards: body-size limit (413), optional API key (X-API-Key), per-client rate limiting (429)."""

from __future__ import annotations

import hmac
import threading
import time

from fastapi import FastAPI, Request

from assistant.api.problems import problem

__all__ = ["install_request_guards", "TokenBucket"]

_OPEN = ("/healthz", "/readyz")


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


def install_request_guards(app: FastAPI, api_key: str | None, per_minute: int, max_bytes: int) -> None:
    """Guards run before routing; the UI at / is not behind the API key (it has no way to send one)."""
    bucket = TokenBucket(per_minute) if per_minute > 0 else None

    @app.middleware("http")
    async def _guards(request: Request, call_next):
        path = request.url.path
        api = path.startswith("/v1/")
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_bytes:
            return problem(413, f"请求体过大（上限 {max_bytes} 字节）")
        if api and api_key and not hmac.compare_digest(request.headers.get("x-api-key", ""), api_key):
            return problem(401, "缺少或错误的 API 密钥（请在 X-API-Key 头中提供）")
        if api and bucket is not None and path not in _OPEN:
            client = request.headers.get("x-api-key") or (request.client.host if request.client else "unknown")
            wait = bucket.take(client)
            if wait > 0:
                response = problem(429, f"请求过于频繁，请 {wait:.0f} 秒后再试")
                response.headers["Retry-After"] = str(max(1, round(wait)))
                return response
        if request.method in ("POST", "PUT", "PATCH") and length is None:
            body = await request.body()  # chunked upload without a length: measure it
            if len(body) > max_bytes:
                return problem(413, f"请求体过大（上限 {max_bytes} 字节）")
        return await call_next(request)
