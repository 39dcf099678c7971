"""Scale-out: one `chroma run` server shared by two `advisor serve` workers on different ports.

The index is built once with ADVISOR_CHROMA_URL (vectors go to the server, in a collection named after the
build; chunks, BM25 and the manifest stay in the shared index folder). Both workers answer the same search
and the same question identically; a rebuild does not disturb workers still serving the previous build;
while the chroma server is down, a worker still answers the searches BM25 decides alone, answers 503
(problem+json, Retry-After) without leaking anything to one that needs the vectors, and recovers by itself when
the server is back.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from evals.bench.server import BIN, AdvisorServer, ChromaServer, build_index_cli, server_env

pytestmark = pytest.mark.scaleout

QUERIES = [("北京线上学习多少学时", "北京"), ("整校推进 管理团队", None), ("微能力点 选择 数量", "南京"),
           ("校本应用考核 材料", "瓦房店")]


def _wired() -> bool:
    import assistant.indexing.builder as builder
    import assistant.indexing.store as store

    return "chroma_url" in inspect.getsource(store) and "chroma_url" in inspect.getsource(builder)


if not _wired():
    pytest.skip("assistant/indexing/store.py and builder.py do not use settings.chroma_url yet "
                "(see the scale-out section of docs/deployment.md)", allow_module_level=True)


def _collections(url: str) -> list[str]:
    r = httpx.get(f"{url}/api/v2/tenants/default_tenant/databases/default_database/collections", timeout=10)
    r.raise_for_status()
    return sorted(c["name"] for c in r.json())


def _search(url: str, query: str, region: str | None) -> list[dict]:
    r = httpx.post(url + "/v1/search", json={"query": query, "region": region, "k": 5}, timeout=20)
    assert r.status_code == 200, r.text
    return r.json()["results"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scaleout")
    chroma = ChromaServer(tmp / "chroma-db").start()
    env = server_env(tmp, embedder="fake", vector_index="chroma", chroma_url=chroma.url, store="memory")
    workers: list[AdvisorServer] = []
    try:
        report = build_index_cli(env)
        workers += [AdvisorServer(env), AdvisorServer(env)]
        for w in workers:
            w.spawn()
        for w in workers:
            w.wait_ready()
        yield {"tmp": tmp, "env": env, "chroma": chroma, "workers": workers, "build": report}
    finally:
        for w in workers:
            w.stop()
        chroma.stop()


def _manifest(build: dict) -> dict:
    return json.loads((Path(build["path"]) / "manifest.json").read_text(encoding="utf-8"))


def test_vectors_live_on_the_chroma_server(cluster):
    manifest = _manifest(cluster["build"])
    assert manifest["chroma_collection"] in _collections(cluster["chroma"].url)
    local = Path(cluster["build"]["path"]) / "chroma"
    assert not local.exists(), "no local vector folder when a server is used"
    assert manifest["fingerprint"]["vector_index"] == "chroma-server"


def test_two_workers_answer_the_same_search_identically(cluster):
    a, b = cluster["workers"]
    assert a.port != b.port
    for query, region in QUERIES:
        left, right = _search(a.url, query, region), _search(b.url, query, region)
        assert left and left == right


def test_two_workers_answer_the_same_question_identically_under_concurrency(cluster):
    a, b = cluster["workers"]
    ask = {"question": "北京线上要学多少学时", "region": "北京"}
    with ThreadPoolExecutor(8) as pool:
        urls = [(a, b)[i % 2].url + "/v1/ask" for i in range(16)]
        answers = list(pool.map(lambda url: httpx.post(url, json=ask, timeout=20).json(), urls))
    assert all(x["answer"] == answers[0]["answer"] and "25学时" in x["answer"] for x in answers)


def test_a_rebuild_leaves_workers_on_the_previous_build_serving(cluster):
    a, b = cluster["workers"]
    before = _search(a.url, *QUERIES[0])
    first = _manifest(cluster["build"])
    proc = subprocess.run([str(BIN / "advisor"), "index", "build", "--force", "--json"], env=cluster["env"],
                          capture_output=True, text=True, timeout=120, cwd=cluster["tmp"])
    assert proc.returncode == 0, proc.stderr[-1000:]
    names = _collections(cluster["chroma"].url)
    assert first["chroma_collection"] in names and len(names) == 2, "the live and the previous build are kept"
    assert _search(a.url, *QUERIES[0]) == before == _search(b.url, *QUERIES[0])


def test_a_worker_without_its_chroma_server_fails_clearly_and_recovers(cluster):
    a, _ = cluster["workers"]
    chroma = cluster["chroma"]
    before = _search(a.url, *QUERIES[1])
    chroma.stop()
    try:
        # BM25 decides a search that shares words with the documents: no vector needed, it still answers.
        assert _search(a.url, *QUERIES[1]) == before
        # A search BM25 finds nothing for needs the vectors, and says clearly that they are unavailable.
        r = httpx.post(a.url + "/v1/search", json={"query": "quantum chromodynamics lattice"}, timeout=30)
        assert r.status_code == 503 and r.headers["retry-after"] == "5"
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "chroma" in r.json()["detail"]
        assert "Traceback" not in r.text and str(cluster["tmp"]) not in r.text
    finally:
        chroma.spawn()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(chroma.url + "/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
    assert _search(a.url, *QUERIES[1]) == before
