"""Rules from a trainer's document: extraction, the review queue, districts, precedence, the CLI end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.rules import RuleEngine
from assistant.rules.extract import propose
from assistant.rules.gazetteer import Gazetteer
from assistant.rules.review import ReviewQueue, conflicts, describe_params, parse_param
from assistant.types import Document
from tests.conftest import CORPUS

PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "local" / "gulou_plan.txt"
DOC = Document(id="local-plan", file="local-plan.txt", title="某区实施方案", region="江苏省南京市", level="city",
               program="2.0")


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.load(CORPUS)


# (sentence, expected topic, expected params ⊆ candidate params) — phrasings as local plans write them.
EXTRACTION_CASES = [
    ("每位教师完成不少于60学时的培训。", "hours.total", {"value": 60, "op": ">="}),
    ("培训总学时原则上不超过72学时。", "hours.total", {"value": 72, "op": "<="}),
    ("教师须完成五十学时的研修。", "hours.total", {"value": 50, "op": "=="}),
    ("其中线上网络研修不少于２５学时。", "hours.online", {"value": 25, "op": ">="}),
    ("线下校本研修至少30学时。", "hours.offline", {"value": 30, "op": ">="}),
    ("实践应用学时不低于24学时。", "hours.practice", {"value": 24, "op": ">="}),
    ("每位教师至少选择4个微能力点。", "selection.count", {"value": 4, "op": ">="}),
    ("教师选择的能力点不超过5个，原则上不少于3个。", "selection.count", {"value": 3, "op": ">="}),
    ("所选能力点应覆盖不少于2个维度。", "selection.dimensions", {"value": 2, "op": ">="}),
    ("其中须包含1个学业评价维度的能力点。", "selection.required", {"dimension": "学业评价", "min": 1}),
    ("所选能力点须包含A11、A12中的至少1个。", "selection.required", {"codes": ["A11", "A12"], "min": 1}),
    ("多媒体教学环境的学校，教师只能选择A类能力点。", "selection.environment", {"allowed": {"多媒体": ["A"]}}),
    ("混合学习环境学校教师可在A、B两类能力点中选择。", "selection.environment", {"allowed": {"混合": ["A", "B"]}}),
    ("校本应用考核合格率应达到95%以上。", "assessment.pass_rate", {"value": 95, "op": ">="}),
    ("考核通过率不低于百分之九十。", "assessment.pass_rate", {"value": 90, "op": ">="}),
    ("区级抽查比例不低于参训学校的20%。", "inspection.ratio", {"value": 20, "op": ">="}),
    ("未通过考核的教师须在2023年3月31日前完成补考。", "schedule.", {"year": 2023, "month": 3, "day": 31}),
    ("各学校于2022.12.15前完成方案备案。", "schedule.", {"year": 2022, "month": 12, "day": 15}),
    ("考核认定工作截止时间为2023.12.31。", "schedule.", {"year": 2023, "month": 12, "day": 31}),
    ("区教师发展中心负责全区校本应用考核的组织实施。", "mechanism.responsibility", {"actor": "区教师发展中心"}),
    ("校长是本校提升工程2.0的第一责任人。", "mechanism.responsibility", {"actor": "校长"}),
    ("每个能力点须提交设计方案、教学反思和课堂实录。", "submission.items",
     {"items": ["设计方案", "教学反思", "课堂实录"]}),
]

# Figures that are not constraints on teachers: nothing may be proposed from these.
DISTRACTORS = [
    "全区现有中小学42所，在职教师5600余人。",
    "上一轮提升工程已累计培训12000人次。",
    "本项目经费预算80万元。",
    "联系人：张老师，电话：025-83000000。",
    "区教师发展中心定于2022年11月8日下午召开培训会。",
    "各校围绕30个能力点开展研修。",
]


@pytest.mark.parametrize("sentence,topic,params", EXTRACTION_CASES, ids=[c[1] + ":" + c[0][:8] for c in EXTRACTION_CASES])
def test_extraction_finds_the_constraint_and_quotes_it(engine, sentence, topic, params):
    text = f"一、总体要求\n{sentence}\n"
    found = [p for p in propose(text, DOC, engine.catalogue) if p.rule.topic.startswith(topic)
             and {k: p.rule.params.get(k) for k in params} == params]
    assert found, [(p.rule.topic, p.rule.params) for p in propose(text, DOC, engine.catalogue)]
    p = found[0]
    assert p.quote and p.quote in text and text[p.start:p.end] == p.quote
    assert p.rule.region == DOC.region and p.rule.program == "2.0" and p.rule.source.doc_id == DOC.id


@pytest.mark.parametrize("sentence", DISTRACTORS)
def test_figures_that_are_not_constraints_are_not_proposed(engine, sentence):
    assert [(p.rule.topic, p.rule.params) for p in propose(sentence, DOC, engine.catalogue)] == []


def test_a_table_row_takes_its_topic_from_its_label(engine):
    text = "| 类别 | 学时 |\n| 线上网络研修 | 不少于20学时 |\n| 合计 | 50学时 |\n"
    got = {p.rule.topic: p.rule.params["value"] for p in propose(text, DOC, engine.catalogue)}
    assert got == {"hours.online": 20, "hours.total": 50}


@pytest.mark.parametrize("name,canonical,learned", [
    ("南京市鼓楼区", "江苏省南京市鼓楼区", True),
    ("成都市武侯区", "四川省成都市武侯区", True),
    ("长沙县", "湖南省长沙市长沙县", True),
    ("北京市海淀区", "北京市海淀区", False),
    ("瓦房店", "辽宁省大连市瓦房店市", False),
])
def test_a_district_is_placed_under_its_parents(name, canonical, learned):
    region, entry = Gazetteer.load(CORPUS / "regions.yaml").propose(name)
    assert region.canonical == canonical and (entry is not None) == learned
    assert region.chain[-1] == "全国" and len(region.chain) >= 3


def test_a_bare_county_is_placed_under_the_city_its_document_names():
    gaz = Gazetteer.load(CORPUS / "regions.yaml")
    text = "晋江市教育局文件\n根据泉州市教育局有关工作部署，结合我市实际，制定本方案。"
    region, entry = gaz.propose("晋江市", text)
    assert region.canonical == "福建省泉州市晋江市" and entry == {"parent": "福建省泉州市", "name": "晋江市"}
    with pytest.raises(ValueError, match="无法准确识别地区"):
        gaz.propose("晋江市", "根据泉州市和厦门市的要求，制定本方案。")  # two cities, equally named: ask


@pytest.mark.parametrize("name,message", [("江苏省鼓楼区", "所属的地级市"), ("火星", "无法准确识别地区"),
                                          ("北京xyz", "是不是指")])
def test_a_region_that_cannot_be_placed_is_refused(name, message):
    with pytest.raises(ValueError, match=message):
        Gazetteer.load(CORPUS / "regions.yaml").propose(name)


def test_learned_districts_survive_a_reload(corpus_copy):
    from assistant.rules.gazetteer import learn_place

    region, entry = Gazetteer.load(corpus_copy / "regions.yaml").propose("南京市鼓楼区")
    learn_place(corpus_copy / "regions.yaml", entry)
    learn_place(corpus_copy / "regions.yaml", entry)  # twice is once
    gaz = Gazetteer.load(corpus_copy / "regions.yaml")
    assert gaz.resolve("鼓楼区").canonical == "江苏省南京市鼓楼区"
    assert gaz.resolve("南京鼓楼区的老师").canonical == "江苏省南京市鼓楼区"
    assert len(yaml.safe_load((corpus_copy / "regions_local.yaml").read_text(encoding="utf-8"))["places"]) == 1
    (corpus_copy / "regions_local.yaml").write_text("places:\n  - {parent: 火星省, name: 某区}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="火星省"):
        Gazetteer.load(corpus_copy / "regions.yaml")


@pytest.mark.parametrize("raw,expected", [
    ("value=60", ("value", 60)), ("op=>=", ("op", ">=")), ("value=0.5", ("value", 0.5)),
    ("items=设计方案,教学反思", ("items", ["设计方案", "教学反思"])), ('allowed={"多媒体": ["A"]}', ("allowed", {"多媒体": ["A"]})),
])
def test_params_are_read_as_typed(raw, expected):
    assert parse_param(raw) == expected


@pytest.mark.parametrize("raw", ["value", "Value=1", "=3", "x={bad json"])
def test_bad_params_are_refused(raw):
    with pytest.raises(ValueError):
        parse_param(raw)


def test_describe_params_is_plain_chinese():
    assert describe_params({"value": 60, "unit": "学时", "op": ">="}) == "不少于 60 学时"
    assert describe_params({"dimension": "学业评价", "min": 1, "unit": "个"}) == "须含学业评价维度的能力点至少 1 个"


def _ingest(corpus: Path, region: str = "南京市鼓楼区"):
    from assistant.rules.local import ingest_document

    return ingest_document(corpus, PLAN, region, title="鼓楼区提升工程2.0实施方案", doc_id="gulou-plan")


def test_nothing_binds_until_accepted_and_accepted_rules_carry_who_and_when(corpus_copy):
    result = _ingest(corpus_copy)
    engine = RuleEngine.load(corpus_copy)
    assert not [r for r in engine.all_rules if r.doc_id == "gulou-plan"]
    assert any("尚未经培训者审核" in n for n in engine.jurisdiction("鼓楼区").notes)
    queue = ReviewQueue(corpus_copy)
    ids = [c.id for c in result.candidates if c.rule.topic in ("hours.total", "selection.count")]
    queue.accept(ids, by="王老师")
    data = yaml.safe_load((corpus_copy / "rules" / "gulou-plan.yaml").read_text(encoding="utf-8"))
    assert [r["id"] for r in data["rules"]] == ids
    assert all(r["review"]["by"] == "王老师" and r["review"]["at"] for r in data["rules"])
    engine = RuleEngine.load(corpus_copy)
    assert [r.id for r in engine.facts("鼓楼区", topic="hours.total")][:1] == [ids[0]]
    assert not any("尚未经培训者审核" in n for n in engine.jurisdiction("鼓楼区").notes)
    # The district's figure governs the district only: Nanjing keeps Jiangsu's.
    assert "jiangsu.hours.total" not in [r.id for r in engine.rules("鼓楼区")]
    assert "jiangsu.hours.total" in [r.id for r in engine.rules("南京")]
    assert queue.candidates("accepted", doc_id="gulou-plan")[0].reviewed_by == "王老师"
    with pytest.raises(ValueError, match="审核人"):
        queue.accept([ids[0]], by="  ")
    with pytest.raises(ValueError, match="没有编号为"):
        queue.reject(["gulou_plan.no_such"], by="王老师")


def test_a_district_asking_less_than_its_province_is_shown_as_a_conflict(corpus_copy, engine):
    result = _ingest(corpus_copy)
    total = next(c for c in result.candidates if c.rule.topic == "hours.total")
    lower = total.model_copy(update={"rule": total.rule.model_copy(update={"params": {**total.rule.params, "value": 40}})})
    found = conflicts(lower, engine.rules("南京"))
    assert found and "低于上级文件的要求" in found[0] and "50" in found[0]
    assert conflicts(total, engine.rules("南京")) == []


def test_superseding_document_replaces_the_old_ones_rules(corpus_copy, tmp_path):
    from assistant.rules.local import ingest_document, remove_document

    _ingest(corpus_copy)
    ReviewQueue(corpus_copy).accept(None, by="王老师", min_confidence=0.8)
    newer = tmp_path / "newer.txt"
    newer.write_text(PLAN.read_text(encoding="utf-8").replace("不少于60学时", "不少于64学时"), encoding="utf-8")
    second = ingest_document(corpus_copy, newer, "南京市鼓楼区", title="鼓楼区提升工程2.0实施方案（修订）",
                             doc_id="gulou-plan-2023", supersedes="gulou-plan")
    ReviewQueue(corpus_copy).accept([c.id for c in second.candidates if c.rule.topic == "hours.total"], by="王老师")
    engine = RuleEngine.load(corpus_copy)
    j = engine.jurisdiction("鼓楼区")
    assert j.doc_ids[0] == "gulou-plan-2023" and "gulou-plan" not in j.doc_ids
    assert any("已取代" in n for n in j.notes)
    assert engine.facts("鼓楼区", topic="hours.total")[0].params["value"] == 64
    with pytest.raises(ValueError, match="已被"):
        remove_document(corpus_copy, "gulou-plan")
    remove_document(corpus_copy, "gulou-plan-2023")
    engine = RuleEngine.load(corpus_copy)
    assert engine.facts("鼓楼区", topic="hours.total")[0].params["value"] == 60


# The four failures a trainer met with a district plan ingested for 南京, end to end through the CLI after ingest
# + accept (the same plan ingested for 南京市鼓楼区 itself is in tests/api/test_local_rules_api.py).
WHY_CASES = [
    (["rules", "check", "--region", "南京", "--abilities", "A1,A3,B2", "--environment", "混合"], 1,
     ["不符合规定", "至少选择4个微能力点"]),
    (["rules", "check-text", "鼓楼区要求50学时", "--region", "南京"], 0, ["不符合规定", "不少于60学时"]),
    (["ask", "南京鼓楼区的老师2.0培训要多少学时？"], 0, ["60学时"]),
    (["ask", "鼓楼区考核没过怎么办？", "--region", "南京"], 0, ["2023年3月31日前完成补考"]),
]


@pytest.fixture(scope="module")
def cli_corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local-cli")
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS, corpus)
    env = {"ADVISOR_CORPUS_DIR": str(corpus), "ADVISOR_INDEX_DIR": str(tmp / "indexes"),
           "ADVISOR_DATA_DIR": str(tmp / "var"), "ADVISOR_EMBEDDER": "fake", "ADVISOR_VECTOR_INDEX": "memory"}
    from assistant.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["ingest", str(PLAN), "--region", "南京", "--title", "鼓楼区提升工程2.0实施方案",
                              "--id", "gulou-plan", "--json"], env=env)
    assert out.exit_code == 0, out.output
    review = runner.invoke(app, ["rules", "review", "--region", "南京"], env=env)
    assert "待审核" in review.output and "原文：“每位教师完成不少于60学时的培训”" in review.output
    accepted = runner.invoke(app, ["rules", "accept", "--all", "--region", "南京", "--min-confidence", "0.7",
                                   "--by", "王老师"], env=env)
    assert accepted.exit_code == 0 and "已生效" in accepted.output, accepted.output
    built = runner.invoke(app, ["index", "build"], env=env)
    assert built.exit_code == 0, built.output
    return runner, app, env


@pytest.mark.parametrize("args,code,expected", WHY_CASES, ids=[c[0][0] + ":" + c[0][1][:8] for c in WHY_CASES])
def test_the_local_plan_governs_end_to_end(cli_corpus, args, code, expected):
    runner, app, env = cli_corpus
    out = runner.invoke(app, args, env=env)
    assert out.exit_code == code, out.output
    for words in expected:
        assert words in out.output, out.output


def test_cli_review_acts_report_bad_input_clearly(cli_corpus):
    runner, app, env = cli_corpus
    for args, message in [(["rules", "accept"], "二者选一"), (["rules", "reject", "nope.x"], "没有编号为"),
                          (["rules", "edit", "gulou_plan.hours.total"], "至少给出一个"),
                          (["rules", "edit", "gulou_plan.hours.total", "--param", "op=大约"], "op"),
                          (["documents", "remove", "jiangsu-2.0-opinion"], "不能删除"),
                          (["rules", "review", "--status", "odd"], "--status")]:
        out = runner.invoke(app, args, env=env)
        assert out.exit_code == 2 and message in out.output, (args, out.output)
    listed = json.loads(runner.invoke(app, ["documents", "list", "--json"], env=env).output)
    mine = next(d for d in listed if d["id"] == "gulou-plan")
    assert mine["origin"] == "ingested" and mine["accepted_rules"] >= 5
