"""Server-Timing on every /v1 response: how long each stage of the request took, and how many texts it embedded.

    Server-Timing: understand;dur=0.41, embed;dur=27.90, rules;dur=1.20, compose;dur=2.05, serialize;dur=0.30,
                   embedded;desc="1", total;dur=33.10

`total` runs from the moment the request reached the application to the moment its response headers leave;
what the stages do not cover is the HTTP layer itself (guards, validation, JSON encoding). Browsers show the
header in their developer tools; `python -m evals.bench.load` adds it up per endpoint.
"""

from __future__ import annotations

from assistant.timing import measuring

__all__ = ["ServerTiming"]


class ServerTiming:
    """Pure ASGI middleware (no extra task per request): measure /v1 requests and add the header."""

    def __init__(self, app, prefix: str = "/v1/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        with measuring() as stages:

            async def timed_send(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    headers.append((b"server-timing", stages.header().encode("latin-1")))
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, timed_send)
