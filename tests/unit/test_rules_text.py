"""Free-text checking beyond the golden table: the documents agree with their own rules, and programmes never mix."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.documents import read_text
from assistant.rules import RuleEngine

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.load(CORPUS)


@pytest.mark.parametrize("doc_id", ["moe-2.0-whole-school-guide", "beijing-2.0-guidance", "wafangdian-2.0-plan",
                                    "jiangsu-2.0-opinion", "guangdong-1.0-plan"])
def test_each_document_agrees_with_its_own_rules(engine, doc_id):
    doc = next(d for d in engine.documents if d.id == doc_id)
    report = engine.check_text(read_text(CORPUS / "policies", doc), doc.region, doc.program)
    assert report.violations == [], [v.message for v in report.violations]
    assert report.verdict.value == "VALID"
    assert sum(c.status == "supported" for c in report.claims) >= 2


def test_the_guangdong_plan_read_as_a_2_0_answer_is_flagged(engine):
    doc = next(d for d in engine.documents if d.id == "guangdong-1.0-plan")
    report = engine.check_text(read_text(CORPUS / "policies", doc), "广东", "2.0")
    assert report.verdict.value == "INVALID"
    assert {"guangdong.hours.total", "external.hours.total"} <= set(report.rule_ids)
    flagged = [v for v in report.violations if v.rule_id == "guangdong.hours.total"]
    assert flagged and "不适用于提升工程2.0" in flagged[0].message


def test_every_supported_claim_carries_its_provenance(engine):
    report = engine.check_text("北京市培训共计50学时，其中线上学习25学时。瓦房店老师要选3个微能力点。依据苏教师〔2020〕5号。",
                               None)
    for claim in report.claims:
        assert claim.status == "supported"
        rule = engine.rule(claim.rule_id)
        assert claim.quote == rule.quote and claim.doc_id == rule.doc_id
        if claim.quote:
            doc = next(d for d in engine.documents if d.id == claim.doc_id)
            assert claim.quote in read_text(CORPUS / "policies", doc)


def test_a_region_named_in_a_sentence_governs_only_that_sentence(engine):
    report = engine.check_text("瓦房店要选3个微能力点。北京至少选2个微能力点。", "上海")
    assert [(c.region, c.rule_id) for c in report.claims] == [
        ("辽宁省大连市瓦房店市", "wafangdian.selection.count"), ("北京", "beijing.selection.min_points")]


def test_claim_offsets_point_into_the_text(engine):
    text = "北京：管理团队３～５人，共计５０学时。"
    for claim in engine.check_text(text, "北京").claims:
        assert len(text[claim.start:claim.end]) == len(claim.text)
