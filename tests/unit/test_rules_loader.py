"""Malformed rule or region data fails at load, naming the file, the entry and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.corpus.errors import CorpusError
from assistant.rules import RuleEngine

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS / "policies", root / "policies")
    shutil.copytree(CORPUS / "rules", root / "rules")
    shutil.copy(CORPUS / "micro_abilities.yaml", root / "micro_abilities.yaml")
    shutil.copy(CORPUS / "regions.yaml", root / "regions.yaml")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (file under corpus/, text to replace, replacement, fragments the error must contain)
BROKEN = [
    ("rules/beijing-2.0-guidance.yaml", "quote: 培训共计50学时，其中线上学习25学时",
     "quote: 培训共计60学时，其中线上学习25学时", ["beijing-2.0-guidance.yaml", "beijing.hours.total", "source.quote"]),
    ("rules/wafangdian-2.0-plan.yaml", "    kind: requirement\n    topic: selection.count",
     "    kind: rule\n    topic: selection.count", ["wafangdian-2.0-plan.yaml", "wafangdian.selection.count", "kind"]),
    ("rules/jiangsu-2.0-opinion.yaml", 'params: {value: 50, unit: 学时, op: ">="}',
     "params: {value: 50, unit: 学时}", ["jiangsu-2.0-opinion.yaml", "jiangsu.hours.total", "params"]),
    ("rules/jiangsu-2.0-opinion.yaml", 'params: {value: 50, unit: 学时, op: ">="}',
     'params: {value: 50, unit: 小时, op: ">="}', ["jiangsu.hours.total", "params"]),
    ("rules/jiangsu-2.0-opinion.yaml", 'params: {value: 50, unit: 学时, op: ">="}',
     "params: {unit: 学时}", ["jiangsu.hours.total", "数值界限"]),
    ("rules/beijing-2.0-guidance.yaml", "  - id: beijing.hours.online\n    region: 北京",
     "  - id: beijing.hours.online\n    region: 上海", ["beijing.hours.online", "region"]),
    ("rules/beijing-2.0-guidance.yaml", "  - id: beijing.hours.online\n    region: 北京\n    program: \"2.0\"",
     "  - id: beijing.hours.online\n    region: 北京\n    program: \"1.0\"", ["beijing.hours.online", "program"]),
    ("rules/beijing-2.0-guidance.yaml", "  - id: beijing.hours.online\n", "  - id: beijing.hours.total\n",
     ["beijing.hours.total", "id", "重复"]),
    ("rules/beijing-2.0-guidance.yaml", "  - id: beijing.hours.online\n", "  - id: Beijing-Hours\n",
     ["Beijing-Hours", "id"]),
    ("rules/defaults.yaml", "message: 项目默认：每位教师选择3个微能力点", "message: 每位教师选择3个微能力点",
     ["defaults.yaml", "defaults.selection.count"]),
    ("rules/external.yaml", "    reference: 教师〔2019〕1号\n", "\n", ["external.yaml", "external.hours.total"]),
    ("rules/guangdong-1.0-plan.yaml", "document: guangdong-1.0-plan", "document: guangdong-9.0-plan",
     ["guangdong-1.0-plan.yaml", "document"]),
    ("rules/guangdong-1.0-plan.yaml", "      doc_id: guangdong-1.0-plan\n      quote: 粤教继函〔2014〕59号",
     "      doc_id: jiangsu-2.0-opinion\n      quote: 粤教继函〔2014〕59号", ["guangdong.docs.number", "source.doc_id"]),
    ("regions.yaml", "  - name: 江苏\n    full: 江苏省", "  - full: 江苏省", ["regions.yaml", "name"]),
    ("regions.yaml", "  - name: 江苏\n    full: 江苏省", "  - name: 江苏\n    full: 江苏省\n    capital: 南京",
     ["regions.yaml", "江苏", "capital"]),
]


@pytest.mark.parametrize("file,old,new,fragments", BROKEN, ids=[f"{b[0]}:{b[3][-1]}" for b in BROKEN])
def test_malformed_data_is_refused_with_file_entry_and_field(corpus: Path, file, old, new, fragments):
    _edit(corpus / file, old, new)
    with pytest.raises(CorpusError) as err:
        RuleEngine.load(corpus)
    for fragment in fragments:
        assert fragment in str(err.value)


def test_a_rules_file_without_document_key_is_refused(corpus: Path):
    (corpus / "rules" / "extra.yaml").write_text("rules: []\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="extra.yaml"):
        RuleEngine.load(corpus)


def test_unparseable_yaml_names_the_file(corpus: Path):
    (corpus / "rules" / "defaults.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="defaults.yaml"):
        RuleEngine.load(corpus)


def test_missing_regions_file_is_refused(corpus: Path):
    (corpus / "regions.yaml").unlink()
    with pytest.raises(CorpusError, match="regions.yaml"):
        RuleEngine.load(corpus)


def test_the_real_corpus_loads(corpus: Path):
    engine = RuleEngine.load(corpus)
    assert len(engine.all_rules) > 100
