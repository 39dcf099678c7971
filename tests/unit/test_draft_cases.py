"""The case library filtered and ranked by point, subject, environment and stage."""

import pytest

from assistant.corpus.cases import load_cases
from assistant.drafting.cases import case_ref, find_cases, normalize_subject, stage_of
from tests.conftest import CORPUS

CASES = load_cases(CORPUS / "cases")


@pytest.mark.parametrize("kwargs,first,check", [
    ({"points": ["A1"], "subject": "物理"}, "case-001", lambda c: "A1" in c.points),
    ({"points": ["a1"], "subject": "物理", "environment": "多媒体", "stage": "初中二年级"}, "case-001",
     lambda c: "A1" in c.points),
    ({"points": ["C4"]}, None, lambda c: "C4" in c.points),
    ({"points": ["B6"], "environment": "混合"}, None, lambda c: "B6" in c.points),
    ({"subject": "语文", "strict": True}, None, lambda c: c.subject == "语文"),
    ({"environment": "智慧", "strict": True}, None, lambda c: c.environment == "智慧"),
    ({"stage": "高一", "strict": True}, None, lambda c: c.stage == "高中"),
    ({"subject": "道法", "strict": True}, None, lambda c: c.subject == "道德与法治"),
])
def test_filters_and_ranking(kwargs, first, check):
    found = find_cases(CASES, limit=5, **kwargs)
    assert found and all(check(c) for c in found)
    if first:
        assert found[0].id == first


def test_points_weigh_more_than_subject_and_ties_break_by_id():
    found = find_cases(CASES, points=["A1", "B1"], subject="数学", limit=10)
    scores = [len({"A1", "B1"} & set(c.points)) for c in found]
    assert scores == sorted(scores, reverse=True)
    assert find_cases(CASES, points=["A1"], limit=3) == find_cases(CASES, points=["A1"], limit=3)


def test_a_simpler_environment_ranks_above_a_richer_one():
    found = find_cases(CASES, points=["B1"], environment="混合", limit=10)
    envs = [c.environment for c in found]
    assert "智慧" not in envs[: envs.count("混合") + envs.count("多媒体")]


@pytest.mark.parametrize("kwargs,error", [
    ({"environment": "火星"}, "无法识别的学校信息化环境"),
    ({"limit": 0}, "limit"),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(ValueError, match=error):
        find_cases(CASES, **kwargs)


def test_every_point_has_a_case_and_unknown_point_has_none():
    codes = [f"A{i}" for i in range(1, 14)] + [f"B{i}" for i in range(1, 11)] + [f"C{i}" for i in range(1, 8)]
    assert all(find_cases(CASES, points=[c], limit=1) for c in codes)
    assert find_cases(CASES, points=["Z9"]) == []


@pytest.mark.parametrize("grade,stage", [
    ("初中二年级", "初中"), ("八年级", "初中"), ("初二", "初中"), ("高一", "高中"), ("高中三年级", "高中"),
    ("五年级", "小学"), ("小学一年级", "小学"), ("研究生", None), ("", None),
])
def test_stage_of(grade, stage):
    assert stage_of(grade) == stage


@pytest.mark.parametrize("raw,subject", [("道法", "道德与法治"), ("信息技术", "信息科技"), (" 数 学 ", "数学"),
                                          ("", None)])
def test_normalize_subject(raw, subject):
    assert normalize_subject(raw) == subject


def test_case_ref_keeps_the_named_parts():
    ref = case_ref(CASES[0], ("情境", "反思要点"))
    assert set(ref.excerpt) == {"情境", "反思要点"} and ref.illustrative
