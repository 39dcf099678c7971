"""Bad input: unknown codes and places, malformed, hostile and oversized requests — clear 4xx, never a 5xx.

Most cases run in process; the size limits and raw HTTP garbage also run against a real `advisor serve` so
the uvicorn layer is covered.
"""

from __future__ import annotations

import socket

import httpx
import pytest

from evals.bench.server import AdvisorServer, server_env

pytestmark = pytest.mark.security

JSON = {"content-type": "application/json"}


def _problem(r, status: int) -> dict:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["detail"]
    return body


UNKNOWN_CODES = [["Z9"], ["A1", "B99"], ["D3", "T12"], ["' OR 1=1 --"], ["<script>alert(1)</script>"],
                 ["A1"] * 30]


@pytest.mark.parametrize("abilities", UNKNOWN_CODES)
def test_unknown_ability_codes_are_named_in_the_verdict(api, no_leak, abilities):
    r = api.post("/v1/rules/check", json={"abilities": abilities, "region": "北京"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] in ("INVALID", "NEEDS_INFO")
    no_leak(r.text)


def test_unknown_codes_in_a_question_are_not_invented(api):
    answer = api.post("/v1/ask", json={"question": "D9是什么能力点", "region": "北京"}).json()
    assert answer["refused"] or answer["answer"].startswith("D9这个微能力点不存在")
    assert "A1–A13" in answer["answer"] and "D9“" not in answer["answer"]


@pytest.mark.parametrize("payload,status", [
    ({"text": "我不会做PPT", "environment": "未来教室"}, 422),
    ({"text": "我不会做PPT", "region": "火星"}, 200),
    ({"text": "A1 B2 Z9 D3 T12 我要选这些"}, 200),
])
def test_unknown_places_and_environments(api, no_leak, payload, status):
    r = api.post("/v1/recommend", json=payload)
    assert r.status_code == status
    no_leak(r.text)


def test_unknown_programme_is_a_clear_error(api):
    r = api.get("/v1/rules", params={"region": "火星", "program": "9.9"})
    assert "1.0 或 2.0" in _problem(r, 422)["detail"]


MALFORMED = [
    ("/v1/search", b"{not json", 422),
    ("/v1/search", b"[" * 100_000 + b"]" * 100_000, 400),
    ("/v1/search", b'{"query": "\xff\xfe\x00bad"}', 400),
    ("/v1/search", b'{"query": "\\ud800"}', 422),
    ("/v1/search", b'{"query": "x", "k": 1e309}', 422),
    ("/v1/search", b'{"query": "x", "k": NaN}', 422),
    ("/v1/search", b'{"query": ["a", "b"]}', 422),
    ("/v1/search", b'{"query": {"$ne": null}}', 422),
    ("/v1/search", b'"just a string"', 422),
    ("/v1/search", b"", 422),
    ("/v1/ask", b'{"question": "x", "history": [{"role": "system", "content": "x"}]}', 422),
    ("/v1/ask", b'{"question": "x", "history": "not a list"}', 422),
    ("/v1/ask", b'{"question": "x", "session_id": "../../etc/passwd"}', 422),
    ("/v1/feedback", b'{"session_id": "' + b"a" * 20 + b'", "message_id": "12345678", "rating": 5}', 422),
    ("/v1/rules/check", b'{"hours": {"online": 1e308, "offline": -5}}', 422),
    ("/v1/rules/check", b'{"abilities": ["A1"], "text": "x"}', 422),
]


@pytest.mark.parametrize("path,body,status", MALFORMED)
def test_malformed_requests_are_problem_details(api, no_leak, path, body, status):
    r = api.post(path, content=body, headers=JSON)
    _problem(r, status)
    no_leak(r.text)


def test_hostile_but_valid_text_is_answered_normally(api, no_leak):
    for question in ("a\u0000b 学时", "\u202e\u200b\ufeff", "🙂" * 999, "'; DROP TABLE messages; --",
                     "<img src=x onerror=alert(1)>北京学时", "=cmd|' /C calc'!A0"):
        r = api.post("/v1/ask", json={"question": question})
        assert r.status_code == 200, (question, r.text[:200])
        no_leak(r.text)


def test_session_tokens_cannot_reach_other_files_or_rows(api):
    assert api.get("/v1/sessions/..%2F..%2F..%2Fetc%2Fpasswd0000/messages").status_code in (404, 422)
    r = api.get("/v1/sessions/' OR '1'='1' --xxxxxxxx/messages")  # not a token's alphabet: refused, no rows
    assert "会话令牌" in _problem(r, 422)["detail"] and "messages" not in r.json()
    r = api.post("/v1/feedback", json={"session_id": "a" * 20, "message_id": "' OR 1=1 --", "rating": 1})
    _problem(r, 404)


def test_wrong_methods_and_routes(api):
    _problem(api.get("/v1/ask"), 405)
    _problem(api.post("/v1/nothing-here", json={}), 404)
    _problem(api.post("/v1/search", content=b"query=x",
                      headers={"content-type": "application/x-www-form-urlencoded"}), 422)


def test_oversized_bodies_are_refused_in_process(api):
    _problem(api.post("/v1/search", json={"query": "x" * 300_000}), 413)


# ---- the same limits through uvicorn ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from evals.bench.server import build_index_cli

    tmp = tmp_path_factory.mktemp("bad-input-server")
    env = server_env(tmp, embedder="fake", vector_index="memory", store="memory")
    build_index_cli(env)
    with AdvisorServer(env) as s:
        yield s


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            try:
                part = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not part:
                break
            chunks.append(part)
    return b"".join(chunks)


def test_real_server_refuses_oversized_and_chunked_bodies(server, no_leak):
    with httpx.Client(base_url=server.url, timeout=20) as c:
        r = c.post("/v1/search", content=b'{"query": "' + b"x" * 2_000_000 + b'"}', headers=JSON)
        assert r.status_code == 413
        def gen():
            yield b'{"query": "'
            for _ in range(40):
                yield b"x" * 10_000
            yield b'"}'
        r = c.post("/v1/search", content=gen(), headers=JSON)  # chunked: no Content-Length
        assert r.status_code == 413
        no_leak(r.text)
        assert c.get("/readyz").status_code == 200


def test_real_server_survives_http_garbage(server):
    for data in (b"GARBAGE\r\n\r\n", b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                 b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{", b"\x00\xff" * 100,
                 b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"):
        reply = _raw(server.port, data)
        assert b"Traceback" not in reply and not reply.startswith(b"HTTP/1.1 5")
    assert httpx.get(server.url + "/readyz", timeout=10).status_code == 200
