"""The drafting dataset is broad and well-formed; the offline run is 100% complete and as expected."""

from collections import Counter

import pytest

from assistant.drafting import Drafter
from assistant.rules import RuleEngine
from evals.drafts import DEFAULT_DATASET, format_table, load_dataset, run_drafts
from tests.conftest import CORPUS

ROWS = load_dataset(DEFAULT_DATASET)


def test_dataset_is_large_and_varied():
    assert len(ROWS) >= 30
    kinds = Counter(r["kind"] for r in ROWS)
    assert kinds["design"] >= 15 and kinds["reflection"] >= 5 and kinds["school_plan"] >= 5
    drafts = [r for r in ROWS if r["kind"] != "school_plan"]
    assert len({c for r in drafts for c in r["abilities"]}) >= 25
    assert len({r["subject"] for r in drafts}) >= 10
    assert {r["grade"][:2] for r in drafts} >= {"小学", "初中", "高中"}
    assert {r.get("environment") for r in drafts} >= {"多媒体", "混合", "智慧"}
    regions = {r.get("region") for r in ROWS}
    assert {"北京", "瓦房店", "上海", "广东", None} <= regions
    beijing_one = [r for r in drafts if r.get("region") == "北京" and len(r["abilities"]) == 1]
    assert beijing_one and all(r["expect"]["verdict"] == "INVALID" for r in beijing_one)
    assert any(r.get("region") == "瓦房店" and "一节信息技术融合教学学习指导案" in r["expect"].get("sections", [])
               for r in drafts)
    assert Counter(r["expect"]["verdict"] for r in ROWS)["INVALID"] >= 4


@pytest.mark.parametrize("line,message", [
    ("not json", "不是合法 JSON"),
    ('{"id": "x", "kind": "design", "expect": {"verdict": "VALID"}}', "缺少字段"),
    ('{"id": "x", "kind": "poem", "expect": {"verdict": "VALID"}}', "未知的 kind"),
    ('{"id": "x", "kind": "school_plan", "expect": {"verdict": "OK"}}', "expect 须有 verdict"),
    ('{"id": "x", "kind": "school_plan", "expect": {"verdict": "VALID", "colour": 1}}', "未知键"),
])
def test_malformed_rows_name_the_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_dataset(path)


def test_duplicate_ids_are_refused(tmp_path):
    row = '{"id": "x", "kind": "school_plan", "expect": {"verdict": "VALID"}}'
    path = tmp_path / "dup.jsonl"
    path.write_text(row + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="重复的 id"):
        load_dataset(path)


def test_offline_run_is_complete_and_meets_every_expectation():
    report = run_drafts(Drafter.load(CORPUS, RuleEngine.load(CORPUS)), DEFAULT_DATASET)
    assert report["cases"] == len(ROWS)
    assert report["completeness"] == 1.0, report["failures"]
    assert report["rule_checks"] == 1.0, report["failures"]
    assert report["failures"] == []
    assert 0 < report["latency_ms"]["p50"] <= report["latency_ms"]["p95"] <= report["latency_ms"]["max"]
    table = format_table(report)
    assert "完整率 1.000" in table and "规则核验通过率 1.000" in table and "p95" in table


def test_a_wrong_expectation_is_reported(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "w", "kind": "design", "abilities": ["A1"], "subject": "物理", "grade": "初二", '
                    '"topic": "浮力", "region": "北京", "expect": {"verdict": "VALID", "sections": ["不存在"]}}\n',
                    encoding="utf-8")
    report = run_drafts(Drafter.load(CORPUS, RuleEngine.load(CORPUS)), path)
    assert report["rule_checks"] == 0.0 and report["completeness"] == 1.0
    problems = report["failures"][0]["problems"]
    assert any("结论 INVALID" in p for p in problems) and any("缺少小节 不存在" in p for p in problems)
    assert "未通过 w" in format_table(report)
