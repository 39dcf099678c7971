"""The offline faithfulness scorer: exact checks for figures, codes, regions and 文号; overlap for the rest."""

import pytest

from assistant.indexing.fake_embedder import FakeEmbedder
from evals.faithfulness.scorer import DEFAULT_THRESHOLDS, FaithfulnessScorer, Thresholds

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
    return FaithfulnessScorer(FakeEmbedder(dim=64))


# (answer, contexts, expected verdict of the only claim, words the evidence must contain)
CASES = [
    ("北京要求线上学习25学时", [BJ], "supported", "上下文："),
    ("北京要求线上学习二十五学时", [BJ], "supported", ""),
    ("北京要求线上学习２５学时", [BJ], "supported", ""),
    ("北京要求线上学习30学时", [BJ], "contradicted", "30学时"),
    ("瓦房店老师选三个微能力", [WFD], "supported", ""),
    ("瓦房店老师选两个微能力", [WFD], "contradicted", "两个"),
    ("团队由校长领衔，三到五人构成", [TEAM], "supported", ""),
    ("抽查比例不低于百分之十", [CHECK], "supported", ""),
    ("抽查比例不低于15%", [CHECK], "contradicted", "10%"),
    ("江苏意见依据教师〔2019〕1号", [JS_NO], "supported", ""),
    ("江苏意见依据教师〔2019〕2号", [JS_NO], "contradicted", "教师〔2019〕1号"),
    ("江苏意见依据苏教师〔2020〕5号", [JS_NO], "unsupported", "文号"),
    ("可以选A5技术支持的课堂导入", [DIMS], "unsupported", "A5"),
    ("可以选B11作为其中之一", [DIMS], "unsupported", "B类只有B1–B10"),
    ("校本应用考核经过五个环节", [FLOW], "supported", ""),
    ("校本应用考核经过六个环节", [FLOW], "unsupported", "六个"),
    ("要覆盖四个维度中的2个维度", [DIMS], "supported", ""),
    ("北京的管理团队由江苏教师教育管理系统校级管理员组成", [JS], "contradicted", "江苏"),
    ("须在8月30日前报市项目办备案", [DATE], "supported", ""),
    ("须在9月30日前报市项目办备案", [DATE], "unsupported", "日期"),
    ("团队名单须报县级教育行政部门备案", [TEAM], "unsupported", "找不到"),
    ("管理员必须由校长本人担任", [JS], "unsupported", "必须"),
    ("随堂测试达到80分才算通过", [BJ], "unsupported", "80分"),
    ("没学完的学时可以结转到下一年继续学习", [BJ], "unsupported", "结转"),
    ("北京要求线上学习25学时", [], "unsupported", "没有可依据的上下文"),
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


def test_uses_the_engine_catalogue_when_given(fake_advisor):
    scorer = FaithfulnessScorer(fake_advisor.embedder, fake_advisor.rules)
    assert scorer.catalogue is fake_advisor.rules.catalogue
    assert scorer.score("?", "可以选A5", [DIMS])["claims"][0]["verdict"] == "unsupported"


def test_thresholds_decide_the_overlap_verdict(scorer):
    answer = "线上学习要先于线下完成"  # most words are in the context; 先于 is not
    lenient = scorer.judge(scorer.check("?", answer, [BJ])[0], Thresholds(0.3, 0.0, 1.01))
    strict = scorer.judge(scorer.check("?", answer, [BJ])[0], Thresholds(1.0, 0.0, 1.01))
    assert lenient[0]["verdict"] == "supported" and strict[0]["verdict"] == "unsupported"


def test_similarity_is_only_computed_when_the_thresholds_use_it(scorer):
    checks, _ = scorer.check("?", "北京要求线上学习25学时", [BJ])
    assert DEFAULT_THRESHOLDS.similarity > 1 and checks[0].similarity is None
    checks, _ = scorer.check("?", "北京要求线上学习25学时", [BJ], similarity=True)
    assert isinstance(checks[0].similarity, float)
