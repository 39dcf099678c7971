"""The one-command run (with the fake-embedder advisor), the gate and the thresholds file."""

import json

import pytest

from assistant.llm.fake import FakeChatModel
from evals.faithfulness.evaluate import load_split
from evals.faithfulness.judge import LLMJudge
from evals.report import render_html
from evals.run import METRICS, THRESHOLDS, gate, headline, load_thresholds, run_all


def _report(**values):
    return {"metrics": {k: {"label": k, "kind": "ratio", "value": v} for k, v in values.items()}}


GATES = [
    ({"a": 0.96}, {"a": {"min": 0.95}}, []),
    ({"a": 0.94}, {"a": {"min": 0.95}}, ["a：0.94，低于门槛 0.95"]),
    ({"a": 0}, {"a": {"max": 0}}, []),
    ({"a": 2}, {"a": {"max": 0}}, ["a：2，高于上限 0"]),
    ({"a": 1.0}, {"a": {"eq": 1.0}}, []),
    ({"a": 0.99}, {"a": {"eq": 1.0}}, ["a：0.99，应为 1"]),
    ({"a": None}, {"a": {"eq": 1.0, "optional": True}}, []),
    ({"a": None}, {"a": {"min": 0.5}}, ["a：没有测出结果（a）"]),
    ({}, {"b": {"min": 0.5}}, ["b：没有测出结果（b）"]),
]


@pytest.mark.parametrize("values,rules,failures", GATES)
def test_gate(values, rules, failures):
    assert gate(_report(**values), rules) == failures


def test_thresholds_file_names_known_metrics_with_valid_bounds():
    rules = load_thresholds(THRESHOLDS)
    known = {key for key, *_ in METRICS}
    assert set(rules) <= known
    for key, rule in rules.items():
        assert set(rule) <= {"min", "max", "eq", "optional"} and set(rule) & {"min", "max", "eq"}, key
    assert rules["faithfulness.scorer_accuracy"]["min"] >= 0.9
    assert rules["recommend.validity"]["eq"] == 1.0 and rules["qa.violations_left"]["max"] == 0


def test_headline_reads_what_ran_and_leaves_the_rest_empty():
    m = headline({"recommend": {"validity": 1.0, "hit_rate": 0.5, "precision": 0.4}})
    assert m["recommend.validity"]["value"] == 1.0 and m["recommend.validity"]["label"] == "推荐有效率"
    assert m["qa.key_fact_accuracy"]["value"] is None


@pytest.fixture(scope="module")
def full_run(fake_advisor, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return run_all(fake_advisor, out_dir=out), out


def test_run_all_runs_every_suite_and_writes_one_report(full_run):
    report, out = full_run
    suites = report["suites"]
    expected = {"retrieval", "qa", "adversarial", "grounding", "recommend", "drafts", "faithfulness"}
    assert expected <= set(suites)
    assert report["metrics"]["retrieval.hybrid.ndcg@5"]["value"] is not None
    assert report["metrics"]["faithfulness.scorer_accuracy"]["value"] >= 0.9
    adv = suites["adversarial"]
    assert adv["items"] == sum(v["n"] for v in adv["by_kind"].values()) == 45
    assert set(adv["by_kind"]) == {"injection", "out_of_scope", "unanswerable", "wrong_region", "program_1_0"}
    assert isinstance(report["gate"], list)
    assert (out / "latest.json").is_file() and (out / "latest.html").is_file()
    assert len(report["paths"]) == 4
    saved = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert saved["metrics"] == json.loads(json.dumps(report["metrics"]))
    json.dumps(report, ensure_ascii=False)  # the CLI prints it as is with --json


def test_grounding_scores_our_answers_with_their_citations(full_run):
    g = full_run[0]["suites"]["grounding"]
    assert g["summary"]["answers"] > 50 and g["summary"]["claims"] > g["summary"]["answers"]
    for item in g["items"]:
        for claim in item["claims"]:
            assert claim["verdict"] in ("supported", "unsupported", "contradicted") and claim["evidence"]
    ranked = [i["faithfulness"] for i in g["items"] if i["faithfulness"] is not None]
    assert ranked == sorted(ranked)  # failures first


def test_drafts_suite_is_skipped_with_a_note_or_run(full_run):
    drafts = full_run[0]["suites"]["drafts"]
    assert "skipped" in drafts or full_run[0]["metrics"]["drafts.completeness"]["value"] is not None


def test_judge_is_shown_beside_the_offline_scorer(fake_advisor):
    # Every statement is judged supported: the judge then labels every row faithful, so its accuracy is the
    # share of faithful rows in the test split.
    model = FakeChatModel(default='{"statements": ["甲"], "verdicts": [{"verdict": "supported"}]}')
    report = run_all(fake_advisor, thresholds={}, judge=LLMJudge(model))
    rows = load_split("test")
    share = sum(r["label"] == "faithful" for r in rows) / len(rows)
    judge = report["suites"]["faithfulness"]["test"]["judge"]
    assert judge["rows"] == len(rows) and judge["accuracy"] == pytest.approx(share)
    assert 0.3 < share < 0.7
    assert report["metrics"]["faithfulness.judge_accuracy"]["value"] == pytest.approx(share)
    assert "LLM 评审" in render_html(report)
