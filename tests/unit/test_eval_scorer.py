"""The offline faithfulness scorer (the claim verifier): figures, codes, regions and 文号 exact; slots compared."""

import pytest

from assistant.settings import ROOT
from evals.faithfulness.scorer import FaithfulnessScorer

BJ = "培训共计50学时，其中线上学习25学时，线下校本研修与校本应用考核25学时。"
WFD = "找准能力短板，选择适合自身条件的3个微能力参加应用能力提升培训。"
TEAM = "试点学校组建由校长领衔，教学主任、信息技术骨干教师等3-5人构成的学校信息化管理团队。"
JS_NO = "《教育部关于实施全国中小学教师信息技术应用能力提升工程 2.0 的意见》（教师〔2019〕1号）"
FLOW = "按照“区级统筹—学校规划—教研组协商—教师参与—学校评审”的流程组织实施校本应用考核工作。"
DIMS = "微能力点至少覆盖学情分析、教学设计、学法指导和学业评价四个维度中的2个维度。"
CHECK = "通过入校检查、线上抽查等方式督导，抽查学校比例不低于参训学校总数的10%。"
JS = "江苏教师教育管理系统校级管理员、各学科教研组长，组成校级信息化管理团队。"
DATE = "制定校本研修方案与考核方案并于8月30日前报市项目办备案"


@pytest.fixture(scope="module")
def scorer():
    return FaithfulnessScorer.from_corpus(ROOT / "corpus")


# (answer, contexts, expected verdict of the only claim, words the evidence must contain)
CASES = [
    ("北京要求线上学习25学时", [BJ], "supported", "原文："),
    ("北京要求线上学习二十五学时", [BJ], "supported", ""),
    ("北京要求线上学习２５学时", [BJ], "supported", ""),
    ("北京要求线上学习30学时", [BJ], "contradicted", "25学时"),
    ("瓦房店老师选三个微能力", [WFD], "supported", ""),
    ("瓦房店老师选两个微能力", [WFD], "contradicted", "3个"),
    ("团队由校长领衔，三到五人构成", [TEAM], "supported", ""),
    ("抽查比例不低于百分之十", [CHECK], "supported", ""),
    ("抽查比例不低于15%", [CHECK], "contradicted", "10%"),
    ("江苏意见依据教师〔2019〕1号", [JS_NO], "supported", ""),
    ("江苏意见依据教师〔2019〕2号", [JS_NO], "contradicted", "教师〔2019〕1号"),
    ("江苏意见依据苏教师〔2020〕5号", [JS_NO], "unsupported", "文号"),
    ("可以选A5技术支持的课堂导入", [DIMS], "unsupported", "A5"),
    ("可以选B11作为其中之一", [DIMS], "unsupported", "B11"),
    ("校本应用考核经过五个环节", [FLOW], "supported", ""),
    ("要覆盖四个维度中的2个维度", [DIMS], "supported", ""),
    ("须在8月30日前报市项目办备案", [DATE], "supported", ""),
    ("须在9月30日前报市项目办备案", [DATE], "contradicted", "日期"),
    ("随堂测试达到80分才算通过", [BJ], "unsupported", "80分"),
    ("北京要求线上学习25学时", [], "unsupported", "没有可依据的原文"),
]


@pytest.mark.parametrize("answer,contexts,verdict,evidence", CASES)
def test_each_claim_gets_an_explained_verdict(scorer, answer, contexts, verdict, evidence):
    result = scorer.score("问题", answer, contexts)
    verdicts = [c["verdict"] for c in result["claims"]]
    expected = "supported" if verdict == "supported" else verdict
    assert expected in verdicts or verdicts == [verdict], result
    if verdict != "supported":
        bad = [c for c in result["claims"] if c["verdict"] == verdict][0]
        assert evidence in bad["evidence"], bad
    else:
        assert all(v == "supported" for v in verdicts), result
    assert all(c["evidence"] for c in result["claims"])


def test_score_shape_and_faithfulness_share(scorer):
    result = scorer.score("北京线上多少", "北京共50学时，线上30学时。", [BJ])
    assert set(result) == {"faithfulness", "claims", "skipped"}
    assert [c["verdict"] for c in result["claims"]] == ["supported", "contradicted"]
    assert result["faithfulness"] == 0.5
    assert {"text", "verdict", "evidence"} <= set(result["claims"][0])


def test_nothing_to_check_is_skipped_not_scored(scorer):
    result = scorer.score("？", "按全国整校推进指南，团队三到五人。", [TEAM])
    assert result["skipped"] == ["按全国整校推进指南"]
    assert scorer.score("？", "", [TEAM]) == {"faithfulness": None, "claims": [], "skipped": []}


def test_the_verdicts_carry_the_aligned_evidence(scorer):
    result = scorer.score("?", "北京要求线上学习30学时", [BJ])
    claim = result["claims"][0]
    assert claim["slot"] == "figure" and claim["context"] == 0 and "线上学习" in claim["aligned"]
