"""`advisor serve --workers 2`: two processes share one port, one index on disk and one store.

Each request below goes out on a fresh connection, so the kernel may hand it to either worker. A conversation
kept with a session token stays whole whichever worker takes each turn — with the default SQLite file and with
a real PostgreSQL (`ADVISOR_STORE=postgresql://…`). Every /v1 response carries Server-Timing.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from evals.bench.load import parse_server_timing
from evals.bench.server import AdvisorServer, build_index_cli, server_env

pytestmark = pytest.mark.scaleout


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            out.append(int(status.parent.name))
    return out


def _post(url: str, path: str, body: dict) -> httpx.Response:
    with httpx.Client(base_url=url, timeout=30) as fresh:  # a new connection: any worker may take it
        return fresh.post(path, json=body)


@pytest.fixture(params=["sqlite", "postgres"])
def workers(request, tmp_path):
    store = (request.getfixturevalue("postgres_url") if request.param == "postgres"
             else f"sqlite:{tmp_path / 'store.sqlite3'}")
    env = server_env(tmp_path, embedder="fake", vector_index="chroma", store=store)
    build_index_cli(env)
    server = AdvisorServer(env, workers=2)
    server.start(timeout=120)
    try:
        yield server
    finally:
        server.stop()


def test_two_workers_share_the_port_and_one_conversation(workers):
    assert len(_children(workers.pid)) >= 2, "两个工作进程应当都在运行"
    session = _post(workers.url, "/v1/sessions", {}).json()["session_id"]
    questions = ["北京线上要学多少学时？", "微能力点至少要选几个？", "校本应用考核要交什么材料？",
                 "整校推进的管理团队由谁组成？", "江苏的2.0培训一共多少学时？", "瓦房店什么时候之前完成？"]
    message_ids = []
    for q in questions:
        r = _post(workers.url, "/v1/ask", {"question": q, "region": "北京", "session_id": session})
        assert r.status_code == 200, r.text
        message_ids.append(r.json()["message_id"])
    with httpx.Client(base_url=workers.url, timeout=30) as http:
        history = http.get(f"/v1/sessions/{session}/messages").json()["messages"]
    assert [m["content"] for m in history if m["role"] == "user"] == questions
    assert [m["id"] for m in history if m["role"] == "assistant"] == message_ids
    # Feedback on a turn lands once, whichever worker records it.
    first = _post(workers.url, "/v1/feedback", {"session_id": session, "message_id": message_ids[0], "rating": 1})
    again = _post(workers.url, "/v1/feedback", {"session_id": session, "message_id": message_ids[0], "rating": 1})
    assert (first.json()["status"], again.json()["status"]) == ("stored", "exists")


def test_every_answer_says_where_its_time_went(workers):
    ask = _post(workers.url, "/v1/ask", {"question": "北京线上要学多少学时？", "region": "北京"})
    timing = parse_server_timing(ask.headers.get("server-timing"))
    assert {"understand", "verify", "total"} <= set(timing), ask.headers.get("server-timing")
    assert sum(v for k, v in timing.items() if k not in ("total", "embedded")) <= timing["total"] + 0.5
    rec = _post(workers.url, "/v1/recommend", {"text": "学生上课注意力不集中，我想知道他们哪里没听懂"})
    timing = parse_server_timing(rec.headers.get("server-timing"))
    assert "retrieve" in timing and timing.get("embedded", 0) <= 4
    with httpx.Client(base_url=workers.url, timeout=30) as http:
        assert "server-timing" not in http.get("/healthz").headers


def test_the_ui_is_not_split_over_workers(workers):
    """Gradio keeps sessions in one process: the workers serve the API only, and say so."""
    with httpx.Client(base_url=workers.url, timeout=30) as http:
        assert http.get("/").status_code == 404
        assert http.get("/docs").status_code == 200
