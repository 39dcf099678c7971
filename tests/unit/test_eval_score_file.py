"""Scoring any system's answers from a JSONL file: both field spellings, malformed rows reported by line."""

import json

import pytest

from assistant.settings import ROOT
from evals.faithfulness.scorer import FaithfulnessScorer
from evals.score import format_table, parse_row, score_file

BJ = "培训共计50学时，其中线上学习25学时，线下校本研修与校本应用考核25学时。"


@pytest.fixture(scope="module")
def scorer():
    return FaithfulnessScorer.from_corpus(ROOT / "corpus")


def _write(tmp_path, lines):
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_scores_good_rows_and_reports_bad_ones_by_line(tmp_path, scorer):
    lines = [
        json.dumps({"id": "x1", "question": "北京线上多少", "answer": "线上学习30学时。", "contexts": [BJ]}),
        json.dumps({"user_input": "北京线上多少", "response": "线上学习25学时[1]。", "retrieved_contexts": [BJ],
                    "reference": "25学时"}),
        "{不是 JSON",
        json.dumps({"question": "q", "answer": "a"}),
        "",
        json.dumps({"question": "q", "answer": 3, "contexts": []}),
        json.dumps({"question": "q", "answer": "a", "contexts": "一段文字"}),
        json.dumps({"question": "q", "answer": "a", "contexts": ["ok", 5]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": True, "question": "q", "answer": "a", "contexts": []}),
    ]
    report = score_file(_write(tmp_path, lines), scorer)
    items = report["items"]
    assert [i["line"] for i in items] == [1, 2]
    assert items[0]["id"] == "x1" and "id" not in items[1]
    assert items[0]["faithfulness"] == 0.0 and items[0]["claims"][0]["verdict"] == "contradicted"
    assert items[1]["faithfulness"] == 1.0
    assert set(items[0]["claims"][0]) == {"text", "verdict", "slot", "evidence"}
    s = report["summary"]
    assert s["count"] == 2 and s["mean_faithfulness"] == 0.5 and s["unfaithful"] == 1
    assert [e["line"] for e in s["errors"]] == [3, 4, 6, 7, 8, 9, 10]
    assert all(e["message"] for e in s["errors"])
    assert "第 3 行无法评分" in format_table(report)


@pytest.mark.parametrize("line,message", [
    ('{"question": "q", "contexts": []}', "缺少字段 answer 或 response"),
    ('{"question": 1, "answer": "a", "contexts": []}', "question 应为字符串"),
    ('{"question": "q", "answer": "a", "contexts": [], "ground_truth": 3}', "ground_truth 应为字符串"),
    ("[1", "不是合法 JSON"),
    ('{"question": "q", "answer": "a", "contexts": [], "region": 3}', "region 应为字符串"),
])
def test_parse_row_messages(line, message):
    with pytest.raises(ValueError, match=message):
        parse_row(line)


def test_new_names_are_mapped_to_ours():
    row = parse_row('{"user_input": "q", "response": "a", "retrieved_contexts": ["c"], '
                    '"reference": "r", "id": 7}')
    assert row == {"question": "q", "answer": "a", "contexts": ["c"], "ground_truth": "r", "id": 7}
    assert parse_row('{"question": "q", "answer": "a", "contexts": [], "region": "北京"}')["region"] == "北京"


def test_rule_contradictions_are_listed_when_the_scorer_has_an_engine(tmp_path, scorer):
    lines = [json.dumps({"question": "?", "answer": "北京要求线上学习30学时。", "contexts": [BJ]}),
             json.dumps({"question": "?", "answer": "要求线上学习30学时。", "contexts": [BJ], "region": "北京"}),
             json.dumps({"question": "?", "answer": "要求线上学习25学时。", "contexts": [BJ], "region": "北京"})]
    report = score_file(_write(tmp_path, lines), scorer)
    found = [[r["rule_id"] for r in i["rule_contradictions"]] for i in report["items"]]
    assert found == [["beijing.hours.online"], ["beijing.hours.online"], []]
    assert report["summary"]["rule_contradictions"] == 2
    assert "与规则矛盾" in format_table(report)


def test_missing_file_is_a_clear_error(tmp_path, scorer):
    with pytest.raises(ValueError, match="找不到文件"):
        score_file(tmp_path / "nope.jsonl", scorer)


def test_the_llm_judge_scores_beside_the_offline_scorer(tmp_path, scorer):
    from assistant.llm.fake import FakeChatModel
    from evals.faithfulness.judge import LLMJudge

    lines = [json.dumps({"id": "a", "question": "北京线上多少", "answer": "线上学习30学时。", "contexts": [BJ]}),
             json.dumps({"id": "b", "question": "北京线上多少", "answer": "线上学习25学时。", "contexts": [BJ]})]
    # The model says every statement is supported: it agrees with the offline scorer on b, not on a.
    model = FakeChatModel([json.dumps({"statements": ["线上学习30学时"]}),
                           json.dumps({"verdicts": [{"verdict": "supported", "reason": "x"}]}),
                           "不是 JSON"])
    report = score_file(_write(tmp_path, lines), scorer, LLMJudge(model))
    a, b = report["items"]
    assert a["judge"]["faithfulness"] == 1.0 and a["faithfulness"] == 0.0
    assert "error" in b["judge"]
    judge = report["summary"]["judge"]
    assert judge["judged"] == 1 and judge["failed"] == 1 and judge["agreement_with_offline"] == 0.0
    assert "LLM 评审" in format_table(report)


CSV_NEW = ("user_input,response,retrieved_contexts,reference\n"
           "北京线上多少,线上学习25学时。,\"['" + BJ + "']\",25学时\n"
           "北京线上多少,线上学习30学时。,\"[\"\"" + BJ + "\"\"]\",25学时\n")
CSV_OLD = ("question,answer,contexts,ground_truths\n"
           "北京线上多少,线上学习25学时。," + '"' + BJ + '"' + ",\"['25学时']\"\n")
ARRAY = json.dumps([{"question": "北京线上多少", "answer": "线上学习25学时。", "contexts": [BJ]},
                    {"user_input": "北京线上多少", "response": "线上学习不超过25学时。", "retrieved_contexts": [BJ]}],
                   ensure_ascii=False)


@pytest.mark.parametrize("name,text,verdicts", [
    ("ragas-new.csv", CSV_NEW, [1.0, 0.0]),  # RAGAS to_csv: a Python-list repr, then a JSON list
    ("ragas-old.csv", CSV_OLD, [1.0]),  # one context as plain text; ground_truths as a list
    ("answers.json", ARRAY, [1.0, 0.0]),
])
def test_csv_and_json_arrays_in_ragas_names(tmp_path, scorer, name, text, verdicts):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = score_file(path, scorer)
    assert [i["faithfulness"] for i in report["items"]] == verdicts and report["summary"]["errors"] == []


@pytest.mark.parametrize("text,reason", [
    ("", "文件为空"),
    ("a,b\n", "没有数据行"),
    ("a,b\n1,2\n", "缺少字段"),
    ("[1, 2", "无法解析"),
    ('{"question": "q"}\n', "缺少字段"),
])
def test_nothing_readable_is_an_error_with_the_reason(tmp_path, scorer, text, reason):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=reason):
        score_file(path, scorer)


def test_cli_exits_2_when_nothing_could_be_read(tmp_path):
    from typer.testing import CliRunner

    from assistant.cli import app

    path = tmp_path / "empty.json"
    path.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "score", str(path)])
    assert result.exit_code == 2 and "没有可评分的行" in result.output
