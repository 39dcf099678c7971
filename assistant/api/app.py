"""The FastAPI application: API under /v1, health endpoints, Gradio UI mounted at /."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from fastapi import FastAPI

from assistant.api.problems import install_problem_handlers, problem
from assistant.api.routes import AdvisorNotReady, router

__all__ = ["AdvisorHolder", "create_app"]


@dataclass
class AdvisorHolder:
    """Holds the Advisor once loaded, or the reason it could not be."""

    advisor: object | None = None
    error: str | None = None
    rules: object | None = None
    store: object | None = None

    def load_in_background(self, loader) -> threading.Thread:
        """Load without blocking start-up, so /healthz answers while the index loads."""

        def run():
            try:
                self.advisor = loader()
            except Exception as e:  # noqa: BLE001 - reported through /readyz
                # Shown to API clients: the reason and the command, never a server path.
                self.error = "加载失败：" + re.sub(r"(/[^/\s（）：:，,]+)+/?", "…", str(e))

        t = threading.Thread(target=run, name="advisor-loader", daemon=True)
        t.start()
        return t


def create_app(holder: AdvisorHolder, with_ui: bool = True, api_key: str | None = None,
               rate_limit_per_minute: int = 0, max_request_bytes: int = 256_000) -> FastAPI:
    """Build the app around a holder; the UI reads the same Advisor as the API."""
    from assistant.api.guards import install_request_guards
    from assistant.store import MemoryStore

    app = FastAPI(title="提升工程2.0 智能顾问 API", version="0.1.0", docs_url="/docs")
    if holder.store is None:
        holder.store = MemoryStore()
    app.state.holder = holder
    install_problem_handlers(app)
    install_request_guards(app, api_key=api_key, per_minute=rate_limit_per_minute, max_bytes=max_request_bytes)

    @app.exception_handler(AdvisorNotReady)
    async def _not_ready(_, exc: AdvisorNotReady):
        return problem(503, str(exc))

    from assistant.api.answers import router as answers_router
    from assistant.api.drafts import router as drafts_router

    app.include_router(router)
    app.include_router(answers_router)
    app.include_router(drafts_router)
    if with_ui:
        import gradio as gr

        from assistant.ui.blocks import build_ui

        app = gr.mount_gradio_app(app, build_ui(holder), path="/")
    return app
