"""Dify's External Knowledge API against its published contract, calibrated search scores, and the parts of
the HTTP contract clients rely on: problem+json 404/405 under /v1, offline API docs, the OpenAPI document."""

import pytest
from fastapi.testclient import TestClient

from assistant.api.access import KeyRing
from assistant.api.app import AdvisorHolder, create_app, docs_assets

KEY = "dify-key-0001"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def api(fake_advisor):
    app = create_app(AdvisorHolder(advisor=fake_advisor), with_ui=False, keys=KeyRing({"dify": KEY}))
    with TestClient(app) as c:
        yield c


def _retrieve(api, **body):
    payload = {"knowledge_id": "北京", "query": "北京线上学习多少学时",
               "retrieval_setting": {"top_k": 5, "score_threshold": 0.0}, **body}
    return api.post("/v1/retrieval", json=payload, headers=AUTH)


def test_dify_request_as_published_gets_records_as_published(api):
    r = _retrieve(api, metadata_condition={"logical_operator": "and", "conditions": [
        {"name": "doc_id", "comparison_operator": "not empty"}]})
    assert r.status_code == 200
    records = r.json()["records"]
    assert 1 <= len(records) <= 5
    for rec in records:
        assert set(rec) == {"content", "score", "title", "metadata"}
        assert isinstance(rec["content"], str) and rec["content"]
        assert 0.0 <= rec["score"] <= 1.0 and isinstance(rec["metadata"], dict)
    assert [x["score"] for x in records] == sorted((x["score"] for x in records), reverse=True)
    assert "25学时" in "".join(x["content"] for x in records)


def test_dify_score_threshold_filters_and_empty_is_an_empty_list(api):
    loose = _retrieve(api).json()["records"]
    strict = _retrieve(api, retrieval_setting={"top_k": 5, "score_threshold": 0.999}).json()["records"]
    assert len(strict) < len(loose) and all(x["score"] >= 0.999 for x in strict)


def test_dify_metadata_conditions(api):
    only = _retrieve(api, metadata_condition={"conditions": [
        {"name": "doc_id", "comparison_operator": "is", "value": "beijing-2.0-guidance"}]}).json()["records"]
    assert only and {x["metadata"]["doc_id"] for x in only} == {"beijing-2.0-guidance"}
    none = _retrieve(api, metadata_condition={"logical_operator": "and", "conditions": [
        {"name": "doc_id", "comparison_operator": "is", "value": "x"},
        {"name": "doc_id", "comparison_operator": "is not", "value": "x"}]}).json()
    assert none == {"records": []}
    bad = _retrieve(api, metadata_condition={"conditions": [{"name": "doc_id", "comparison_operator": "~="}]})
    assert bad.status_code == 400 and "运算符" in bad.json()["error_msg"]


@pytest.mark.parametrize("knowledge_id", ["national", "全国", "瓦房店", "南京"])
def test_dify_knowledge_id_is_a_region(api, knowledge_id):
    assert _retrieve(api, knowledge_id=knowledge_id).status_code == 200


def test_dify_unknown_knowledge_base_is_2001(api):
    r = _retrieve(api, knowledge_id="火星")
    assert r.status_code == 404 and r.json()["error_code"] == 2001


def test_dify_bad_request_in_difys_shape(api):
    r = api.post("/v1/retrieval", json={"query": "学时"}, headers=AUTH)
    assert r.status_code == 400 and "knowledge_id" in r.json()["error_msg"]


def test_search_scores_are_calibrated_probabilities(api):
    hits = api.post("/v1/search", json={"query": "北京线上学习多少学时", "region": "北京", "k": 10},
                    headers=AUTH).json()["results"]
    assert all(0.0 <= h["score"] <= 1.0 for h in hits)
    assert hits[0]["score"] > 0.5 > hits[-1]["score"]
    off = api.post("/v1/search", json={"query": "明天天气怎么样", "k": 3}, headers=AUTH).json()["results"]
    assert all(h["score"] < hits[0]["score"] for h in off)


@pytest.mark.parametrize("method,path,status", [
    ("get", "/v1/nothing-here", 404),
    ("post", "/v1/models", 405),
    ("get", "/v1/ask", 405),
    ("delete", "/v1/search", 405),
])
def test_unknown_paths_and_wrong_methods_under_v1_are_problems(api, method, path, status):
    r = getattr(api, method)(path, headers=AUTH)
    assert r.status_code == status
    if path.startswith("/v1/models"):
        assert r.json()["error"]["message"]
    else:
        assert r.headers["content-type"].startswith("application/problem+json") and r.json()["status"] == status
    if status == 405:
        assert r.headers["Allow"]


def test_trace_is_not_answered_by_the_ui(api):
    r = api.request("TRACE", "/v1/ask", headers=AUTH)
    assert r.status_code == 405 and r.headers["content-type"].startswith("application/problem+json")


def test_api_docs_load_from_installed_files_only(api):
    for page in ("/docs", "/redoc"):
        html = api.get(page).text
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html and "/api-docs/" in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert (docs_assets() / asset).is_file()
        assert api.get(f"/api-docs/{asset}").status_code == 200


def test_openapi_documents_errors_auth_and_streams(api):
    spec = api.get("/openapi.json").json()
    ask = spec["paths"]["/v1/ask"]["post"]["responses"]
    assert {"400", "401", "413", "422", "429", "503"} <= set(ask)
    assert "application/problem+json" in ask["401"]["content"] and "WWW-Authenticate" in ask["401"]["headers"]
    assert "text/event-stream" in ask["200"]["content"]
    chat = spec["paths"]["/v1/chat/completions"]["post"]["responses"]
    assert chat["400"]["content"]["application/json"]["schema"]["$ref"].endswith("OpenAIErrorBody")
    assert "/v1/retrieval" in spec["paths"] and "ProblemDetail" in spec["components"]["schemas"]


@pytest.mark.parametrize("method,path", [("QUERY", "/v1/ask"), ("PROPFIND", "/v1/search"), ("TRACE", "/healthz"),
                                         ("POST", "/readyz")])
def test_methods_outside_the_spec_get_405_not_the_ui(api, method, path):
    r = api.request(method, path, headers=AUTH)
    assert r.status_code == 405 and r.headers["Allow"]


@pytest.mark.parametrize("body", [{"question": "学时", "stream": 0}, {"question": "学时", "stream": "yes"}])
def test_flags_are_strict_booleans(api, body):
    assert api.post("/v1/ask", json=body, headers=AUTH).status_code == 422
