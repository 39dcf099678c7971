"""The RuleEngine facade: its public shapes, precedence, input errors, and checks as pure functions over data."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.rules import CheckResult, RuleEngine, TextReport
from assistant.rules.catalogue import Catalogue
from assistant.rules.hours import PLAN_KEYS, check_hours, derive, normalize_plan
from assistant.rules.rule import Rule
from assistant.rules.selection import check_selection
from assistant.types import Verdict

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.load(CORPUS)


def test_public_api_is_declared():
    import assistant.rules as rules

    for name in ("RuleEngine", "CheckResult", "TextReport", "Region", "Jurisdiction", "resolve_region",
                 "governing_documents"):
        assert name in rules.__all__ and getattr(rules, name).__doc__


def test_check_result_json_shape(engine):
    out = engine.check_selection(["A1", "A2"], "瓦房店", "多媒体").to_json()
    assert set(out) == {"verdict", "violations", "applied_rules", "notes"}
    assert out["verdict"] == "INVALID"
    assert set(out["violations"][0]) == {"rule_id", "message", "doc_id", "quote"}
    assert out["violations"][0]["doc_id"] == "wafangdian-2.0-plan"
    assert out["violations"][0]["quote"] == "选择适合自身条件的3个微能力参加应用能力提升培训"


def test_text_report_json_shape(engine):
    report = engine.check_text("北京要求80学时", "北京")
    assert isinstance(report, TextReport)
    out = report.to_json()
    assert set(out) == {"verdict", "claims", "violations", "applied_rules", "notes"}
    claim = out["claims"][0]
    assert {"text", "kind", "value", "unit", "status", "rule_id", "quote"} <= set(claim)
    assert claim["quote"] in (CORPUS / "policies" / "001_2758a94646386727.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("call", [
    lambda e: e.check_selection([], "北京"),
    lambda e: e.check_selection(["  "], "北京"),
    lambda e: e.check_text("", "北京"),
    lambda e: e.check_text("   ", "北京"),
    lambda e: e.check_hours({}, "北京"),
    lambda e: e.check_hours({"睡觉": 5}, "北京"),
    lambda e: e.check_hours({"线上": "很多"}, "北京"),
    lambda e: e.check_hours({"线上": -3}, "北京"),
    lambda e: e.check_hours({"线上": 25, "online": 25}, "北京"),
    lambda e: e.check_selection(["A1"], "北京", environment="VR教室"),
    lambda e: e.check_selection(["A1"], "北京", program="3.0"),
], ids=["empty-selection", "blank-selection", "empty-text", "blank-text", "empty-plan", "unknown-key", "bad-value",
        "negative", "duplicate-key", "bad-environment", "bad-program"])
def test_bad_input_is_a_chinese_value_error(engine, call):
    with pytest.raises(ValueError) as err:
        call(engine)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


@pytest.mark.parametrize("region", ["火星", "ＸＹＺ", "", None, "123"])
def test_unknown_region_never_raises(engine, region):
    result = engine.check_selection(["A1", "A2", "A11"], region, "多媒体")
    assert result.verdict == Verdict.VALID
    assert engine.jurisdiction(region, "2.0").doc_ids == ["moe-2.0-whole-school-guide"]


def test_facts_are_local_first_with_quotes(engine):
    facts = engine.facts("瓦房店", topic="hours")
    ids = [r.id for r in facts]
    assert ids[0].startswith("wafangdian.")
    assert ids.index("wafangdian.hours.total") < ids.index("external.hours.total")
    assert all(r.topic.startswith("hours") for r in facts)
    assert all(r.quote or r.reference or r.is_default for r in facts)


def test_facts_never_mix_programmes(engine):
    assert not [r for r in engine.rules("广东", "2.0") if r.program == "1.0"]
    assert not [r for r in engine.rules("广东", "1.0") if r.program == "2.0"]
    assert {r.id for r in engine.facts("广东", "1.0", "hours")} == {
        "guangdong.hours.total", "guangdong.hours.online_professional", "guangdong.hours.online_school"}


def test_defaults_only_fill_topics_no_document_covers(engine):
    beijing = {r.id for r in engine.facts("北京", topic="selection")}
    assert "beijing.selection.min_points" in beijing and "defaults.selection.count" not in beijing
    shanghai = {r.id for r in engine.facts("上海", topic="selection")}
    assert "defaults.selection.count" in shanghai


@pytest.mark.parametrize("query,code", [
    ("A1", "A1"), ("a1", "A1"), ("Ａ１", "A1"), ("技术支持的学情分析", "A1"), ("技术支持下的学情分析", "A1"),
    ("学生信息安全培养", "A10"), ("学生信息安全意识培养", "A10"), ("B10", "B10"), ("C7", "C7"),
    ("A99", None), ("D3", None), ("T11", None), ("", None), ("随便", None),
])
def test_ability_lookup(engine, query, code):
    found = engine.ability(query)
    assert (found.code if found else None) == code


def test_rules_have_json(engine):
    rule = engine.rule("beijing.selection.min_points")
    assert rule.to_json()["source"]["doc_id"] == "beijing-2.0-guidance"
    assert engine.rule("nope") is None


# Checks are pure functions over data: the same code judges whatever rules it is given.
def _rule(rule_id: str, topic: str, params: dict, kind: str = "requirement") -> Rule:
    message = ("项目默认：" if kind == "default" else "") + f"测试规则 {rule_id}"
    return Rule(id=rule_id, region="全国", program="2.0", binds="teacher", kind=kind, topic=topic, params=params,
                message=message, source=None, reference=None if kind == "default" else "测试")


@pytest.fixture(scope="module")
def catalogue(engine) -> Catalogue:
    return engine.catalogue


@pytest.mark.parametrize("params,items,verdict", [
    ({"exact": 2}, ["A1", "A2"], "VALID"),
    ({"exact": 2}, ["A1", "A2", "A3"], "INVALID"),
    ({"min": 4}, ["A1", "A2", "A3"], "INVALID"),
    ({"max": 1}, ["A1"], "VALID"),
    ({"value": 3, "op": ">=", "unit": "个"}, ["A1", "A2", "A3"], "VALID"),
])
def test_selection_count_is_driven_by_the_rule_data(catalogue, params, items, verdict):
    result = check_selection(items, [_rule("test.count", "selection.count", params)], catalogue)
    assert isinstance(result, CheckResult) and result.verdict.value == verdict


@pytest.mark.parametrize("params,plan,verdict", [
    ({"value": 40, "unit": "学时", "op": ">="}, {"线上": 20, "线下": 20}, "VALID"),
    ({"value": 60, "unit": "学时", "op": ">="}, {"线上": 20, "线下": 20}, "INVALID"),
    ({"value": 30, "unit": "学时", "op": "<="}, {"线上": 20, "线下": 20}, "INVALID"),
])
def test_hours_limits_are_driven_by_the_rule_data(params, plan, verdict):
    assert check_hours(plan, [_rule("test.total", "hours.total", params)]).verdict.value == verdict


@pytest.mark.parametrize("plan,field,value", [
    ({"专题课程": 20, "应用案例": 5}, "online", 25),
    ({"course_study": 15, "course_test": 5, "cases": 5}, "online", 25),
    ({"校本研修": 20, "校本应用考核": 5}, "offline", 25),
    ({"线上": 25, "线下": 25}, "total", 50),
    ({"网络研修": 25, "校本实践": 25}, "total", 50),
    ({"专业研修": 56, "网络校本研修": 24}, "total", 80),
    ({"online": 25, "offline": 25}, "practice_ratio", 0.5),
])
def test_plan_sums_are_derived(plan, field, value):
    values, _ = derive(normalize_plan(plan), practice_from_offline=True)
    assert values[field] == pytest.approx(value)


def test_every_plan_key_alias_is_accepted():
    for field, aliases in PLAN_KEYS.items():
        for alias in aliases:
            assert field in normalize_plan({alias: 0.5 if "ratio" in field else 10})
