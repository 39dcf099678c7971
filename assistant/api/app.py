"""The FastAPI application: API under /v1, health endpoints, offline API docs, Gradio UI mounted at /."""

from __future__ import annotations

import hmac
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match, Mount

from assistant.api.access import KeyRing
from assistant.api.contract import install_openapi
from assistant.api.problems import AUTH_CHALLENGE, error_for, install_problem_handlers
from assistant.api.routes import AdvisorNotReady, router

__all__ = ["AdvisorHolder", "create_app", "docs_assets"]


@dataclass
class AdvisorHolder:
    """Holds the Advisor once loaded, or the reason it could not be."""

    advisor: object | None = None
    error: str | None = None
    rules: object | None = None
    store: object | None = None
    settings: object | None = None  # set by make_app: lets the holder follow changes to the corpus
    loader: object | None = None
    _stamp: tuple | None = None
    _checked: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    refreshing: str | None = None  # why answers still come from the previous corpus, while a rebuild runs

    def load_in_background(self, loader, attempts: int = 10, wait: float = 3.0) -> threading.Thread:
        """Load without blocking start-up, so /healthz answers while the index loads. A failed load (another
        process was rebuilding the index, say) is retried with a growing pause; meanwhile /readyz says why and
        /healthz says the process is degraded."""

        self.loader = loader
        self._stamp = self.corpus_stamp()

        def run():
            pause = wait
            for attempt in range(1, attempts + 1):
                try:
                    self.advisor = loader()
                    self.error = None
                    return
                except Exception as e:  # noqa: BLE001 - reported through /readyz and /healthz
                    # Shown to API clients: the reason and the command, never a server path.
                    self.error = "加载失败：" + re.sub(r"(/[^/\s（）：:，,]+)+/?", "…", str(e))
                    if attempt < attempts:
                        self.error += f"（{pause:.0f} 秒后第 {attempt + 1} 次重试）"
                        time.sleep(pause)
                        pause = min(pause * 2, 60.0)

        t = threading.Thread(target=run, name="advisor-loader", daemon=True)
        t.start()
        return t


    def corpus_stamp(self) -> tuple | None:
        """What the rules and documents on disk look like now (names, sizes, times of the files that change)."""
        if self.settings is None:
            return None
        root = Path(self.settings.corpus_dir)
        files = [root / "policies" / "manifest.yaml", root / "regions_local.yaml",
                 *sorted((root / "rules").glob("*.yaml")), *sorted((root / "rules" / "pending").glob("*.yaml"))]
        return tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists())

    def follow(self, every: float = 2.0) -> None:
        """Reload when the corpus changed on disk (the CLI, another worker, or this one changed it): at most one
        look every `every` seconds."""
        now = time.monotonic()
        if self.settings is None or now - self._checked < every:
            return
        self._checked = now
        if self.corpus_stamp() != self._stamp:
            self.refresh()

    def refresh(self, wait: bool = False) -> threading.Thread | None:
        """Follow a change to the corpus. Rules alone: a new rule engine at once, the same index. New or removed
        documents: the index is rebuilt in the background while the previous advisor keeps answering."""
        from assistant.corpus.library import Corpus
        from assistant.indexing.store import index_status
        from assistant.rules import RuleEngine

        if self.settings is None:
            return None
        with self._lock:
            self._stamp = self.corpus_stamp()
            rules = RuleEngine.load(self.settings.corpus_dir)
            self.rules = rules
            current = self.advisor
            same_docs = current is not None and [d.id for d in current.corpus.documents] == \
                [d.id for d in rules.documents] and not index_status(self.settings,
                                                                      Corpus.load(self.settings.corpus_dir))[1]
            if same_docs:
                self.advisor = current.with_rules(rules)
                return None
            self.refreshing = "文件有变动，正在更新索引；在此之前回答依据更新前的文件。"

        def rebuild():
            try:
                fresh = self.loader() if self.loader else None
                if fresh is not None:
                    self.advisor = fresh
                    self.error = None
            except Exception as e:  # noqa: BLE001 - the previous advisor keeps serving; /readyz says why
                self.error = "更新索引失败：" + re.sub(r"(/[^/\s（）：:，,]+)+/?", "…", str(e))
            finally:
                self.refreshing = None

        t = threading.Thread(target=rebuild, name="advisor-refresh", daemon=True)
        t.start()
        if wait:
            t.join()
        return t


def docs_assets() -> Path:
    """Swagger UI and ReDoc as installed with the project (the fastapi-offline wheel): no CDN at run time."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


def _install_docs(app: FastAPI) -> None:
    app.mount("/api-docs", StaticFiles(directory=docs_assets()), name="api-docs")

    @app.get("/docs", include_in_schema=False)
    def swagger():
        return get_swagger_ui_html(openapi_url="/openapi.json", title=app.title + " · 接口文档",
                                   swagger_js_url="/api-docs/swagger-ui-bundle.js",
                                   swagger_css_url="/api-docs/swagger-ui.css",
                                   swagger_favicon_url="/api-docs/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc():
        return get_redoc_html(openapi_url="/openapi.json", title=app.title + " · 接口文档",
                              redoc_js_url="/api-docs/redoc.standalone.js",
                              redoc_favicon_url="/api-docs/favicon.png", with_google_fonts=False)


def _leaf_routes(routes):
    """Every route, looking inside included routers."""
    for route in routes:
        router = getattr(route, "original_router", None)  # FastAPI keeps included routers whole
        if router is not None:
            yield from _leaf_routes(router.routes)
        elif hasattr(route, "endpoint"):
            yield route


def _install_fallback(app: FastAPI) -> None:
    """Unknown paths and wrong methods under /v1 get 404/405 in the route's error shape, not the UI's page;
    so do methods HTTP routers do not know (QUERY, PROPFIND…)."""
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE"]

    def answer(request: Request):
        allowed: set[str] = set()
        probe = {**request.scope, "method": "__none__"}
        for route in _leaf_routes(app.router.routes):
            if getattr(route, "endpoint", None) is _fallback:
                continue
            match, _ = route.matches(probe)
            if match is Match.PARTIAL:
                allowed |= set(getattr(route, "methods", ()) or ())
        if allowed:
            response = error_for(request.url.path, 405, f"此路径不支持 {request.method}，可用：{'、'.join(sorted(allowed))}")
            response.headers["Allow"] = ", ".join(sorted(allowed))
            return response
        return error_for(request.url.path, 404, f"没有这个接口：{request.url.path}（接口列表见 /docs）")

    @app.api_route("/v1/{rest:path}", methods=methods, include_in_schema=False)
    def _fallback(request: Request, rest: str):
        return answer(request)

    @app.middleware("http")
    async def _unknown_methods(request: Request, call_next):
        path = request.url.path
        if (path.startswith("/v1/") and request.method not in methods) or \
                (path in ("/healthz", "/readyz") and request.method not in ("GET", "HEAD")):
            return answer(request)
        return await call_next(request)


def ui_auth(keys: KeyRing, users: dict[str, str]):
    """Gradio's login check: an account from settings, or a key's name with the key as password."""

    def check(username: str, password: str) -> bool:
        known = users.get(username)
        if known is not None and hmac.compare_digest(known.encode(), (password or "").encode()):
            return True
        return keys.identify(password) == username

    return check


def create_app(holder: AdvisorHolder, with_ui: bool = True, api_key: str | None = None,
               rate_limit_per_minute: int = 0, max_request_bytes: int = 256_000, keys: KeyRing | None = None,
               ui_users: dict[str, str] | None = None, cors_origins: list[str] | None = None,
               body_timeout: float = 30.0) -> FastAPI:
    """Build the app around a holder; the UI reads the same Advisor as the API.

    `keys` (or the single `api_key`) lock every /v1 route; with keys configured the UI asks for a login.
    """
    from assistant.api.guards import install_request_guards
    from assistant.store import MemoryStore

    if keys is None:
        keys = KeyRing({"default": api_key} if api_key else {})
    app = FastAPI(title="提升工程2.0 智能顾问 API", version="0.2.0", docs_url=None, redoc_url=None,
                  description=_DESCRIPTION)
    if holder.store is None:
        holder.store = MemoryStore()
    app.state.holder = holder
    app.state.keys = keys
    install_problem_handlers(app)
    ui_login = bool(with_ui and (keys.configured() or ui_users))
    install_request_guards(app, keys, per_minute=rate_limit_per_minute, max_bytes=max_request_bytes,
                           ui_login=ui_login)
    from assistant.api.guards import BodyLimit

    app.add_middleware(BodyLimit, max_bytes=max_request_bytes, timeout=body_timeout)
    if cors_origins:  # added last, so it wraps the guards: preflights and errors carry the same headers
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"],
                           expose_headers=["Retry-After", "WWW-Authenticate", "Server-Timing"], max_age=600)
    from assistant.api.timing import ServerTiming

    app.add_middleware(ServerTiming)  # outermost: its total covers the guards too

    @app.exception_handler(AdvisorNotReady)
    async def _not_ready(request: Request, exc: AdvisorNotReady):
        response = error_for(request.url.path, 503, str(exc))
        response.headers["Retry-After"] = "5"
        return response

    from assistant.api.answers import router as answers_router
    from assistant.api.dify import router as dify_router
    from assistant.api.drafts import router as drafts_router
    from assistant.api.local_rules import router as local_router
    from assistant.api.openai_compat import router as openai_router

    app.include_router(router)
    app.include_router(answers_router)
    app.include_router(openai_router)
    app.include_router(dify_router)
    app.include_router(drafts_router)
    app.include_router(local_router)
    _install_docs(app)
    _install_fallback(app)
    install_openapi(app)
    if with_ui:
        import gradio as gr

        from assistant.ui.blocks import UI_CSS, build_ui

        auth = ui_auth(keys, ui_users or {}) if ui_login else None
        from assistant.drafting.reader import MAX_FILE_BYTES

        app = gr.mount_gradio_app(app, build_ui(holder), path="/", auth=auth, max_file_size=MAX_FILE_BYTES, css=UI_CSS,
                                  auth_message="请用学校管理员发给您的账号登录（或用密钥名称和密钥）。")
        ui = next(r.app for r in app.routes if isinstance(r, Mount) and hasattr(r.app, "tokens"))
        app.state.ui_tokens = ui.tokens  # the logins the UI has issued: the rate limiter's UI identities
    return app


_DESCRIPTION = f"""依据收录的政策文件回答提升工程2.0的问题；每句话都经过规则与原文核验。

**鉴权**：配置了密钥时，/v1 下的接口须带 `Authorization: Bearer <密钥>` 或 `X-API-Key: <密钥>`，否则 401
（带 `WWW-Authenticate: {AUTH_CHALLENGE}`）。限流按密钥计；网页界面按登录计；都没有时按来源地址。

**错误**：`/v1/chat/completions`、`/v1/models` 用 OpenAI 的 `{{"error": {{...}}}}`；`/v1/retrieval`（Dify 外部知识库）
用 `{{"error_code", "error_msg"}}`；其余用 RFC 9457 problem+json。

**OpenAI 兼容**：`messages[].content` 可为字符串或文本片段列表；system 消息被接受但不改变规则；过长的历史只取最近几轮；
`max_tokens` 会截断回答；`n>1`、`tools`、JSON `response_format` 返回 400。
"""
