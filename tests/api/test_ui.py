"""The Gradio UI mounted in the same app: it serves, and its renderers show what the advisor returns."""

from fastapi.testclient import TestClient

from assistant.api.app import AdvisorHolder, create_app
from assistant.ui.blocks import render_answer, render_recommendation, render_results


def test_the_ui_is_served_at_the_root_beside_the_api(fake_advisor):
    app = create_app(AdvisorHolder(advisor=fake_advisor))
    with TestClient(app) as c:
        page = c.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.post("/v1/search", json={"query": "学时"}).status_code == 200


def test_answer_rendering_has_badge_and_expandable_quotes(fake_advisor):
    md = render_answer(fake_advisor.ask("北京线上要学多少学时？"))
    assert "已核验" in md and "<details>" in md and "其中线上学习25学时" in md


def test_refusal_rendering_is_marked(fake_advisor):
    assert "无依据" in render_answer(fake_advisor.ask("设计方案至少要写多少字"))


def test_search_and_recommendation_rendering(fake_advisor):
    md = render_results(fake_advisor.search("一划两案", region="瓦房店", k=2))
    assert "[1]" in md and "瓦房店" in md
    rec = fake_advisor.recommend("我做的PPT字太多，学生看不清", region="北京", environment="多媒体").to_json()
    md = render_recommendation(rec)
    assert md.count("### ") == 3 and "需提交" in md
