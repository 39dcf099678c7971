"""Walk every teacher-facing output of the UI and the Word/Markdown exports: no English verdict and no internal
id (document ids, rule ids, case ids) may appear in what a teacher reads; colours meet WCAG AA contrast."""

from __future__ import annotations

import html
import re

import docx
import pytest

from assistant.api.app import AdvisorHolder
from assistant.store import MemoryStore
from assistant.ui import ask as ask_ui

ENGLISH_VERDICTS = re.compile(r"\b(VALID|INVALID|NEEDS_INFO|supported|unsupported|contradicted|grounded|refused|"
                              r"partial|corrected|requirement|default)\b")
QUESTIONS = ["北京线上要学多少学时？", "瓦房店每个老师要选几个微能力点？", "A15是什么能力点？", "帮我写一篇完整的教案",
             "多媒体教室能选B类吗？", "广东当年那个提升工程要学多少学时？", "上海的老师要选几个点？"]


@pytest.fixture
def holder(fake_advisor, monkeypatch):
    monkeypatch.setattr(ask_ui, "STREAM_DELAY", 0)
    return AdvisorHolder(advisor=fake_advisor, rules=fake_advisor.rules, store=MemoryStore())


@pytest.fixture
def internal_ids(fake_advisor) -> re.Pattern:
    engine = fake_advisor.rules
    ids = {d.id for d in engine.documents} | {r.id for r in engine.all_rules}
    ids |= {f"case-{i:03d}" for i in range(1, 200)}
    return re.compile("|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)))


def visible(markup: str) -> str:
    """What a reader sees: tags and their attributes (class names, data-*) removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def check(text: str, internal_ids: re.Pattern, where: str) -> None:
    seen = visible(text)
    assert not ENGLISH_VERDICTS.search(seen), f"{where}: English verdict in {seen[:300]!r}"
    found = internal_ids.search(seen)
    assert found is None, f"{where}: internal id {found.group() if found else ''} in {seen[:300]!r}"


@pytest.mark.parametrize("question", QUESTIONS)
def test_answers_in_the_ui(holder, internal_ids, question):
    chat = list(ask_ui.ask_stream(holder, question, "（不限地区）", [], None))[-1][0]
    check(chat[-1]["content"], internal_ids, f"问答：{question}")


def test_recommendations_rules_search_and_drafts(holder, internal_ids, tmp_path):
    from assistant.ui.drafting import DrafterCache, make_draft
    from assistant.ui.recommend import recommend
    from assistant.ui.rules import check_hours, check_selection, show_rules
    from assistant.ui.search import search
    from assistant.ui.trainer import review_draft_view, school_plan_view

    cards, chart, _, _ = recommend(holder, "我是北京的初二数学老师，学生作业交上来我不知道怎么看出问题", "（不限地区）",
                                   "（未说明）", "", "")
    check(cards + chart, internal_ids, "推荐")
    for region in ("北京", "瓦房店", "上海"):
        check(show_rules(holder, region), internal_ids, f"规则：{region}")
        check(check_selection(holder, region, "A1, B2, A15", "多媒体"), internal_ids, f"选点核验：{region}")
        check(check_hours(holder, region, "线上20学时，线下30学时"), internal_ids, f"学时核验：{region}")
    check(search(holder, "校本应用考核流程", "北京", 3), internal_ids, "检索")
    cache = DrafterCache()
    for kind in ("设计方案", "教学反思"):
        status, outline, files = make_draft(holder, cache, kind, ["A1", "B2"], "物理", "初中二年级", "浮力",
                                            "（未说明）", "北京", "")
        check(status + outline, internal_ids, f"草稿：{kind}")
        word = next(f for f in files if f.endswith(".docx"))
        document = docx.Document(word)
        text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            c.text for t in document.tables for row in t.rows for c in row.cells)
        check(text, internal_ids, f"Word：{kind}")
        check(open(next(f for f in files if f.endswith(".md")), encoding="utf-8").read(), internal_ids,
              f"Markdown：{kind}")
    status, preview, _ = school_plan_view(holder, cache, "瓦房店", "两者")
    check(status + preview["value"], internal_ids, "学校方案")
    draft = tmp_path / "草稿.md"
    draft.write_text("# 设计方案\n\n## 教学目标\n理解浮力。\n", encoding="utf-8")
    check(review_draft_view(holder, cache, str(draft), ["A1"], "北京"), internal_ids, "草稿审阅")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("verdict", sorted(ask_ui.BADGE_COLOURS))
def test_badges_meet_wcag_aa_contrast(verdict):
    background, colour = ask_ui.BADGE_COLOURS[verdict]
    lighter, darker = sorted((_luminance(background), _luminance(colour)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5
