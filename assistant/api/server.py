"""Serving: load settings, start the advisor in the background, run uvicorn."""

from __future__ import annotations

import os

from assistant.api.protocol import HeaderDeadlineProtocol
from assistant.settings import Settings

__all__ = ["make_app", "serve", "worker_app", "WorkerDeadlineProtocol"]


def make_app(settings: Settings, build: bool = True, with_ui: bool = True):
    """The full application for these settings (the advisor loads in a background thread)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.advisor import Advisor
    from assistant.api.app import AdvisorHolder, create_app

    from assistant.rules import RuleEngine
    from assistant.store import make_store

    holder = AdvisorHolder(rules=RuleEngine.load(settings.corpus_dir),
                           store=make_store(settings.store, settings.data_dir), settings=settings)
    from assistant.api.access import KeyRing, parse_pairs

    users = parse_pairs(settings.ui_users.get_secret_value() if settings.ui_users else None, "ADVISOR_UI_USERS")
    origins = [o.strip() for o in (settings.cors_origins or "").split(",") if o.strip()]
    app = create_app(holder, with_ui=with_ui, keys=KeyRing.from_settings(settings), ui_users=users,
                     cors_origins=origins, rate_limit_per_minute=settings.rate_limit_per_minute,
                     max_request_bytes=settings.max_request_bytes, body_timeout=settings.body_timeout)
    # Start loading only once every module the app needs is imported: two threads importing the same package
    # at once can see it half-initialised.
    holder.load_in_background(lambda: Advisor.open(settings, build=build).warm())
    return app


def _worker_header_timeout(default: float = 10.0) -> float:
    try:
        value = float(os.environ.get("ADVISOR_HEADER_TIMEOUT", default))
    except ValueError:
        return default
    return value if 0 < value <= 300 else default


class WorkerDeadlineProtocol(HeaderDeadlineProtocol):
    """The header deadline for worker processes (`advisor serve --workers N`): they import the protocol by name,
    so its deadline comes from ADVISOR_HEADER_TIMEOUT, which the parent sets from its settings."""

    header_timeout = _worker_header_timeout()


def worker_app():
    """The application of one worker process of `advisor serve --workers N` (settings from the environment;
    the parent has built the index, and the UI is served by a single process elsewhere)."""
    return make_app(Settings(), build=False, with_ui=False)


def worker_threads(threads: int, workers: int) -> int:
    """Embedding engines per worker: the machine's share, at least one."""
    return max(1, threads // max(1, workers))


def serve(settings: Settings, build: bool = True, workers: int = 1, with_ui: bool = True) -> None:
    """Run until interrupted, printing where the service listens.

    With `workers` > 1, that many processes share the port (the kernel hands each new connection to one of
    them); they read the same index on disk and the same store, and follow the same corpus and keys. The web
    UI keeps its sessions in one process, so it is not served by the workers: run a single-process
    `advisor serve --port …` beside them for the UI.
    """
    import uvicorn

    from assistant.api.protocol import protocol_with_deadline

    where = f"http://{settings.host}:{settings.port}"
    # Slow clients cannot hold connections: headers must arrive in time, idle keep-alive connections close, and a
    # header block is bounded in size.
    options = dict(host=settings.host, port=settings.port, log_level="warning", timeout_keep_alive=5,
                   h11_max_incomplete_event_size=16_384)
    if workers <= 1:
        app = make_app(settings, build=build, with_ui=with_ui)
        print(f"提升工程2.0 智能顾问：{'界面 ' + where + '/ ，' if with_ui else ''}API 文档 {where}/docs", flush=True)
        uvicorn.run(app, http=protocol_with_deadline(settings.header_timeout), **options)
        return
    if build:
        from assistant.advisor import ensure_index
        from assistant.corpus.library import Corpus
        from assistant.indexing.embedder import make_embedder

        ensure_index(settings, Corpus.load(settings.corpus_dir), make_embedder(settings.embedder, settings.threads))
    os.environ["ADVISOR_HEADER_TIMEOUT"] = str(settings.header_timeout)
    os.environ["ADVISOR_THREADS"] = str(worker_threads(settings.threads, workers))
    print(f"提升工程2.0 智能顾问：{workers} 个进程共用 {where}（只提供 API，文档 {where}/docs；"
          f"网页界面请另起单进程 advisor serve --port <另一端口>）", flush=True)
    uvicorn.run("assistant.api.server:worker_app", factory=True, workers=workers,
                http="assistant.api.server:WorkerDeadlineProtocol", **options)
