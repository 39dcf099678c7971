"""The rule data itself: provenance (every quote verbatim), shape, and coverage of the hard-constraint inventory."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
MANIFEST = yaml.safe_load((CORPUS / "policies" / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
DOCS = {d["id"]: d for d in MANIFEST}
TEXTS = {d["id"]: (CORPUS / "policies" / d["file"]).read_text(encoding="utf-8") for d in MANIFEST}
FILES = sorted((CORPUS / "rules").glob("*.yaml"))
RULES = [(path.name, rule) for path in FILES
         for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]]
BY_ID = {rule["id"]: rule for _, rule in RULES}
FIELDS = {"id", "region", "program", "binds", "kind", "topic", "params", "message", "source"}


def test_one_file_per_document_plus_defaults_and_external():
    assert {p.name for p in FILES} == {f"{doc_id}.yaml" for doc_id in DOCS} | {"defaults.yaml", "external.yaml"}


def test_rule_ids_are_unique():
    ids = [rule["id"] for _, rule in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name,rule", RULES, ids=[r["id"] for _, r in RULES])
def test_every_rule_has_the_fields_and_its_provenance(name, rule):
    assert FIELDS <= set(rule), FIELDS - set(rule)
    assert rule["binds"] in ("teacher", "school", "district", "province")
    assert rule["kind"] in ("requirement", "fact", "default")
    assert rule["program"] in ("1.0", "2.0")
    if name == "defaults.yaml":
        assert rule["kind"] == "default" and rule["source"] is None and "项目默认" in rule["message"]
    elif name == "external.yaml":
        assert rule["source"] is None and rule["reference"] and rule["region"] == "全国"
        assert "外部参考" in rule["message"]
    else:
        doc = DOCS[name.removesuffix(".yaml")]
        assert rule["source"]["doc_id"] == doc["id"]
        assert rule["region"] == doc["region"] and rule["program"] == doc["program"]
        assert rule["source"]["quote"] in TEXTS[doc["id"]], "quote is not verbatim"


def test_2019_opinion_facts_cite_it_as_external():
    facts = [r for n, r in RULES if n == "external.yaml" and r["topic"].startswith(("hours.", "schedule.", "scope"))]
    assert facts and all(r["reference"] == "教师〔2019〕1号" for r in facts)


# The inventory (shared/domain/rules_inventory.md): rule id → parameters it must carry.
INVENTORY = [
    ("national.abilities.four", {"items": ["学情分析", "教学设计", "学法指导", "学业评价"]}),
    ("national.hours.practice_ratio", {"value": 50, "unit": "%"}),
    ("national.team.size", {"min": 3, "max": 5, "unit": "人"}),
    ("national.mechanism.responsibility", {"items": ["省市统筹", "区县负责", "学校自主", "全员参与"]}),
    ("national.mechanism.county_three_level", {}),
    ("national.mechanism.demonstration", {"items": ["试点先行", "以点带面", "分批跟进", "注重实效"]}),
    ("national.mechanism.principle", {"items": ["注重创新", "尊重差异", "倾斜乡村", "均衡推进"]}),
    ("national.quality.filing", {}),
    ("national.quality.archive", {}),
    ("national.research.mechanism", {}),
    ("beijing.hours.total", {"value": 50, "op": "=="}),
    ("beijing.hours.online", {"value": 25}),
    ("beijing.hours.offline", {"value": 25}),
    ("beijing.hours.courses", {"value": 20}),
    ("beijing.hours.course_study", {"value": 15, "op": ">="}),
    ("beijing.hours.course_ratio", {"value": "2/3", "op": ">="}),
    ("beijing.hours.cases", {"value": 5, "op": ">="}),
    ("beijing.hours.case_ratio", {"value": "2/3"}),
    ("beijing.hours.school_training", {"value": 20}),
    ("beijing.hours.assessment", {"value": 5}),
    ("beijing.submission.items", {"items": ["设计方案", "校本应用实践展示", "应用反思"]}),
    ("beijing.selection.min_points", {"min": 2}),
    ("beijing.selection.dimensions", {"min": 2}),
    ("beijing.design.min_points", {"min": 2}),
    ("beijing.assessment.flow", {"items": ["区级统筹", "学校规划", "教研组协商", "教师参与", "学校评审"]}),
    ("beijing.hours.specialised.guidance", {"value": 40, "op": ">="}),
    ("beijing.hours.specialised.leadership", {"value": 40, "op": ">="}),
    ("beijing.schedule.progress_2021", {"value": 60, "year": 2021}),
    ("beijing.schedule.complete_2022", {"year": 2022}),
    ("beijing.inspection.ratio", {"value": 10, "op": ">="}),
    ("beijing.reporting.monthly", {"per": "月"}),
    ("beijing.schedule.kickoff", {"year": 2021, "month": 7}),
    ("beijing.schedule.summary", {"year": 2022, "month": 1}),
    ("beijing.credits", {}),
    ("wafangdian.selection.count", {"exact": 3}),
    ("wafangdian.hours.online", {"value": 25, "op": ">="}),
    ("wafangdian.hours.practice", {"value": 25, "op": ">="}),
    ("wafangdian.hours.total", {"value": 50, "op": ">="}),
    ("wafangdian.hours.practice_ratio", {"value": 50, "unit": "%"}),
    ("wafangdian.submission.items", {}),
    ("wafangdian.school.plans", {}),
    ("wafangdian.schedule.plans_filing", {"month": 8, "day": 30}),
    ("wafangdian.assessment.pass_rate", {"value": 100}),
    ("wafangdian.cases.ratio", {"value": 3, "op": ">="}),
    ("wafangdian.funding.ratio", {"value": 5, "op": ">="}),
    ("wafangdian.organisation.leader", {"value": 1}),
    ("wafangdian.organisation.deputies", {"value": 2}),
    ("wafangdian.consequence", {}),
    ("wafangdian.schedule.completion", {"year": 2023}),
    ("jiangsu.docs.number", {"doc_no": "苏教师〔2020〕5号"}),
    ("jiangsu.scope", {"items": ["幼儿园", "普通中小学", "中等职业学校"]}),
    ("jiangsu.hours.total", {"value": 50, "op": ">="}),
    ("jiangsu.hours.practice", {"value": 25, "op": ">="}),
    ("jiangsu.hours.online", {"value": 25, "op": ">="}),
    ("jiangsu.schedule.batches", {"values": [20, 40, 40], "years": [2020, 2022]}),
    ("jiangsu.pilots.demonstration", {"value": 100, "unit": "所"}),
    ("jiangsu.pilots.weak", {"value": 50, "unit": "所"}),
    ("jiangsu.team.composition", {}),
    ("jiangsu.school.plan", {"value": 30}),
    ("jiangsu.hours.practice_credit", {}),
    ("guangdong.docs.number", {"doc_no": "粤教继函〔2014〕59号"}),
    ("guangdong.hours.total", {"value": 80}),
    ("guangdong.hours.online_professional", {"value": 56}),
    ("guangdong.hours.online_school", {"value": 24}),
    ("guangdong.schedule.shares", {"values": [10, 35, 35, 20]}),
    ("guangdong.scope.total", {"value": 1100000, "year": 2017}),
    ("guangdong.pilots.cities", {"value": 5}),
    ("guangdong.pilots.subjects", {"min": 3, "max": 5}),
    ("guangdong.trainers.ratio", {"value": 50, "op": ">="}),
    ("guangdong.assessment.types", {"items": ["诊断测评", "培训测评", "发展测评"]}),
    ("guangdong.schedule.phase_prepare", {"from": "2013-12", "to": "2014-08"}),
    ("guangdong.schedule.phase_pilot", {"from": "2014-09", "to": "2015-05"}),
    ("guangdong.schedule.phase_implement", {"from": "2015-06", "to": "2017-10"}),
    ("guangdong.schedule.phase_summary", {"from": "2017-10", "to": "2017-12"}),
    ("external.hours.total", {"value": 50, "per_years": 5}),
    ("external.hours.practice_ratio", {"value": 50}),
    ("external.schedule.target_year", {"year": 2022}),
    ("external.scope", {"items": ["幼儿园", "普通中小学", "中等职业学校"]}),
    ("defaults.selection.count", {"exact": 3}),
    ("defaults.selection.dimensions", {"min": 2, "preferred": 3}),
    ("defaults.selection.environment", {"allowed": {"多媒体": ["A"], "混合": ["A", "B"], "智慧": ["A", "B", "C"]}}),
]


@pytest.mark.parametrize("rule_id,params", INVENTORY, ids=[i for i, _ in INVENTORY])
def test_inventory_constraint_is_encoded(rule_id, params):
    assert rule_id in BY_ID, f"missing rule {rule_id}"
    got = BY_ID[rule_id]["params"]
    for key, value in params.items():
        assert got.get(key) == value, f"{rule_id}.params.{key}: {got.get(key)!r} != {value!r}"


def test_guangdong_rules_are_all_program_1():
    gd = [r for n, r in RULES if n == "guangdong-1.0-plan.yaml"]
    assert gd and all(r["program"] == "1.0" for r in gd)
