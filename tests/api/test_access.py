"""Access: named keys as Bearer or X-API-Key, revocation without restart, per-key and per-login rate limits,
the UI behind a login when keys are configured, CORS off by default and consistent when on."""

import json

import pytest
from fastapi.testclient import TestClient

from assistant.api.access import KeyFileError, KeyRing, parse_pairs, token_of
from assistant.api.app import AdvisorHolder, create_app

KEYS = {"school-a": "key-aaaaaaaa", "dify": "key-bbbbbbbb"}


@pytest.fixture
def ring(tmp_path):
    return KeyRing(dict(KEYS), tmp_path / "api_keys.json")


def _app(fake_advisor, ring, **kw):
    return create_app(AdvisorHolder(advisor=fake_advisor), with_ui=kw.pop("with_ui", False), keys=ring, **kw)


@pytest.mark.parametrize("headers,status", [
    ({}, 401),
    ({"Authorization": "Bearer key-aaaaaaaa"}, 200),
    ({"authorization": "bearer key-bbbbbbbb"}, 200),
    ({"X-API-Key": "key-aaaaaaaa"}, 200),
    ({"Authorization": "Bearer wrong-key-1"}, 401),
    ({"Authorization": "Basic a2V5LWFhYWFhYWFh"}, 401),
    ({"Authorization": "Bearer "}, 401),
])
def test_keys_open_the_api_by_either_header(fake_advisor, ring, headers, status):
    with TestClient(_app(fake_advisor, ring)) as c:
        r = c.post("/v1/search", json={"query": "学时"}, headers=headers)
        assert r.status_code == status
        if status == 401:
            assert r.headers["WWW-Authenticate"].startswith("Bearer")
            assert r.headers["content-type"].startswith("application/problem+json")
            assert "Bearer" in r.json()["detail"]
        assert c.get("/healthz").status_code == 200 and c.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("path,body,shape", [
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "学时"}]}, "openai"),
    ("/v1/models", None, "openai"),
    ("/v1/retrieval", {"knowledge_id": "北京", "query": "学时", "retrieval_setting": {"top_k": 1, "score_threshold": 0}},
     "dify"),
    ("/v1/ask", {"question": "学时"}, "problem"),
])
def test_a_missing_key_is_refused_in_the_shape_each_client_reads(fake_advisor, ring, path, body, shape):
    with TestClient(_app(fake_advisor, ring)) as c:
        r = c.post(path, json=body) if body else c.get(path)
        data = r.json()
        if shape == "openai":
            assert r.status_code == 401 and data["error"]["code"] == "invalid_api_key" and "密钥" in data["error"]["message"]
        elif shape == "dify":
            assert r.status_code == 403 and data["error_code"] == 1002 and "密钥" in data["error_msg"]
        else:
            assert r.status_code == 401 and data["status"] == 401


def test_dify_malformed_header_is_1001(fake_advisor, ring):
    with TestClient(_app(fake_advisor, ring)) as c:
        r = c.post("/v1/retrieval", headers={"Authorization": "Token x"},
                   json={"knowledge_id": "北京", "query": "学时", "retrieval_setting": {"top_k": 1, "score_threshold": 0}})
        assert r.status_code == 403 and r.json()["error_code"] == 1001


def test_keys_added_and_revoked_in_the_file_take_effect_without_restart(fake_advisor, tmp_path):
    ring = KeyRing({}, tmp_path / "api_keys.json")
    with TestClient(_app(fake_advisor, ring)) as c:
        assert c.post("/v1/search", json={"query": "学时"}).status_code == 200  # no key configured: open
        secret = ring.add("实验小学")
        assert c.post("/v1/search", json={"query": "学时"}).status_code == 401
        auth = {"Authorization": f"Bearer {secret}"}
        assert c.post("/v1/search", json={"query": "学时"}, headers=auth).status_code == 200
        ring.revoke("实验小学")
        assert c.post("/v1/search", json={"query": "学时"}, headers=auth).status_code == 401
    stored = json.loads((tmp_path / "api_keys.json").read_text())
    assert secret not in json.dumps(stored) and stored["keys"][0]["revoked"] is True


def test_key_file_errors_are_clear(tmp_path):
    ring = KeyRing({"env": "key-cccccccc"}, tmp_path / "api_keys.json")
    with pytest.raises(KeyFileError, match="名称"):
        ring.add("bad name!")
    ring.add("ok")
    with pytest.raises(KeyFileError, match="已有"):
        ring.add("ok")
    with pytest.raises(KeyFileError, match="环境变量"):
        ring.revoke("env")
    (tmp_path / "api_keys.json").write_text("{not json")
    with pytest.raises(KeyFileError, match="无法读取"):
        ring.identify("anything")


def test_a_damaged_key_file_locks_rather_than_opens(fake_advisor, tmp_path):
    path = tmp_path / "api_keys.json"
    path.write_text("{not json")
    with TestClient(_app(fake_advisor, KeyRing({}, path))) as c:
        r = c.post("/v1/search", json={"query": "学时"})
        assert r.status_code == 503 and "密钥文件" in r.json()["detail"]


@pytest.mark.parametrize("text,expected", [
    ("a:12345678,b:abcdefgh", {"a": "12345678", "b": "abcdefgh"}),
    (" 学校:12345678 ", {"学校": "12345678"}),
    ("", {}),
])
def test_parse_pairs(text, expected):
    assert parse_pairs(text, "X") == expected


@pytest.mark.parametrize("text", ["nocolon", "a:short", ":12345678", "bad name:12345678"])
def test_parse_pairs_names_the_bad_entry(text):
    with pytest.raises(KeyFileError, match="格式"):
        parse_pairs(text, "ADVISOR_API_KEYS")


@pytest.mark.parametrize("headers,expected", [
    ({"authorization": "Bearer abc"}, ("abc", False)),
    ({"x-api-key": "abc"}, ("abc", False)),
    ({"authorization": "Basic abc"}, (None, True)),
    ({"authorization": "Basic abc", "x-api-key": "k"}, ("k", False)),
    ({}, (None, False)),
])
def test_token_of(headers, expected):
    assert token_of(headers) == expected


def test_rate_limits_are_per_key_not_per_address(fake_advisor, ring):
    with TestClient(_app(fake_advisor, ring, rate_limit_per_minute=8)) as c:
        a = {"Authorization": "Bearer key-aaaaaaaa"}
        codes = [c.post("/v1/search", json={"query": "学时"}, headers=a).status_code for _ in range(9)]
        assert codes[:8] == [200] * 8 and codes[-1] == 429
        limited = c.post("/v1/search", json={"query": "学时"}, headers=a)
        assert int(limited.headers["Retry-After"]) >= 1
        assert "请 0 秒" not in limited.json()["detail"] and "秒后再试" in limited.json()["detail"]
        # Same address, another school's key: its own bucket.
        assert c.post("/v1/search", json={"query": "学时"}, headers={"X-API-Key": "key-bbbbbbbb"}).status_code == 200


def test_without_keys_the_address_is_the_fallback(fake_advisor):
    with TestClient(_app(fake_advisor, KeyRing({}), rate_limit_per_minute=8)) as c:
        codes = [c.post("/v1/search", json={"query": "学时"}).status_code for _ in range(9)]
        assert codes[0] == 200 and codes[-1] == 429


def _login(c, username, password):
    return c.post("/login", data={"username": username, "password": password})


def test_with_keys_the_ui_and_its_api_need_a_login(fake_advisor, ring):
    app = _app(fake_advisor, ring, with_ui=True, ui_users={"teacher": "pass-word-1"})
    with TestClient(app) as c:
        assert c.get("/config").status_code == 401
        assert c.post("/gradio_api/queue/join", json={}).status_code in (401, 403)
        assert _login(c, "teacher", "wrong").status_code >= 400
        assert _login(c, "teacher", "pass-word-1").status_code == 200
        assert c.get("/config").status_code == 200
    with TestClient(app) as c:  # a key's name with the key is an account too
        assert _login(c, "dify", "key-bbbbbbbb").status_code == 200
        assert c.get("/config").status_code == 200


def test_an_invented_login_cookie_is_not_an_identity(fake_advisor, ring):
    app = _app(fake_advisor, ring, with_ui=True, ui_users={"t1": "pass-word-1"}, rate_limit_per_minute=8)
    with TestClient(app) as c:
        codes = []
        for i in range(9):
            c.cookies.set("access-token-x", f"made-up-{i}")
            codes.append(c.post("/gradio_api/queue/join", json={}).status_code)
        assert codes[-1] == 429  # all from one address: one bucket, whatever the cookies say


def test_ui_calls_are_rate_limited_per_login(fake_advisor, ring):
    app = _app(fake_advisor, ring, with_ui=True, ui_users={"t1": "pass-word-1", "t2": "pass-word-2"},
               rate_limit_per_minute=8)
    with TestClient(app) as one, TestClient(app) as two:
        assert _login(one, "t1", "pass-word-1").status_code == 200
        assert _login(two, "t2", "pass-word-2").status_code == 200
        codes = [one.post("/gradio_api/queue/join", json={}).status_code for _ in range(9)]
        assert codes[-1] == 429
        assert two.post("/gradio_api/queue/join", json={}).status_code != 429


def test_ui_without_login_is_closed_when_keys_appear_later(fake_advisor, tmp_path):
    ring = KeyRing({}, tmp_path / "api_keys.json")
    app = _app(fake_advisor, ring, with_ui=True)
    with TestClient(app) as c:
        assert c.get("/config").status_code == 200  # no keys: an open UI, as before
        ring.add("late")
        r = c.post("/gradio_api/queue/join", json={})
        assert r.status_code == 401 and "重启" in r.json()["detail"]


def test_cors_is_off_by_default(fake_advisor, ring):
    with TestClient(_app(fake_advisor, ring)) as c:
        pre = c.options("/v1/ask", headers={"Origin": "https://x.example", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in pre.headers
        r = c.post("/v1/ask", json={"question": "学时"}, headers={"Origin": "https://x.example", **_A})
        assert "access-control-allow-origin" not in r.headers


_A = {"Authorization": "Bearer key-aaaaaaaa"}


def test_cors_by_origin_list_agrees_on_preflight_and_response(fake_advisor, ring):
    with TestClient(_app(fake_advisor, ring, cors_origins=["https://school.example.cn"])) as c:
        ok = {"Origin": "https://school.example.cn"}
        pre = c.options("/v1/ask", headers={**ok, "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "authorization,content-type"})
        assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == ok["Origin"]
        r = c.post("/v1/ask", json={"question": "北京线上要学多少学时？"}, headers={**ok, **_A})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ok["Origin"]
        denied = c.post("/v1/ask", json={"question": "学时"}, headers=ok)  # an error carries the header too
        assert denied.status_code == 401 and denied.headers["access-control-allow-origin"] == ok["Origin"]
        other = c.options("/v1/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert other.headers.get("access-control-allow-origin") != "https://evil.example"


def test_sessions_must_be_issued_by_the_server(fake_advisor):
    with TestClient(_app(fake_advisor, KeyRing({}))) as c:
        invented = "0000000000000001"
        r = c.post("/v1/ask", json={"question": "北京线上要学多少学时？", "session_id": invented})
        assert r.status_code == 404 and "POST /v1/sessions" in r.json()["detail"]
        assert c.get(f"/v1/sessions/{invented}/messages").status_code == 404
        sid = c.post("/v1/sessions").json()["session_id"]
        assert c.post("/v1/ask", json={"question": "北京线上要学多少学时？", "session_id": sid}).status_code == 200
        assert len(c.get(f"/v1/sessions/{sid}/messages").json()["messages"]) == 2


@pytest.mark.parametrize("hours", [{"online": float("nan"), "offline": 25}, {"online": float("inf")},
                                   {"online": -5, "offline": 25}])
def test_hours_must_be_finite_and_not_negative(fake_advisor, hours):
    with TestClient(_app(fake_advisor, KeyRing({}))) as c:
        body = json.dumps({"region": "北京", "hours": hours}, allow_nan=True)
        r = c.post("/v1/rules/check", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422 and "学时计划" in r.json()["detail"]


def test_a_body_without_length_is_cut_off_while_streaming(fake_advisor):
    def chunks():
        yield b'{"query": "'
        for _ in range(200):
            yield b"x" * 1000
        yield b'"}'

    app = _app(fake_advisor, KeyRing({}), max_request_bytes=2000)
    with TestClient(app) as c:
        for path in ("/v1/search", "/v1/chat/completions"):
            r = c.post(path, content=chunks(), headers={"content-type": "application/json"})
            assert r.status_code == 413


def test_framework_errors_are_chinese(fake_advisor):
    with TestClient(_app(fake_advisor, KeyRing({}))) as c:
        r = c.post("/v1/search", content=b'{"query": "\xff\xfe"}', headers={"content-type": "application/json"})
        assert r.status_code in (400, 422)
        assert not any(w in r.text for w in ("There was an error", "String should", "Field required"))
        r = c.post("/v1/search", json={"query": "学" * 1200})
        assert "过长" in r.json()["detail"]


def test_uploads_need_a_login_when_keys_are_configured(fake_advisor, ring):
    app = _app(fake_advisor, ring, with_ui=True, ui_users={"teacher": "pass-word-1"})
    with TestClient(app) as c:
        files = {"files": ("a.txt", b"x" * 100, "text/plain")}
        assert c.post("/gradio_api/upload", files=files).status_code in (401, 403)
        assert _login(c, "teacher", "pass-word-1").status_code == 200
        assert c.post("/gradio_api/upload", files=files).status_code == 200
