"""The optional LLM judge, driven by the scripted FakeChatModel only (no model is called in tests)."""

import json

import pytest

from assistant.llm.fake import FakeChatModel
from assistant.prompts import load_prompt
from evals.faithfulness.judge import LLMJudge, evaluate_judge, normalize_verdict, parse_json

BJ = "培训共计50学时，其中线上学习25学时。"


@pytest.mark.parametrize("name,variables", [
    ("judge_statements", {"question", "answer"}), ("judge_verdicts", {"contexts", "statements"}),
])
def test_prompts_render_with_their_variables(name, variables):
    prompt = load_prompt(name)
    assert prompt.variables == variables
    text = prompt.render(**{v: f"<{v}>" for v in variables})
    assert all(f"<{v}>" in text for v in variables) and "JSON" in text


@pytest.mark.parametrize("text,expected", [
    ('{"statements": ["a"]}', {"statements": ["a"]}),
    ('好的：\n```json\n{"verdicts": []}\n```', {"verdicts": []}),
    ('结果是 [1, 2] 。', [1, 2]),
    ('前言 {坏的} 然后 {"a": 1}', {"a": 1}),
])
def test_parse_json(text, expected):
    assert parse_json(text) == expected


def test_parse_json_without_json_is_an_error():
    with pytest.raises(ValueError):
        parse_json("没有 JSON")


@pytest.mark.parametrize("raw,expected", [
    ("supported", "supported"), (1, "supported"), ("YES", "supported"), ("是", "supported"),
    ("contradicted", "contradicted"), ("矛盾", "contradicted"), (0, "unsupported"), ("no", "unsupported"),
    (None, "unsupported"),
])
def test_normalize_verdict(raw, expected):
    assert normalize_verdict(raw) == expected


def _replies(statements, verdicts):
    verdict_rows = [{"statement": s, "verdict": v, "reason": f"理由{i}"}
                    for i, (s, v) in enumerate(zip(statements, verdicts))]
    return [json.dumps({"statements": statements}, ensure_ascii=False),
            json.dumps({"verdicts": verdict_rows}, ensure_ascii=False)]


def test_judge_extracts_then_verifies_with_two_prompts():
    model = FakeChatModel(_replies(["北京线上25学时", "北京共80学时"], ["supported", "contradicted"]))
    result = LLMJudge(model).score("北京多少学时", "北京线上25学时，共80学时。", [BJ])
    assert result["faithfulness"] == 0.5
    assert [c["verdict"] for c in result["claims"]] == ["supported", "contradicted"]
    assert result["claims"][1]["evidence"] == "理由1"
    assert len(model.history) == 2 and BJ in model.history[1][0]["content"]
    assert "北京线上25学时，共80学时。" in model.history[0][0]["content"]


def test_a_statement_the_model_skipped_is_unsupported():
    model = FakeChatModel([json.dumps({"statements": ["甲", "乙"]}),
                           json.dumps({"verdicts": [{"verdict": 1}]})])
    claims = LLMJudge(model).score("?", "甲乙", [BJ])["claims"]
    assert [c["verdict"] for c in claims] == ["supported", "unsupported"]
    assert claims[1]["evidence"] == "模型未给出该条的判断"


def test_evaluate_judge_scores_like_the_offline_scorer_and_lists_failures():
    rows = [
        {"id": "f1", "label": "faithful", "question": "?", "answer": "a", "contexts": [BJ]},
        {"id": "u1", "label": "unfaithful", "error_type": "changed_number", "question": "?", "answer": "b",
         "contexts": [BJ]},
        {"id": "x", "label": "faithful", "question": "?", "answer": "c", "contexts": [BJ]},
    ]
    model = FakeChatModel(_replies(["a"], ["supported"]) + _replies(["b"], ["unsupported"]) + ["不是 JSON"])
    out = evaluate_judge(LLMJudge(model), rows)
    assert out["rows"] == 2 and out["accuracy"] == 1.0
    assert out["confusion"] == {"tp": 1, "fp": 0, "fn": 0, "tn": 1}
    assert out["errors"][0]["id"] == "x" and out["model"] == "fake"
