"""Review of a teacher's own draft: what is missing, what is empty, which figures contradict the rules."""

import docx
import pytest

from assistant.drafting import Drafter, to_docx
from assistant.drafting.review import split_sections
from assistant.rules import RuleEngine
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def drafter():
    return Drafter.load(CORPUS, RuleEngine.load(CORPUS))


GOOD = """# 《浮力》设计方案（A1 技术支持的学情分析、B1 技术支持的测验与练习）
## 学情分析
学生学过压强，易认为重的物体一定下沉。
## 教学目标
能用称重法测浮力。
## 学情分析方案
分析目的：找出误区。分析内容：浮沉条件。方法与工具：用问卷星前测。
## 学情分析报告
共45人作答，三类误区。
## 测验与练习设计方案
用学习平台推送分层练习。
## 测练应用案例描述
讲评后第二课时复测。
## 教学过程
| 环节 | 教师活动 | 学生活动 | 技术应用 | 设计意图 |
|---|---|---|---|---|
| 导入 | 演示 | 观察 | 希沃白板 | 激趣 |
"""


@pytest.mark.parametrize("text,points,region,complete,verdict,kinds", [
    (GOOD, ["A1", "B1"], "北京", True, "VALID", []),
    (GOOD.replace("方法与工具：用问卷星前测。", ""), ["A1", "B1"], "北京", False, "VALID", ["item"]),
    (GOOD.split("## 教学过程")[0], ["A1", "B1"], "北京", False, "VALID", ["table"]),
    (GOOD.replace("## 学情分析报告\n共45人作答，三类误区。\n", ""), ["A1", "B1"], "北京", False, "VALID", ["section"]),
    (GOOD.replace("共45人作答，三类误区。", "（  ）"), ["A1", "B1"], "北京", False, "VALID", ["empty"]),
    (GOOD, ["A1", "B1", "B2"], "北京", False, "VALID", ["section", "section", "point"]),
    (GOOD + "\n北京要求80学时。\n", ["A1", "B1"], "北京", True, "INVALID", ["figure"]),
    (GOOD, ["A1"], "北京", True, "INVALID", ["region"]),
    (GOOD, ["A1"], "瓦房店", True, "VALID", []),
])
def test_review_findings(drafter, text, points, region, complete, verdict, kinds):
    review = drafter.review(text, points, region=region, kind="design")
    assert review.complete is complete
    assert review.verdict.value == verdict
    assert sorted(f.kind for f in review.findings) == sorted(kinds)
    assert all(f.message for f in review.findings)


def test_lesson_periods_are_not_training_hours(drafter):
    review = drafter.review(GOOD + "\n本课共2课时。\n", ["A1", "B1"], region="北京")
    assert review.verdict.value == "VALID" and review.violations == []


def test_figure_violation_keeps_the_rules_words(drafter):
    review = drafter.review(GOOD + "\n北京要求80学时。\n", ["A1", "B1"], region="北京")
    v = review.violations[0]
    assert v.rule_id == "beijing.hours.total" and v.doc_id == "beijing-2.0-guidance" and "80学时" in v.message


REFLECTION = "教学反思\n实践过程：用问卷星做了A1前测。\n效果证据：误区人数减少。\n问题与不足：\n改进方向：改为纸笔前测。"


def test_reflection_review_detects_inline_labels_and_empty_parts(drafter):
    review = drafter.review(REFLECTION, ["A1"])
    assert [f.message for f in review.findings] == ["“问题与不足”一节没有内容"]
    assert review.points_mentioned == ["A1"] and not review.has_table


@pytest.mark.parametrize("kind", ["design", "reflection"])
def test_our_own_drafts_pass_review_in_every_format(drafter, tmp_path, kind):
    draft = getattr(drafter, kind)(["A1", "C4"], "语文", "小学五年级", "观潮", environment="智慧", region="北京")
    md = tmp_path / "草稿.md"
    md.write_text(draft.to_markdown(), encoding="utf-8")
    txt = tmp_path / "草稿.txt"
    txt.write_bytes(draft.to_markdown().encode("gb18030"))
    for source in (draft.to_markdown(), md, str(md), txt, to_docx(draft, tmp_path / "草稿.docx")):
        review = drafter.review(source, ["A1", "C4"], region="北京")
        assert review.complete and review.verdict.value == "VALID", (source, review.findings)


def test_docx_headings_and_tables_are_read(drafter, tmp_path):
    doc = docx.Document()
    doc.add_heading("学情分析方案", level=1)
    doc.add_paragraph("分析目的：找误区。分析内容：浮沉。方法与工具：问卷星。提到 A1。")
    table = doc.add_table(rows=2, cols=5)
    for cell, text in zip(table.rows[0].cells, ["环节", "教师活动", "学生活动", "技术应用", "设计意图"]):
        cell.text = text
    path = tmp_path / "a.docx"
    doc.save(str(path))
    review = drafter.review(path, ["A1"])
    assert review.has_table and "学情分析方案" in review.sections_found
    assert not any(f.kind == "item" for f in review.findings)
    assert drafter.review(path.read_bytes(), ["A1"], filename="a.docx").has_table


@pytest.mark.parametrize("source,message", [
    ("", "草稿内容为空"),
    ("   \n ", "草稿内容为空"),
    ("字" * 60001, "草稿过长"),
    ("missing.docx", "找不到文件"),
])
def test_bad_review_input(drafter, source, message):
    with pytest.raises(ValueError, match=message):
        drafter.review(source, ["A1"])


def test_malformed_docx_and_unknown_points(drafter, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(ValueError, match="无法读取 .docx"):
        drafter.review(bad, ["A1"])
    with pytest.raises(ValueError, match="无法读取 .docx"):
        drafter.review(b"PK\x03\x04broken", ["A1"], filename="x.docx")
    with pytest.raises(ValueError, match="Z9"):
        drafter.review(GOOD, ["Z9"])
    with pytest.raises(ValueError, match="草稿类型"):
        drafter.review(GOOD, ["A1"], kind="lesson")


@pytest.mark.parametrize("text,headings", [
    ("# 一\n正文\n## 二\n", ["一", "二"]),
    ("一、教学目标\n理解\n（二）学情分析\n基础", ["教学目标", "学情分析"]),
    ("教学目标：\n理解浮力", ["教学目标"]),
])
def test_split_sections(text, headings):
    assert [p.heading for p in split_sections(text) if p.heading] == headings
