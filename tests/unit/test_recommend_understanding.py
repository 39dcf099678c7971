"""Reading a teacher's words: environment, caps and negation, subject, grade, region, requests, needs."""

import pytest
import yaml

from assistant.corpus import CorpusError, load_abilities
from assistant.recommend.cues import DEFAULT_CUES_PATH, load_cues
from assistant.recommend.understanding import split_clauses, understand
from assistant.rules.gazetteer import default_gazetteer
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def read():
    cues = load_cues()
    abilities = load_abilities(CORPUS / "micro_abilities.yaml")
    return lambda text: understand(text, cues, abilities, default_gazetteer())


ENVIRONMENT = [
    ("教室里有一体机和电子白板", "多媒体"),
    ("我们只有投影", "多媒体"),
    ("学校没有网络，条件很差", "多媒体"),
    ("上课在机房，作业用钉钉交", "混合"),
    ("学生都在网络学习空间里提交作品", "混合"),
    ("学校有智慧教室，每人一台平板", "智慧"),
    ("我们用学习分析平台看报告", "智慧"),
    ("学校有智慧教室，但我上课的教室只有一体机", "多媒体"),
    ("学校没有机房，只用电子白板", "多媒体"),
    ("学校不是智慧教室，不过有机房", "混合"),
    ("我做的PPT字太多", None),
    # the programme's own names for the three environments
    ("初中英语 学校有平板 混合学习环境", "混合"),
    ("我们是多媒体教学环境", "多媒体"),
    ("学校属于智慧学习环境", "智慧"),
]


@pytest.mark.parametrize("text,env", ENVIRONMENT)
def test_environment_cues_caps_and_negation(read, text, env):
    assert read(text).environment == env


PROFILE = [
    ("我是初二数学老师", "数学", "初中二年级", "初中"),
    ("教八年级物理", "物理", "初中二年级", "初中"),
    ("高三英语复习课", "英语", "高中三年级", "高中"),
    ("小学一年级语文写字课", "语文", "小学一年级", "小学"),
    ("我在高中教道法", "道德与法治", None, "高中"),
    ("想提高一下自己的水平", None, None, None),
    ("体育课上学生跳绳", "体育与健康", None, None),
]


@pytest.mark.parametrize("text,subject,grade,stage", PROFILE)
def test_subject_grade_and_stage(read, text, subject, grade, stage):
    u = read(text)
    assert (u.subject, u.grade, u.stage) == (subject, grade, stage)


REGIONS = [
    ("我在北京海淀区一所小学", "北京市海淀区"),
    ("瓦房店的初中老师", "辽宁省大连市瓦房店市"),
    ("南京的高中", "江苏省南京市"),
    ("学生成绩两极分化", None),
]


@pytest.mark.parametrize("text,region", REGIONS)
def test_region_named_in_the_text(read, text, region):
    assert read(text).region == region


def test_requests_codes_letters_count_and_names(read):
    u = read("我想选C1和A3，只选2个，也想试试C类，打印用A4纸")
    assert u.requested_codes == ["C1", "A3"]
    assert u.requested_letters == ["C"]
    assert u.requested_count == 2
    assert "A4" not in u.requested_codes
    assert read("想选演示文稿设计与制作").named_codes == ["A3"]
    assert read("选两个能力点就够了").requested_count == 2


def test_needs_quote_the_teachers_clause_and_longer_cues_win(read):
    u = read("我是初二数学老师，学校只有一体机。我做的演示文稿字太多，学生小组讨论乱哄哄")
    needs = {h.need.need: h.clause for h in u.needs}
    assert needs["课件和演示文稿的制作"] == "我做的演示文稿字太多"
    assert needs["小组合作的组织"] == "学生小组讨论乱哄哄"
    assert "讲清重难点" not in needs, "演示文稿 is a slide deck, not a demonstration (演示)"
    assert [c.context for c in u.clauses][:2] == [True, True]
    assert u.need_clauses == ["我做的演示文稿字太多", "学生小组讨论乱哄哄"]


def test_two_subjects_joined_reveal_a_cross_subject_need(read):
    u = read("想设计一个活动，结合信息科技和道德与法治")
    assert [h.need.need for h in u.needs] == ["跨学科和项目式学习"]
    assert not read("我教语文和数学").needs


def test_full_width_text_keeps_the_teachers_spelling(read):
    u = read("我做的ＰＰＴ字太多")
    assert u.needs and u.needs[0].clause == "我做的ＰＰＴ字太多"
    u = read("唉…我做的PPT字太多")
    assert u.needs[0].clause == "我做的PPT字太多", "… widens under NFKC; the quote keeps the teacher's case"


def test_split_clauses_on_punctuation_and_turns():
    assert [c.text for c in split_clauses("课件做不好，但是学生很喜欢。另外作业太多")] == [
        "课件做不好", "学生很喜欢", "作业太多"]


BAD_TABLES = [
    ("unknown point", lambda d: d["needs"][0]["points"].update({"Z9": 1.0}), "needs[0]"),
    ("bad weight", lambda d: d["needs"][1]["points"].update({"A1": 2.0}), "needs[1]"),
    ("bad dimension", lambda d: d["needs"][2].update({"dimension": "学习态度"}), "dimension"),
    ("empty cue", lambda d: d["needs"][0]["cues"].append("*"), "needs[0]"),
    ("missing focus", lambda d: d["focus"].pop("C7"), "focus"),
    ("bad environment", lambda d: d["environments"][0].update({"environment": "5G"}), "environments[0]"),
]


@pytest.mark.parametrize("label,mutate,where", BAD_TABLES, ids=[b[0] for b in BAD_TABLES])
def test_a_malformed_cue_table_names_file_entry_and_field(tmp_path, label, mutate, where):
    data = yaml.safe_load(DEFAULT_CUES_PATH.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "recommend_cues.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_cues(path)
    assert str(path) in str(err.value) and where in str(err.value)
