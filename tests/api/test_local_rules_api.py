"""A trainer's document over HTTP: upload, review, enforcement, edit, reject, removal; errors change nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_settings

PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "local" / "gulou_plan.txt"


def _wait_ready(holder, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if holder.advisor is not None and holder.refreshing is None:
            return
        time.sleep(0.1)
    raise AssertionError(f"advisor not ready: {holder.error}")


@pytest.fixture
def served(tmp_path, corpus_copy):
    from assistant.api.server import make_app

    settings = make_settings(tmp_path, corpus=corpus_copy, api_keys="trainer:train-key-123456")
    app = make_app(settings, build=True, with_ui=False)
    holder = app.state.holder
    _wait_ready(holder)
    with TestClient(app, headers={"Authorization": "Bearer train-key-123456"}) as client:
        yield client, holder, corpus_copy


def _upload(client, path: Path, region: str, **form):
    with path.open("rb") as f:
        return client.post("/v1/documents", files={"file": (path.name, f, "text/plain")},
                           data={"region": region, **form})


def test_upload_review_accept_then_answers_and_checks_follow_the_local_plan(served):
    client, holder, corpus = served
    before = client.post("/v1/rules/check", json={"region": "南京市鼓楼区", "abilities": ["A1", "A3", "B2"],
                                                  "environment": "混合"}).json()
    r = _upload(client, PLAN, "南京市鼓楼区", title="鼓楼区提升工程2.0实施方案", doc_id="gulou-plan")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["region"] == "江苏省南京市鼓楼区" and body["learned_region"] is True
    assert body["chain"][1:] == ["江苏省南京市", "江苏", "全国"]
    by_topic = {c["rule"]["topic"]: c for c in body["candidates"]}
    assert by_topic["hours.total"]["rule"]["params"] == {"value": 60, "unit": "学时", "op": ">="}
    assert "60学时" in by_topic["hours.total"]["rule"]["source"]["quote"]

    # Nothing binds before review: the selection is judged as before, and the region says why.
    _wait_ready(holder)
    pending = client.get("/v1/rules/candidates", params={"region": "南京"}).json()["candidates"]
    assert {c["id"] for c in pending} == {c["id"] for c in body["candidates"]}
    assert all(c["status"] == "pending" and c["title"] == "鼓楼区提升工程2.0实施方案" for c in pending)
    unreviewed = client.post("/v1/rules/check", json={"region": "鼓楼区", "abilities": ["A1", "A3", "B2"],
                                                      "environment": "混合"}).json()
    assert unreviewed["verdict"] == before["verdict"] == "VALID"

    wanted = [by_topic[t]["id"] for t in ("hours.total", "hours.practice", "selection.count", "selection.required")]
    accepted = client.post("/v1/rules/candidates/accept", json={"ids": wanted}).json()["accepted"]
    assert [a["id"] for a in accepted] == wanted
    assert all(a["review"]["by"] == "trainer" for a in accepted)  # the key's name when none is given

    checked = client.post("/v1/rules/check", json={"region": "鼓楼区", "abilities": ["A1", "A3", "B2"],
                                                   "environment": "混合"}).json()
    assert checked["verdict"] == "INVALID"
    assert {v["rule_id"] for v in checked["violations"]} == {by_topic["selection.count"]["id"],
                                                             by_topic["selection.required"]["id"]}
    text = client.post("/v1/rules/check", json={"region": "南京市鼓楼区", "text": "鼓楼区要求50学时"}).json()
    assert text["verdict"] == "INVALID"
    # The province is untouched: Nanjing outside the district keeps Jiangsu's 50.
    assert client.post("/v1/rules/check", json={"region": "南京", "text": "南京要求培训50学时"}).json()["verdict"] == "VALID"

    answer = client.post("/v1/ask", json={"question": "南京鼓楼区的老师2.0培训要多少学时？"}).json()
    assert "60学时" in answer["answer"] and not answer["refused"]
    assert any(c["doc_id"] == "gulou-plan" for c in answer["citations"])
    makeup = client.post("/v1/ask", json={"question": "鼓楼区考核没过怎么办？"}).json()
    assert "2023年3月31日" in makeup["answer"]


def test_edit_and_reject_change_what_binds(served):
    client, holder, _ = served
    body = _upload(client, PLAN, "南京市鼓楼区", doc_id="gulou-plan").json()
    count = next(c for c in body["candidates"] if c["rule"]["topic"] == "selection.count")
    client.post("/v1/rules/candidates/accept", json={"ids": [count["id"]], "by": "王老师"})
    edited = client.post(f"/v1/rules/candidates/{count['id']}/edit", json={"params": {"value": 2}}).json()
    assert edited["candidate"]["rule"]["params"]["value"] == 2 and edited["candidate"]["edited"] is True
    ok = client.post("/v1/rules/check", json={"region": "鼓楼区", "abilities": ["A1", "A3", "B2"]}).json()
    assert count["id"] not in {v["rule_id"] for v in ok["violations"]}
    bad = client.post(f"/v1/rules/candidates/{count['id']}/edit", json={"params": {"op": "约等于"}})
    assert bad.status_code == 422 and "op" in bad.json()["detail"]
    client.post("/v1/rules/candidates/reject", json={"ids": [count["id"]]})
    rejected = client.get("/v1/rules/candidates", params={"status": "rejected"}).json()["candidates"]
    assert [c["id"] for c in rejected] == [count["id"]]
    assert client.post("/v1/rules/candidates/reject", json={"ids": ["nope.hours.total"]}).status_code == 404


def test_bad_uploads_change_nothing(served, tmp_path):
    client, _, corpus = served
    manifest = (corpus / "policies" / "manifest.yaml").read_bytes()
    exe = tmp_path / "plan.exe"
    exe.write_bytes(b"MZ\x90\x00")
    r = _upload(client, exe, "南京")
    assert r.status_code == 422 and "不支持的文件类型" in r.json()["detail"]
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    r = _upload(client, empty, "南京")
    assert r.status_code == 422 and "empty.txt" in r.json()["detail"] and "/tmp" not in r.json()["detail"]
    r = _upload(client, PLAN, "火星")
    assert r.status_code == 422 and "无法准确识别地区" in r.json()["detail"]
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (11 * 1024 * 1024))
    r = _upload(client, big, "南京")
    assert r.status_code == 413
    assert (corpus / "policies" / "manifest.yaml").read_bytes() == manifest
    assert not (corpus / "rules" / "pending").exists() or not list((corpus / "rules" / "pending").iterdir())


def test_documents_are_listed_and_removed_with_their_rules(served):
    client, holder, corpus = served
    body = _upload(client, PLAN, "南京市鼓楼区", doc_id="gulou-plan").json()
    client.post("/v1/rules/candidates/accept", json={"all": True, "min_confidence": 0.8})
    docs = {d["id"]: d for d in client.get("/v1/documents").json()["documents"]}
    assert docs["gulou-plan"]["origin"] == "ingested" and docs["gulou-plan"]["accepted_rules"] >= 4
    assert client.delete("/v1/documents/jiangsu-2.0-opinion").status_code == 422  # shipped documents stay
    assert client.delete("/v1/documents/no-such-doc").status_code == 404
    r = client.delete("/v1/documents/gulou-plan")
    assert r.status_code == 200 and r.json()["removed"] == "gulou-plan"
    assert not (corpus / "rules" / "gulou-plan.yaml").exists()
    assert "gulou-plan" not in {d["id"] for d in client.get("/v1/documents").json()["documents"]}
    assert client.post("/v1/rules/check", json={"region": "鼓楼区", "abilities": ["A1", "A3", "B2"]}
                       ).json()["verdict"] != "INVALID"
    _wait_ready(holder)
    assert body["candidates"]


def test_the_routes_need_the_key(served):
    client, _, _ = served
    for method, path in (("get", "/v1/documents"), ("get", "/v1/rules/candidates"),
                         ("post", "/v1/rules/candidates/accept"), ("delete", "/v1/documents/x")):
        r = getattr(client, method)(path, headers={"Authorization": ""})
        assert r.status_code == 401, (path, r.status_code)


def test_a_change_made_by_another_process_is_followed(served):
    from assistant.rules.local import ingest_document
    from assistant.rules.review import ReviewQueue

    client, holder, corpus = served
    result = ingest_document(corpus, PLAN, "南京市鼓楼区", doc_id="gulou-plan")  # as `advisor ingest` would
    count = next(c.id for c in result.candidates if c.rule.topic == "selection.count")
    ReviewQueue(corpus).accept([count], by="王老师")
    holder._checked = 0.0  # the next request looks at the disk (otherwise within two seconds)
    checked = client.post("/v1/rules/check", json={"region": "鼓楼区", "abilities": ["A1", "A3", "B2"]}).json()
    assert count in {v["rule_id"] for v in checked["violations"]}
    _wait_ready(holder)
    assert "gulou-plan" in {d.id for d in holder.advisor.corpus.documents}
