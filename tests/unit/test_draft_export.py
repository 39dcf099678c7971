"""Markdown and .docx export: real headings, a real table, the East-Asian font, neutralised formula cells."""

import docx
import pytest
from docx.oxml.ns import qn

from assistant.drafting import Drafter, to_docx, to_markdown
from assistant.drafting.export import BODY_FONT, HEADING_FONT, docx_bytes, safe_cell
from assistant.drafting.model import PROCESS_HEADER, ProcessRow
from assistant.rules import RuleEngine
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def drafter():
    return Drafter.load(CORPUS, RuleEngine.load(CORPUS))


@pytest.fixture(scope="module")
def draft(drafter):
    return drafter.design(["A1", "B2"], "物理", "初中二年级", "浮力", environment="混合", region="北京")


@pytest.mark.parametrize("text,safe", [
    ("=1+1", "'=1+1"), ("+86 123", "'+86 123"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=cmd", "'\t=cmd"), ("课前诊断", "课前诊断"), ("1=1", "1=1"), ("a\x00b\x1fc", "abc"), ("", ""),
])
def test_safe_cell(text, safe):
    assert safe_cell(text) == safe


def test_markdown_has_headings_table_indicators_and_sources(draft):
    md = to_markdown(draft)
    assert md.startswith("# 《浮力》信息技术应用设计方案（A1、B2）")
    assert "## 基本信息" in md and "### A1 技术支持的学情分析" in md and "#### 学情分析方案" in md
    assert "| " + " | ".join(PROCESS_HEADER) + " |" in md
    assert "**对应评价指标（项目默认措辞）**" in md and "> 要求来源：规范" in md
    assert "### 引用" in md and "\n[1] 《北京市中小学教师信息技术应用能力提升工程2.0推进指导方案》" in md
    assert md == draft.to_markdown()


def test_markdown_cells_escape_pipes_and_formulas(draft):
    row = ProcessRow(stage="=HYPERLINK(\"x\")", teacher="a|b", student="第一行\n第二行", technology="@x",
                     intent="-1")
    md = to_markdown(draft.model_copy(update={"process": [row]}))
    assert "| '=HYPERLINK(\"x\") | a\\|b | 第一行<br>第二行 | '@x | '-1 |" in md


def test_docx_round_trip(draft, tmp_path):
    row = ProcessRow(stage="练习", teacher="=1+1", student="+SUM(A1:A2)", technology="-2", intent="@cmd")
    path = to_docx(draft.model_copy(update={"process": [*draft.process, row]}), tmp_path / "方案.docx")
    doc = docx.Document(str(path))

    page = doc.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)  # A4, not US Letter
    assert round(page.left_margin.mm) == 28 and round(page.top_margin.mm) == 37

    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert heads[0] == ("Title", draft.title)
    assert ("Heading 1", "基本信息") in heads and ("Heading 1", "教学过程") in heads
    assert ("Heading 2", "A1 技术支持的学情分析") in heads and ("Heading 3", "学情分析方案") in heads

    assert len(doc.tables) == 2  # the fields a teacher fills in, then the process table
    fields = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert fields[:4] == ["学校", "　" * 8, "教师", "　" * 8] and "学科" in fields and "日期" in fields
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == list(PROCESS_HEADER)
    assert len(table.rows) == len(draft.process) + 2
    first = draft.process[0]
    assert [c.text for c in table.rows[1].cells] == first.cells()
    assert [c.text for c in table.rows[-1].cells] == ["练习", "'=1+1", "'+SUM(A1:A2)", "'-2", "'@cmd"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    for name, font in (("Normal", BODY_FONT), ("Heading 1", HEADING_FONT), ("Title", HEADING_FONT)):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == font
        assert rfonts.get(qn("w:eastAsiaTheme")) is None
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "分析目的：在《浮力》教学前" in text and "规则核验：符合规定" in text


def test_docx_of_every_kind_and_bytes(drafter, tmp_path):
    for draft in (drafter.reflection(["A5"], "英语", "高一", "Sports"), drafter.school_plan("瓦房店", "both")):
        path = to_docx(draft, tmp_path / f"{draft.kind}.docx")
        doc = docx.Document(str(path))
        assert doc.paragraphs[0].text == draft.title
        assert len(doc.tables) == 1 and doc.tables[0].rows[0].cells[0].text == "学校"  # only the fields to fill
    data = docx_bytes(drafter.school_plan("北京", "考核"))
    assert data[:2] == b"PK"


def test_docx_path_must_end_in_docx(draft, tmp_path):
    with pytest.raises(ValueError, match=".docx"):
        to_docx(draft, tmp_path / "方案.doc")
