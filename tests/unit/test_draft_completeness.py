"""Completeness: required sections present, non-empty, with their items; the process table filled."""

import pytest

from assistant.drafting import Drafter
from assistant.drafting.completeness import check_completeness, is_filled, item_present
from assistant.rules import RuleEngine
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def draft():
    drafter = Drafter.load(CORPUS, RuleEngine.load(CORPUS))
    return drafter.design(["A1", "C4"], "语文", "小学五年级", "观潮", environment="智慧", region="北京")


def _drop(d, key):
    return d.model_copy(update={"sections": [s for s in d.sections if s.key != key]})


def _body(d, key, body):
    return d.model_copy(update={"sections": [s.model_copy(update={"body": body}) if s.key == key else s
                                             for s in d.sections]})


CASES = [
    (lambda d: d, True, []),
    (lambda d: _drop(d, "learners"), False, ["学情分析（缺少该节）"]),
    (lambda d: _drop(d, "point.A1.学情分析报告"), False, ["A1 技术支持的学情分析 › 学情分析报告（缺少该节）"]),
    (lambda d: _body(d, "goals", "  \n（  ）\n"), False, ["教学目标（内容为空）"]),
    (lambda d: _body(d, "point.A1.学情分析方案", "分析目的：了解学生。"), False,
     ["A1 技术支持的学情分析 › 学情分析方案（缺少：分析内容、方法与工具）"]),
    (lambda d: _body(d, "point.C4.创造性学习与表达设计方案", "主题：潮。任务：写。"), False,
     ["C4 支持学生创造性学习与表达 › 创造性学习与表达设计方案（缺少：面向对象、活动环节设计、学习评价、支持资源、技术环境）"]),
    (lambda d: d.model_copy(update={"process": []}), False, ["教学过程（教学过程表为空或有空白单元格）"]),
    (lambda d: d.model_copy(update={"process": [d.process[0].model_copy(update={"intent": ""})]}), False,
     ["教学过程（教学过程表为空或有空白单元格）"]),
    (lambda d: _drop(d, "case"), True, []),
]


@pytest.mark.parametrize("edit,complete,missing", CASES)
def test_completeness(draft, edit, complete, missing):
    result = check_completeness(edit(draft))
    assert result.complete is complete
    assert result.missing == missing


@pytest.mark.parametrize("text,filled", [
    ("", False), (None, False), ("  \n", False), ("（  ）", False), ("……", False), ("待填写", False),
    ("——", False), ("略", False), ("用问卷星收集。", True), ("A1", True),
])
def test_is_filled(text, filled):
    assert is_filled(text) is filled


@pytest.mark.parametrize("label,body,present", [
    ("分析目的", "分析目的：……", True),
    ("分析目的", "目的：了解误区", True),
    ("方法与工具", "方法：前测；工具：问卷星", True),
    ("方法与工具", "方法：前测", False),
    ("活动环节设计", "活动设计", False),
])
def test_item_present(label, body, present):
    assert item_present(label, body) is present


def test_completeness_is_recomputed_on_export(draft):
    broken = _drop(draft, "learners")
    assert broken.completeness.complete  # stale until checked
    assert "学情分析（缺少该节）" in broken.to_markdown()
