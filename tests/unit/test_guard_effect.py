"""The guard-effect report: a noisy stand-in model plants errors; the guard leaves none and loses no answer."""

import json

from evals.guard_effect import NoisyModel, _plant, format_table, guard_effect

PLANTS = [
    ("北京市线上学习25学时", 0, "北京市线上学习30学时"),
    ("教师要完成不少于25学时的网络研修", 1, "教师要完成不超过25学时的网络研修"),
    ("教师要完成网络研修", 2, "教师不要完成网络研修"),
    ("由校长领衔", 3, "由校长领衔。参训教师每人可获得500元补贴"),
]


def test_each_kind_of_planted_error():
    for text, k, planted in PLANTS:
        assert _plant(text, k) == planted


def test_the_noisy_model_is_reproducible_and_keeps_the_marks():
    messages = [{"role": "user", "content": "[1] 北京市培训共计50学时。\n依据：…\n\n[2] 线上学习25学时。\n依据：…"}]
    a, b = NoisyModel(), NoisyModel()
    assert a.complete(messages) == b.complete(messages)
    assert "[1]" in a.complete(messages) and "[2]" in a.complete(messages)


def test_with_the_guard_no_planted_error_is_left_and_no_correct_answer_lost(fake_advisor, tmp_path):
    rows = [{"id": f"g{i}", "question": q, "region": r, "key_facts": f, "expect_refusal": False}
            for i, (q, r, f) in enumerate([
                ("北京线上要学多少学时？", None, ["25学时"]),
                ("应用案例那块北京要看几个学时啊", None, ["5学时"]),
                ("瓦房店网络研修跟校本实践分别多少学时", None, ["25学时"]),
                ("县片校三级是啥 谁是责任主体", None, ["区县"]),
                ("学校信息化管理团队由谁领衔", None, ["校长"]),
            ])]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = guard_effect(fake_advisor.settings, path)
    assert report["offline"]["correct_answers_lost"] == [] and report["noisy"]["correct_answers_lost"] == []
    noisy = report["noisy"]
    assert noisy["with"]["rule_contradictions"] == 0
    assert noisy["with"]["key_fact_accuracy"] >= noisy["without"]["key_fact_accuracy"]
    assert "守卫" in format_table(report)
