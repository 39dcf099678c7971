"""The HTML report: self-contained, escaped, failures first; files written per run and as latest."""

import json
import re

from evals.report import bar_chart, render_html, write_reports

EVIL = '<script>alert("x")</script>'


def _report():
    qa_item = {"id": "q1", "kind": "fact", "question": EVIL, "answer": "答&案", "key_facts": ["25学时"],
               "found": [], "crag": -1, "violations_left": []}
    ok_item = dict(qa_item, id="q0", question="好", crag=1, found=["25学时"])
    return {
        "created": "2026-11-23T10:00:00+08:00",
        "settings": {"embedder": "fake", "vector_index": "memory", "composer": "offline"},
        "metrics": {"a.ratio": {"label": "检索 recall@5", "kind": "ratio", "value": 0.9},
                    "a.count": {"label": "残留违规", "kind": "count", "value": 2},
                    "a.score": {"label": "CRAG", "kind": "score", "value": -0.2},
                    "a.none": {"label": "草稿", "kind": "ratio", "value": None}},
        "thresholds": {"a.ratio": {"min": 0.95}, "a.count": {"max": 0}},
        "gate": ["检索 recall@5：0.9，低于门槛 0.95", EVIL],
        "suites": {"qa": {"items": [ok_item, qa_item]}, "drafts": {"skipped": "evals/drafts.py 尚未提供"}},
        "durations": {"qa": 1.0},
    }


def test_page_is_self_contained_and_escaped():
    page = render_html(_report())
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert not re.search(r'(src|href)=["\']?(https?:)?//', page)
    assert "<svg" in page and "<style>" in page
    assert "门槛未通过" in page and "evals/drafts.py 尚未提供" in page


def test_failures_come_first():
    page = render_html(_report())
    assert page.index("q1") < page.index("q0")
    assert '<tr class="bad"><td>q1' in page


def test_bar_chart_marks_thresholds_and_escapes_labels():
    svg = bar_chart([("<b>", 0.5, 0.9, False), ("好", 1.0, None, True)])
    assert "&lt;b&gt;" in svg and svg.count("<line") == 1 and "#c53030" in svg


def test_write_reports_keeps_every_run_and_a_latest(tmp_path):
    first = write_reports(_report(), tmp_path)
    second = write_reports(_report(), tmp_path)
    assert first[0].parent != second[0].parent and all(p.is_file() for p in first + second)
    assert first[0].parent.name == "20261123T100000"
    latest = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert latest["created"] == "2026-11-23T10:00:00+08:00"
    assert (tmp_path / "latest.html").read_text(encoding="utf-8") == second[1].read_text(encoding="utf-8")
