"""Trainer drafts: school plans whose every requirement sentence is a rule of the region, with its quote."""

import pytest

from assistant.drafting import Drafter
from assistant.drafting.school_plan import NO_RULE, plan_kinds
from assistant.rules import RuleEngine
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def engine():
    return RuleEngine.load(CORPUS)


@pytest.fixture(scope="module")
def drafter(engine):
    return Drafter.load(CORPUS, engine)


@pytest.mark.parametrize("region,kind,must_cite,documents", [
    ("北京", "both", ["beijing.assessment.flow", "beijing.hours.total", "beijing.quality.filing"],
     ["beijing-2.0-guidance", "moe-2.0-whole-school-guide"]),
    ("瓦房店", "研修", ["wafangdian.selection.count", "wafangdian.hours.online", "wafangdian.funding.ratio"],
     ["wafangdian-2.0-plan", "moe-2.0-whole-school-guide"]),
    ("瓦房店", "考核", ["wafangdian.assessment.pass_rate", "wafangdian.school.plans", "wafangdian.cases.ratio"],
     ["wafangdian-2.0-plan", "moe-2.0-whole-school-guide"]),
    ("南京", "研修", ["jiangsu.hours.total"], ["jiangsu-2.0-opinion", "moe-2.0-whole-school-guide"]),
    ("上海", "both", ["national.research.mechanism", "national.team.size"], ["moe-2.0-whole-school-guide"]),
])
def test_requirements_come_from_the_regions_rules(engine, drafter, region, kind, must_cite, documents):
    draft = drafter.school_plan(region, kind)
    assert draft.kind == "school_plan" and draft.meta["documents"] == documents
    governing = {r.id: r for r in engine.rules(region)}
    refs = [ref for s in draft.sections for ref in s.basis]
    assert {r.rule_id for r in refs} >= set(must_cite)
    assert set(draft.applied_rules) == {r.rule_id for r in refs}
    by_n = {c.n: c for c in draft.citations}
    for ref in refs:
        rule = governing[ref.rule_id]
        assert ref.message == rule.message and ref.doc_id == rule.doc_id and ref.quote == rule.quote
        section = next(s for s in draft.sections if ref in s.basis)
        assert ref.message in section.body
        if rule.doc_id:
            assert ref.n is not None and f"{ref.message}[{ref.n}]" in section.body
            assert by_n[ref.n].doc_id == rule.doc_id and by_n[ref.n].quote == rule.quote
            text = drafter.texts[rule.doc_id]
            assert text[by_n[ref.n].start:by_n[ref.n].end] == rule.quote
        else:
            assert ref.n is None and ("外部参考" in ref.message or "项目默认" in ref.message)
    assert len({r.rule_id for r in refs}) == len(refs), "a rule is used once"
    assert draft.completeness.complete


def test_region_without_a_document_gets_national_rules_and_the_plain_note(drafter):
    draft = drafter.school_plan("上海", "研修")
    assert draft.notes == ["语料中没有上海的提升工程2.0地方文件，以下仅依据全国性文件和规则。"]
    assert draft.notes[0] in draft.section("basic").body
    assert all(r.doc_id in (None, "moe-2.0-whole-school-guide") for s in draft.sections for r in s.basis)


def test_guangdong_only_has_a_1_0_plan(drafter):
    draft = drafter.school_plan("广东", "考核")
    assert any("1.0" in n for n in draft.notes)
    assert all(r.doc_id != "guangdong-1.0-plan" for s in draft.sections for r in s.basis)


def test_sections_without_rules_say_the_school_decides(drafter):
    draft = drafter.school_plan("上海", "考核")
    flow = next(s for s in draft.sections if s.heading == "考核流程")
    assert flow.basis == [] and NO_RULE in flow.body and flow.source == "项目默认"


@pytest.mark.parametrize("kind,plans", [
    ("研修", ("研修",)), ("校本研修方案", ("研修",)), ("考核", ("考核",)), ("assessment", ("考核",)),
    ("both", ("研修", "考核")), (None, ("研修", "考核")),
])
def test_plan_kinds(kind, plans):
    assert plan_kinds(kind) == plans


def test_both_has_two_level_one_parts_and_an_unknown_kind_is_an_error(drafter):
    draft = drafter.school_plan("北京", "both")
    tops = [s.heading for s in draft.sections if s.level == 1]
    assert tops == ["基本信息", "校本研修方案", "校本应用考核方案"]
    with pytest.raises(ValueError, match="无法识别的方案类型"):
        drafter.school_plan("北京", "年度计划")
