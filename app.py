"""Composition root: settings → advisor → FastAPI app with the Gradio UI mounted. `python app.py` serves.

Example:
    python app.py            # http://127.0.0.1:7860/ (UI), /docs (API), /healthz, /readyz
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant.api.server import make_app, serve  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def create() -> object:
    """The ASGI app for `uvicorn app:create --factory`."""
    return make_app(Settings())


if __name__ == "__main__":
    serve(Settings())
