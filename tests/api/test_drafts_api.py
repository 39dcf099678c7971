"""POST /v1/draft/{design,reflection,school-plan,review}: drafts, inline .docx, reviews, problem details."""

import base64
import io
from types import SimpleNamespace

import docx
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import AdvisorHolder, create_app
from assistant.api.drafts import router
from assistant.api.routes import get_advisor
from assistant.llm.fake import FakeChatModel


@pytest.fixture(scope="module")
def client(fake_advisor):
    app = create_app(AdvisorHolder(advisor=fake_advisor), with_ui=False)
    app.include_router(router)
    with TestClient(app) as c:
        yield c


DESIGN = {"abilities": ["A1", "B2"], "subject": "物理", "grade": "初中二年级", "topic": "浮力", "region": "北京"}


def test_design_json(client, fake_advisor):
    r = client.post("/v1/draft/design", json=DESIGN)
    assert r.status_code == 200
    body = r.json()
    draft = body["draft"]
    assert draft["kind"] == "design" and draft["verdict"] == "VALID"
    assert draft["completeness"]["complete"] is True
    assert draft["process"]["header"] == ["环节", "教师活动", "学生活动", "技术应用", "设计意图"]
    assert set(body) == {"draft"}
    assert getattr(fake_advisor, "_drafter", None) is not None


def test_drafter_is_cached_on_the_advisor(client, fake_advisor):
    client.post("/v1/draft/design", json=DESIGN)
    first = fake_advisor._drafter
    client.post("/v1/draft/reflection", json=DESIGN)
    assert fake_advisor._drafter is first


def test_beijing_one_point_is_invalid_with_quote(client):
    r = client.post("/v1/draft/design", json=DESIGN | {"abilities": ["A1"]})
    draft = r.json()["draft"]
    assert draft["verdict"] == "INVALID"
    assert draft["violations"][0]["rule_id"] == "beijing.design.min_points"
    assert draft["violations"][0]["quote"] == "形成一份信息技术教育教学应用设计方案（至少涵盖2个微能力点）"


def test_reflection_markdown(client):
    r = client.post("/v1/draft/reflection", json=DESIGN | {"format": "md"})
    body = r.json()
    assert body["draft"]["kind"] == "reflection"
    assert body["markdown"].startswith("# 《浮力》教学反思") and "## 改进方向" in body["markdown"]


def test_design_docx_inline(client):
    r = client.post("/v1/draft/design", json=DESIGN | {"format": "docx", "region": "瓦房店",
                                                        "abilities": ["A1", "B1", "C4"], "environment": "智慧"})
    file = r.json()["docx"]
    assert file["filename"].endswith(".docx") and file["media_type"].endswith("wordprocessingml.document")
    doc = docx.Document(io.BytesIO(base64.b64decode(file["content_base64"])))
    assert [c.text for c in doc.tables[-1].rows[0].cells] == ["环节", "教师活动", "学生活动", "技术应用", "设计意图"]
    assert any(p.text == "一节信息技术融合教学学习指导案" for p in doc.paragraphs)


def test_school_plan(client):
    r = client.post("/v1/draft/school-plan", json={"region": "上海", "kind": "考核"})
    draft = r.json()["draft"]
    assert draft["kind"] == "school_plan" and draft["notes"][0].startswith("语料中没有上海")
    assert all(c["doc_id"] == "moe-2.0-whole-school-guide" for c in draft["citations"])


def test_review_text_and_file(client):
    r = client.post("/v1/draft/review", json={"text": "## 教学目标\n理解浮力。\n北京要求80学时。",
                                              "abilities": ["A1"], "region": "北京"})
    body = r.json()
    assert r.status_code == 200 and body["complete"] is False and body["verdict"] == "INVALID"
    assert any("学情分析方案" in m for m in body["missing"])
    assert {v["rule_id"] for v in body["violations"]} >= {"beijing.hours.total", "beijing.design.min_points"}

    doc = docx.Document()
    doc.add_heading("学情分析方案", level=1)
    doc.add_paragraph("A1：分析目的、分析内容、方法与工具。")
    buf = io.BytesIO()
    doc.save(buf)
    payload = {"file_base64": base64.b64encode(buf.getvalue()).decode(), "filename": "方案.docx",
               "abilities": ["A1"]}
    body = client.post("/v1/draft/review", json=payload).json()
    assert "学情分析方案" in body["sections_found"] and body["points_mentioned"] == ["A1"]


BAD = [
    ("/v1/draft/design", DESIGN | {"abilities": ["Z9"]}, "Z9"),
    ("/v1/draft/design", DESIGN | {"abilities": ["A1", "A2", "A3", "A4", "A5", "A6"]}, "能力点最多 5 项"),
    ("/v1/draft/design", DESIGN | {"subject": " "}, "学科不能为空"),
    ("/v1/draft/reflection", DESIGN | {"topic": ""}, "课题不能为空"),
    ("/v1/draft/design", DESIGN | {"format": "pdf"}, "请求参数不符合要求"),
    ("/v1/draft/school-plan", {"region": "北京", "kind": "月报"}, "无法识别的方案类型"),
    ("/v1/draft/review", {"text": "  ", "abilities": ["A1"]}, "文字不能为空"),
    ("/v1/draft/review", {"abilities": ["A1"]}, "须且只能给出一项"),
    ("/v1/draft/review", {"file_base64": "!!!", "filename": "a.docx", "abilities": ["A1"]}, "base64"),
    ("/v1/draft/review", {"file_base64": base64.b64encode(b"nope").decode(), "filename": "a.docx",
                          "abilities": ["A1"]}, "无法读取 .docx"),
    ("/v1/draft/review", {"file_base64": "QQ==", "abilities": ["A1"]}, "filename"),
]


@pytest.mark.parametrize("url,payload,detail", BAD)
def test_bad_requests_are_problem_details(client, url, payload, detail):
    r = client.post(url, json=payload)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert detail in r.json()["detail"]


def test_with_a_chat_model_text_passes_the_guard(fake_advisor):
    model = FakeChatModel(default="学生基础：已学压强。北京要求80学时。")
    advisor = SimpleNamespace(settings=fake_advisor.settings, rules=fake_advisor.rules, chat_model=model)
    app = create_app(AdvisorHolder(advisor=fake_advisor), with_ui=False)
    app.include_router(router)
    app.dependency_overrides[get_advisor] = lambda: advisor
    with TestClient(app) as c:
        draft = c.post("/v1/draft/design", json=DESIGN).json()["draft"]
    learners = next(s for s in draft["sections"] if s["key"] == "learners")
    assert "北京要求50学时" in learners["body"] and draft["model"] == "fake"
    assert draft["corrections"][0]["rule_id"] == "beijing.hours.total"
    assert advisor._drafter.chat_model is model


def test_503_while_loading():
    app = create_app(AdvisorHolder(), with_ui=False)
    app.include_router(router)
    with TestClient(app) as c:
        assert c.post("/v1/draft/design", json=DESIGN).status_code == 503
