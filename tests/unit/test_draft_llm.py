"""With a chat model: sections fleshed out via prompts/draft_section.md, every sentence through the guard."""

import pytest

from assistant.drafting import Drafter
from assistant.drafting.flesh import SKIP_KEYS
from assistant.llm.base import LLMError
from assistant.llm.fake import FakeChatModel
from assistant.prompts import load_prompt
from assistant.rules import RuleEngine
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def engine():
    return RuleEngine.load(CORPUS)


def _drafter(engine, model):
    return Drafter.load(CORPUS, engine, chat_model=model)


def _fleshable(draft):
    return [s for s in draft.sections if s.prompts and s.key not in SKIP_KEYS
            and not (s.key.startswith("point.") and s.level < 3)]


def test_invented_figure_is_corrected_by_the_guard(engine):
    model = FakeChatModel(default="学生基础：学生已经学过压强。北京要求80学时，教师要按时完成。")
    draft = _drafter(engine, model).design(["A1", "B2"], "物理", "初中二年级", "浮力", region="北京")
    learners = draft.section("learners")
    assert "北京要求50学时" in learners.body and "80学时" not in learners.body
    assert learners.status == "corrected"
    fix = next(c for c in draft.corrections if c.section == "学情分析")
    assert fix.status == "corrected" and "80学时" in fix.original and "50学时" in fix.corrected
    assert fix.rule_id == "beijing.hours.total" and fix.doc_id == "beijing-2.0-guidance"
    assert fix.quote.startswith("培训共计50学时")
    assert draft.model == "fake" and any("已由规则核验更正" in n for n in draft.notes)
    assert all("80学时" not in s.body for s in draft.sections)
    assert "“北京要求80学时，教师要按时完成。” → “北京要求50学时，教师要按时完成。”" in draft.to_markdown()


@pytest.mark.parametrize("reply,kept,gone", [
    ("学生基础：已学压强。瓦房店要求每位教师选择5个微能力点。", "选择3个微能力点", "5个微能力点"),
    ("学生基础：已学压强。依据京教人〔2099〕9号文件开展教学。", "已学压强", "2099"),
    ("学生基础：已学压强。本课共2课时，第二课时做实验。", "第二课时做实验", "50学时"),
    ("学生基础：已学压强。本方案还涉及A15能力点。", "已学压强", "A15"),
])
def test_guard_corrects_or_removes_and_leaves_lessons_alone(engine, reply, kept, gone):
    draft = _drafter(engine, FakeChatModel(default=reply)).design(["A1", "B2"], "物理", "初二", "浮力",
                                                                   region="北京")
    body = draft.section("learners").body
    assert kept in body and gone not in body


def test_every_fleshable_section_gets_one_rendered_call(engine):
    model = FakeChatModel(default="正文：按提纲扩写。")
    drafter = _drafter(engine, model)
    draft = drafter.design(["A1", "C4"], "语文", "小学五年级", "观潮", environment="智慧", region="瓦房店")
    called = _fleshable(draft)
    assert len(model.history) == len(called) > 5
    for messages in model.history:
        system, user = messages
        assert system["role"] == "system" and "不要编造" in system["content"] and "{{" not in system["content"]
        assert user["role"] == "user" and "《观潮》" in user["content"] and "{{" not in user["content"]
        assert "<<<教师输入开始>>>" in user["content"]
    assert "本节：学情分析方案" in model.history[2][1]["content"]
    untouched = {s.key for s in draft.sections} - {s.key for s in called}
    assert {"basic", "process", "regional", "materials", "case"} <= untouched
    assert draft.section("basic").status == "outline"


def test_dropped_item_labels_are_restored_so_the_draft_stays_complete(engine):
    draft = _drafter(engine, FakeChatModel(default="这里是模型写的一段话。")).design(
        ["A1", "C4"], "语文", "小学五年级", "观潮", environment="智慧")
    plan = draft.section("point.A1.学情分析方案")
    assert plan.body.startswith("这里是模型写的一段话。")
    assert all(f"{item}：" in plan.body for item in plan.items)
    assert draft.completeness.complete


def test_rule_sentences_are_re_added_verbatim_in_school_plans(engine):
    model = FakeChatModel(default="本校将组织研修。\n文件依据：瓦房店要求80学时。")
    draft = _drafter(engine, model).school_plan("瓦房店", "研修")
    hours = next(s for s in draft.sections if s.heading == "学时与研修方式")
    assert hours.body.startswith("本校将组织研修。")
    assert "80学时" not in hours.body
    assert "瓦房店市教师在培训周期内要完成不少于25学时的网络研修。[" in hours.body
    assert "文件依据：瓦房店要求" not in model.history[0][1]["content"]


class _Failing:
    name = "broken"

    def __init__(self):
        self.calls = 0

    def complete(self, messages):
        self.calls += 1
        raise LLMError("连接超时")

    def stream(self, messages):
        raise LLMError("连接超时")


def test_model_failure_keeps_the_outline(engine):
    model = _Failing()
    draft = _drafter(engine, model).design(["A1", "B2"], "物理", "初二", "浮力")
    assert model.calls == 1
    assert all(s.status == "outline" for s in draft.sections)
    assert any("模型调用失败" in n for n in draft.notes) and draft.completeness.complete


def test_a_reply_the_guard_refuses_falls_back_to_the_outline(engine):
    draft = _drafter(engine, FakeChatModel(default="北京要求教师选择A15。")).design(
        ["A1", "B2"], "物理", "初二", "浮力", region="北京")
    learners = draft.section("learners")
    assert learners.status == "fallback" and learners.body.startswith("学生基础：")
    assert draft.completeness.complete


def test_reflection_is_fleshed_too(engine):
    model = FakeChatModel(default="实施概况：在初二（  ）班实施。")
    draft = _drafter(engine, model).reflection(["A1", "B2"], "物理", "初二", "浮力", region="北京")
    assert draft.section("practice").status == "drafted" and len(model.history) == 4
    assert draft.completeness.complete


@pytest.mark.parametrize("name", ["draft_system", "draft_section"])
def test_prompt_files_render_with_exactly_their_variables(name):
    prompt = load_prompt(name)
    values = {v: f"<{v}>" for v in prompt.variables}
    text = prompt.render(**values)
    assert "{{" not in text and all(f"<{v}>" in text for v in values)
    with pytest.raises(ValueError):
        prompt.render(**values, unexpected="x")
