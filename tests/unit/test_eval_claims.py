"""Splitting answers into claims: sentence and clause boundaries, never inside numbers or quotes."""

import pytest

from evals.faithfulness.claims import is_attribution, split_claims, split_sentences, strip_markers

CASES = [
    ("北京一共50学时，线上线下各25学时。没学完的可以结转。", ["北京一共50学时", "线上线下各25学时", "没学完的可以结转"]),
    ("要求100%合格！真的吗？是的；好", ["要求100%合格", "真的吗", "是的", "好"]),
    ("按“省市统筹，区县负责”推进，共1,000人。", ["按“省市统筹，区县负责”推进", "共1,000人"]),
    ("依据《关于某某，某某的通知》执行，合格后计5学时。", ["依据《关于某某，某某的通知》执行", "合格后计5学时"]),
    ("其中，线上25学时。", ["其中，线上25学时"]),
    ("比如，可以选A5。", ["比如，可以选A5"]),
    ("北京要求线上25学时[1]。江苏要求50学时【2】。", ["北京要求线上25学时", "江苏要求50学时"]),
    ("外部参考（教师〔2019〕1号，语料未收录原文）：每位教师不少于50学时。", ["每位教师不少于50学时"]),
    ("据《整校推进实施指南》：坚持分级负责。\n相关规定：\n- 区县是责任主体。", ["坚持分级负责", "区县是责任主体"]),
    ("不是。", ["不是"]),
    ("### 要点\n1. 北京**线上**25学时；\n2、线下25学时\n（一）合格后计学分", ["要点", "北京线上25学时", "线下25学时",
                                                               "合格后计学分"]),
    ("2.0重点提升四种能力。", ["2.0重点提升四种能力"]),
    ("", []),
    ("。，！", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_split_claims(text, expected):
    assert split_claims(text) == expected


def test_sentences_only_when_clauses_are_off():
    assert split_claims("北京一共50学时，线上25学时。", clauses=False) == ["北京一共50学时，线上25学时"]
    assert split_sentences("甲乙丙丁。戊己庚辛\n壬癸子丑") == ["甲乙丙丁。", "戊己庚辛", "壬癸子丑"]


@pytest.mark.parametrize("text,expected", [
    ("见第[12]条[3]", "见第条"), ("无标记", "无标记"), ("A【1】B", "AB"),
])
def test_strip_markers(text, expected):
    assert strip_markers(text) == expected


@pytest.mark.parametrize("claim,expected", [
    ("按全国整校推进指南", True), ("根据北京方案的要求", True), ("按北京方案要学50学时", False),
    ("北京要求线上25学时", False),
])
def test_is_attribution(claim, expected):
    assert is_attribution(claim) is expected
