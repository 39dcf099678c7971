"""requirements.yaml and templates.yaml: every point covered, A1/C4 from the 规范, the rest project default,
and every malformed file named by file, entry and field."""

import shutil
from pathlib import Path

import pytest
import yaml

from assistant.corpus.abilities import load_abilities
from assistant.corpus.errors import CorpusError
from assistant.drafting.drafter import REQUIREMENTS_FILE, TEMPLATES_FILE
from assistant.drafting.requirements import REFLECTION_PARTS, load_requirements
from assistant.drafting.templates import load_templates
from tests.conftest import CORPUS

ABILITIES = load_abilities(CORPUS / "micro_abilities.yaml")
TEMPLATES = load_templates(CORPUS / TEMPLATES_FILE)
SPECS = load_requirements(CORPUS / REQUIREMENTS_FILE, ABILITIES, TEMPLATES.stages)


def test_every_point_has_requirements():
    assert sorted(SPECS) == sorted(a.code for a in ABILITIES)
    assert len(SPECS) == 30


@pytest.mark.parametrize("code,source,items", [
    ("A1", "规范", {"学情分析方案": ["分析目的", "分析内容", "方法与工具"],
                    "学情分析报告": ["数据概况", "主要发现", "教学调整"]}),
    ("C4", "规范", {"创造性学习与表达设计方案": ["主题", "任务", "面向对象", "活动环节设计", "学习评价", "支持资源",
                                                 "技术环境"]}),
])
def test_confirmed_points_use_the_guide_words(code, source, items):
    spec = SPECS[code]
    assert spec.source == source and spec.basis and "规范" in spec.basis
    for heading, labels in items.items():
        section = next(s for s in spec.sections if s.heading == heading)
        assert list(section.items) == labels
    guide = [s.heading for s in spec.sections if s.items_source == "规范"]
    assert guide == [next(iter(items))], "only the guide's own words are 规范 items"


def test_other_points_are_project_defaults_derived_from_their_evidence():
    by_code = {a.code: a for a in ABILITIES}
    for code, spec in SPECS.items():
        if code in ("A1", "C4"):
            continue
        assert spec.source == "项目默认", code
        assert tuple(spec.evidence) == by_code[code].evidence, code
        covered = {s.evidence for s in spec.sections}
        assert set(spec.evidence) - covered <= {"教学反思"}, code


def test_indicators_and_reflection_questions_everywhere():
    for code, spec in SPECS.items():
        for s in spec.sections:
            assert s.indicators["合格"] and s.indicators["优秀"], (code, s.heading)
            assert s.indicator_source == "项目默认"
        assert all(spec.reflection[p] for p in REFLECTION_PARTS), code
        assert all(row.stage in TEMPLATES.stages for row in spec.process), code


def _copy(tmp_path: Path) -> tuple[Path, dict]:
    path = tmp_path / "requirements.yaml"
    shutil.copy(CORPUS / REQUIREMENTS_FILE, path)
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _edit(data: dict, mutate) -> dict:
    mutate(data)
    return data


def _entry(data, code):
    return next(p for p in data["points"] if p["code"] == code)


BAD = [
    (lambda d: _entry(d, "A2").update(source="规范"), "条目 A2: 字段 source"),
    (lambda d: _entry(d, "B1")["sections"][0].update(items_source="规范"), "条目 B1: 字段 sections.0.items_source"),
    (lambda d: _entry(d, "A1").update(source="项目默认"), "条目 A1: 字段 source"),
    (lambda d: _entry(d, "A3").update(evidence=["教学设计"]), "条目 A3: 字段 evidence"),
    (lambda d: _entry(d, "B1")["sections"][0].update(evidence="照片"), "条目 B1: 字段 sections.0.evidence"),
    (lambda d: _entry(d, "B2")["process"][0].update(stage="午休"), "条目 B2: 字段 process.0.stage"),
    (lambda d: _entry(d, "B3")["sections"][0]["prompts"].append("{teacher}怎么做？"),
     "条目 B3: 字段 sections.0.prompts.2"),
    (lambda d: _entry(d, "C1")["sections"][0]["indicators"].pop("优秀"), "条目 C1: 字段 sections.0"),
    (lambda d: _entry(d, "C2")["reflection"].pop("改进方向"), "条目 C2: 字段 reflection"),
    (lambda d: _entry(d, "C3").update(unexpected=1), "条目 C3: 字段 unexpected"),
    (lambda d: d["points"].pop(), "缺少能力点 C7"),
    (lambda d: d["points"].append(dict(_entry(d, "A5"))), "条目 A5: 字段 code"),
    (lambda d: _entry(d, "A4").update(code="T11"), "条目 T11: 字段 code"),
    (lambda d: d.pop("points"), "缺少 points"),
]


@pytest.mark.parametrize("mutate,message", BAD)
def test_malformed_requirements_name_file_entry_and_field(tmp_path, mutate, message):
    path, data = _copy(tmp_path)
    path.write_text(yaml.safe_dump(_edit(data, mutate), allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        load_requirements(path, ABILITIES, TEMPLATES.stages)
    assert str(path) in str(e.value) and message in str(e.value)


def test_unreadable_yaml_names_the_file(tmp_path):
    path = tmp_path / "requirements.yaml"
    path.write_text("points: [\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="requirements.yaml"):
        load_requirements(path, ABILITIES, TEMPLATES.stages)


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["core_stages"].append("午休"), "未知环节"),
    (lambda d: d["design"][0].update(key=""), "key"),
    (lambda d: d["school_plans"].pop("考核"), "school_plans"),
    (lambda d: d["design"][0]["prompts"].append("{nobody}"), "字段 design.0.prompts.2"),
])
def test_malformed_templates_are_corpus_errors(tmp_path, mutate, message):
    data = yaml.safe_load((CORPUS / TEMPLATES_FILE).read_text(encoding="utf-8"))
    path = tmp_path / "templates.yaml"
    path.write_text(yaml.safe_dump(_edit(data, mutate), allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_templates(path)
