"""The HTTP API: health, readiness, search, and problem+json errors."""

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import AdvisorHolder, create_app


@pytest.fixture(scope="module")
def client(fake_advisor):
    app = create_app(AdvisorHolder(advisor=fake_advisor), with_ui=False)
    with TestClient(app) as c:
        yield c


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_when_loaded(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ready" and body["chunks"] > 50


def test_readyz_and_search_are_503_while_loading():
    with TestClient(create_app(AdvisorHolder(), with_ui=False)) as c:
        r = c.get("/readyz")
        assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
        r = c.post("/v1/search", json={"query": "学时"})
        assert r.status_code == 503


def test_search_returns_results_with_offsets(client, fake_advisor):
    r = client.post("/v1/search", json={"query": "北京线上学习多少学时", "region": "北京", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert len(body["results"]) == 3
    for hit in body["results"]:
        assert set(hit) == {"doc_id", "title", "section", "text", "score", "start", "end"}
        assert fake_advisor.corpus.texts[hit["doc_id"]][hit["start"] : hit["end"]] == hit["text"]
    assert body["region"] == "北京"


def test_region_filter_keeps_other_provinces_out(client):
    body = client.post("/v1/search", json={"query": "学时 要求", "region": "南京", "k": 20}).json()
    docs = {h["doc_id"] for h in body["results"]}
    assert docs <= {"jiangsu-2.0-opinion", "moe-2.0-whole-school-guide"}
    assert "jiangsu-2.0-opinion" in docs


BAD = [
    ({"query": ""}, 422),
    ({"query": "   "}, 422),
    ({"query": "学" * 1001}, 422),
    ({"query": "学时", "k": 0}, 422),
    ({"query": "学时", "k": 51}, 422),
    ({"query": "学时", "program": "3.0"}, 422),
    ({}, 422),
    ({"query": ["not", "a", "string"]}, 422),
]


@pytest.mark.parametrize("payload,status", BAD)
def test_bad_requests_are_problem_details(client, payload, status):
    r = client.post("/v1/search", json=payload)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"]


def test_malformed_json_is_a_problem_not_a_crash(client):
    r = client.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")


def test_unknown_route_is_a_problem(client):
    r = client.get("/v1/nope")
    assert r.status_code == 404 and r.json()["status"] == 404


def test_openapi_docs_are_served(client):
    assert "/v1/search" in client.get("/openapi.json").json()["paths"]


RULE_CHECKS = [
    ({"region": "瓦房店", "abilities": ["A1", "A3", "A6"], "environment": "多媒体"}, "VALID"),
    ({"region": "瓦房店", "abilities": ["A1", "A3"], "environment": "多媒体"}, "INVALID"),
    ({"region": "北京", "abilities": ["A1", "D3"], "environment": "多媒体"}, "INVALID"),
    ({"region": "北京", "abilities": ["A1", "C4", "A3"], "environment": "多媒体"}, "INVALID"),
    ({"region": "北京", "text": "北京要求80学时"}, "INVALID"),
]


@pytest.mark.parametrize("payload,verdict", RULE_CHECKS)
def test_rules_check(client, payload, verdict):
    r = client.post("/v1/rules/check", json=payload)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] == verdict
    if verdict == "INVALID":
        v = body["violations"][0]
        assert set(v) >= {"rule_id", "message", "doc_id", "quote"} and v["message"]


def test_rules_check_needs_exactly_one_subject(client):
    r = client.post("/v1/rules/check", json={"region": "北京"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")


def test_rules_list_for_a_region_without_a_document(client):
    body = client.get("/v1/rules", params={"region": "上海"}).json()
    assert body["notes"] and body["documents"] == ["moe-2.0-whole-school-guide"]
    assert all(r["region"] in ("全国",) or r["kind"] == "default" for r in body["rules"])
