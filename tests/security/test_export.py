"""Script and formula injection through exported drafts (.docx and Markdown) built from a teacher's input."""

from __future__ import annotations

import re
import zipfile

import pytest

export = pytest.importorskip("assistant.drafting.export", reason="the drafting export is not there yet")

pytestmark = pytest.mark.security

TOPICS = ['<script>alert(1)</script>浮力', '=HYPERLINK("http://x","点我")浮力', "[点我](javascript:alert(1))",
          "<img src=x onerror=alert(1)>", "+1+cmd|' /C calc'!A0"]
TOOLS = ["=cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "+1", "\t=1+1"]


@pytest.fixture(scope="module")
def drafter():
    from assistant.drafting.drafter import Drafter
    from assistant.rules import RuleEngine
    from assistant.settings import ROOT

    return Drafter.load(ROOT / "corpus", RuleEngine.load(ROOT / "corpus"))


def _draft(drafter, topic: str):
    return drafter.design(["A1", "B2"], "物理", "初中二年级", topic, environment="混合", region="北京", tools=TOOLS)


@pytest.mark.parametrize("value,safe", [("=1+1", "'=1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("+1", "'+1"),
                                        ("-1", "'-1"), ("\t=1", "'\t=1"), ("a\x00b", "ab"), ("浮力", "浮力")])
def test_cells_cannot_start_a_formula(value, safe):
    assert export.safe_cell(value) == safe


@pytest.mark.parametrize("topic", TOPICS)
def test_docx_escapes_markup_and_defuses_formulas(drafter, tmp_path, topic):
    path = export.to_docx(_draft(drafter, topic), tmp_path / "draft.docx")
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<script" not in xml and "<img" not in xml  # only as escaped text
    cells = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c))
             for c in re.findall(r"<w:tc>.*?</w:tc>", xml, re.S)]
    assert cells and not [c for c in cells if c[:1] in "=+-@\t"]


def test_docx_export_survives_control_characters(drafter, tmp_path):
    path = export.to_docx(_draft(drafter, "浮力\x1b\x0b"), tmp_path / "draft.docx")
    with zipfile.ZipFile(path) as z:
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", z.read("word/document.xml").decode("utf-8"))


def test_markdown_tables_defuse_formulas(drafter):
    md = export.to_markdown(_draft(drafter, "浮力"))
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    cells = [c.strip() for row in rows for c in row.strip("|").split(" | ")]
    assert rows and not [c for c in cells if c[:1] in "=+-@"]


@pytest.mark.parametrize("topic", [TOPICS[0], TOPICS[2], TOPICS[3]])
def test_markdown_carries_no_live_markup(drafter, topic):
    md = export.to_markdown(_draft(drafter, topic))
    assert not re.search(r"<script|<img|javascript:", md, re.I), md[:200]
