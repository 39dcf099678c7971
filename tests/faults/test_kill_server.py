"""kill -9 the server while conversation and feedback writes are in flight; every acknowledged write survives.

Eight writer threads ask questions in server-side sessions (two messages per ask) and rate every answer, for
three seconds; the server is killed with SIGKILL at a random moment in between. After a restart on the same
SQLite file, every write the server acknowledged (HTTP 200 with an id) is there exactly once, in order, and
`PRAGMA integrity_check` is ok. Writes in flight at the kill may or may not be there; never twice.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time

import httpx
import pytest

from evals.bench.server import AdvisorServer, server_env

pytestmark = pytest.mark.faults

WRITERS = 8
SECONDS = 3.0
QUESTIONS = ["北京线上要学多少学时", "微能力点至少要选几个", "校本应用考核要交什么材料", "江苏一共多少学时"]


def _write(url: str, stop_at: float, acked: list, feedback: list, failures: list, lock: threading.Lock,
           n: int) -> None:
    with httpx.Client(base_url=url, timeout=5.0) as c:
        session = c.post("/v1/sessions").json()["session_id"]
        i = 0
        while time.monotonic() < stop_at:
            question = f"{QUESTIONS[(n + i) % len(QUESTIONS)]}（{n}-{i}）"
            i += 1
            try:
                r = c.post("/v1/ask", json={"question": question, "region": "北京", "session_id": session})
                if r.status_code != 200:
                    raise httpx.HTTPStatusError(str(r.status_code), request=r.request, response=r)
                message_id = r.json()["message_id"]
                with lock:
                    acked.append((session, message_id, question))
                rating = 1 if i % 2 else -1
                vote = {"session_id": session, "message_id": message_id, "rating": rating}
                r = c.post("/v1/feedback", json=vote)
                if r.status_code == 200:
                    with lock:
                        feedback.append((session, message_id, rating))
            except httpx.HTTPError as e:
                with lock:
                    failures.append(type(e).__name__)
                time.sleep(0.05)  # the server is gone: do not spin


def test_acknowledged_writes_survive_kill_9(workdir):
    db = workdir / "store.sqlite3"
    env = server_env(workdir, embedder="fake", vector_index="memory", store=f"sqlite:{db}")
    seed = random.randrange(1_000_000)
    kill_after = random.Random(seed).uniform(0.6, SECONDS - 0.6)
    print(f"\nseed={seed} kill after {kill_after:.2f} s")

    server = AdvisorServer(env).start()
    with httpx.Client(base_url=server.url, timeout=30) as c:  # the first answer loads jieba: not under test
        assert c.post("/v1/ask", json={"question": QUESTIONS[0], "region": "北京"}).status_code == 200
    acked, feedback, failures = [], [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS
    threads = [threading.Thread(target=_write, args=(server.url, stop_at, acked, feedback, failures, lock, n))
               for n in range(WRITERS)]
    for t in threads:
        t.start()
    time.sleep(kill_after)
    with lock:
        before = len(acked)
    server.kill()
    for t in threads:
        t.join(SECONDS + 10)
    assert server.proc.returncode == -9
    assert before > 0, "no write was acknowledged before the kill: nothing was tested"
    assert failures, "no request failed: the kill did not land while writes were in flight"

    with AdvisorServer(env) as again, httpx.Client(base_url=again.url, timeout=10) as c:
        sessions = {s for s, _, _ in acked}
        stored = {s: c.get(f"/v1/sessions/{s}/messages").json()["messages"] for s in sessions}
        for session, message_id, question in acked:
            messages = stored[session]
            at = [i for i, m in enumerate(messages) if m["id"] == message_id]
            assert len(at) == 1, f"acknowledged answer {message_id} present {len(at)} times"
            asked = messages[at[0] - 1]
            assert at[0] > 0 and asked["role"] == "user" and asked["content"] == question
        for session, message_id, rating in feedback:
            vote = {"session_id": session, "message_id": message_id, "rating": rating}
            r = c.post("/v1/feedback", json=vote)
            assert r.status_code == 200 and r.json()["status"] == "exists"

    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for session, message_id, _ in acked:
            assert con.execute("SELECT COUNT(*) FROM messages WHERE id = ?", (message_id,)).fetchone()[0] == 1
        for session, message_id, rating in feedback:
            row = con.execute("SELECT COUNT(*), MIN(rating) FROM feedback "
                              "WHERE session_id = ? AND message_id = ?",
                              (session, message_id)).fetchone()
            assert row == (1, rating)
        twice = con.execute("SELECT session_id, seq FROM messages "
                            "GROUP BY session_id, seq HAVING COUNT(*) > 1").fetchall()
        assert twice == []
    print(f"acknowledged before the kill: {before}; asks {len(acked)}, feedback {len(feedback)}, "
          f"failed requests {len(failures)}")
