"""Calibration on faithfulness.jsonl: a deterministic stratified split, the fit, and the shipped defaults."""

import pytest

from assistant.indexing.fake_embedder import FakeEmbedder
from evals.faithfulness.calibration import calibrate, load_labelled, score_predictions, split_rows
from evals.faithfulness.scorer import DEFAULT_THRESHOLDS, FaithfulnessScorer


@pytest.fixture(scope="module")
def report():
    # Without embeddings: the shipped thresholds use no similarity rescue, so the fit must come out the same.
    return calibrate(FaithfulnessScorer(FakeEmbedder(dim=64)), similarity=False)


def test_split_is_stratified_deterministic_and_disjoint():
    rows = load_labelled()
    calib, held = split_rows(rows)
    assert split_rows(list(reversed(rows))) == (calib, held)
    assert {r["id"] for r in calib}.isdisjoint({r["id"] for r in held})
    assert len(calib) + len(held) == len(rows)
    for half in (calib, held):
        assert sum(r["label"] == "faithful" for r in half) == 18  # not "all faithful rows first"
        assert len({r["error_type"] for r in half if r["error_type"]}) == 6


def test_the_shipped_thresholds_are_the_fit_on_the_calibration_half(report):
    assert report["thresholds"] == DEFAULT_THRESHOLDS.to_json()


def test_accuracy_meets_the_target_on_held_out_half_and_on_all(report):
    assert report["held_out"]["accuracy"] >= 0.9, report["held_out"]["wrong"]
    assert report["all"]["accuracy"] >= 0.9, report["all"]["wrong"]
    cm = report["all"]["confusion"]
    assert sum(cm.values()) == 72
    types = {"changed_number", "wrong_region", "invented_requirement", "wrong_code", "extra_sentence",
             "wrong_doc_no"}
    assert set(report["all"]["recall_by_error_type"]) == types


def test_every_item_explains_each_claim(report):
    for item in report["items"]:
        assert item["claims"] or item["predicted"] == "faithful"
        assert all(c["evidence"] for c in item["claims"])


@pytest.mark.parametrize("predicted,accuracy,cm", [
    ({"a": "unfaithful", "b": "faithful"}, 1.0, {"tp": 1, "fp": 0, "fn": 0, "tn": 1}),
    ({"a": "faithful", "b": "unfaithful"}, 0.0, {"tp": 0, "fp": 1, "fn": 1, "tn": 0}),
    ({"a": "unfaithful"}, 1.0, {"tp": 1, "fp": 0, "fn": 0, "tn": 0}),
])
def test_score_predictions(predicted, accuracy, cm):
    rows = [{"id": "a", "label": "unfaithful", "error_type": "wrong_code"}, {"id": "b", "label": "faithful"}]
    out = score_predictions(rows, predicted)
    assert out["accuracy"] == accuracy and out["confusion"] == cm
