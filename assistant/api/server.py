"""Serving: load settings, start the advisor in the background, run uvicorn."""

from __future__ import annotations

import os

from assistant.settings import Settings

__all__ = ["make_app", "serve"]


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
    holder.load_in_background(lambda: Advisor.open(settings, build=build))
    return app


def serve(settings: Settings, build: bool = True) -> None:
    """Run until interrupted, printing where the service listens."""
    import uvicorn

    app = make_app(settings, build=build)
    print(f"提升工程2.0 智能顾问：界面 http://{settings.host}:{settings.port}/ ，"
          f"API 文档 http://{settings.host}:{settings.port}/docs", flush=True)
    from assistant.api.protocol import protocol_with_deadline

    # Slow clients cannot hold connections: headers must arrive in time, idle keep-alive connections close, and a
    # header block is bounded in size.
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                http=protocol_with_deadline(settings.header_timeout), timeout_keep_alive=5,
                h11_max_incomplete_event_size=16_384)
