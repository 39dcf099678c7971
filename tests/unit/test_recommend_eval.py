"""The recommendation dataset is broad and well-formed; the runner reports validity, hits, precision, latency."""

import json
from collections import Counter

import pytest
import yaml

from assistant.indexing.fake_embedder import FakeEmbedder
from assistant.recommend import Recommender
from assistant.recommend.cues import DEFAULT_CUES_PATH
from assistant.recommend.understanding import split_clauses
from assistant.rules import RuleEngine
from evals.recommend import DEFAULT_DATASET, format_table, load_dataset, run_recommend
from tests.conftest import make_settings

ROWS = load_dataset(DEFAULT_DATASET)


def test_dataset_is_large_and_varied():
    assert len(ROWS) >= 45
    for row in ROWS:
        assert 3 <= len(row["accept"]) <= 6, row["id"]
        assert row["must_include_one_of"] and set(row["must_include_one_of"]) <= set(row["accept"]), row["id"]
        assert {"region", "environment", "subject", "grade"} <= set(row), row["id"]
    subjects = Counter(r["subject"] for r in ROWS if r["subject"])
    assert len(subjects) >= 10
    stages = {r["grade"][:2] for r in ROWS if r["grade"]}
    assert stages == {"小学", "初中", "高中"}
    envs = Counter(r["environment"] for r in ROWS)
    assert all(envs[e] >= 5 for e in ("多媒体", "混合", "智慧", None))
    regions = {r["region"] for r in ROWS}
    assert {"北京", "瓦房店", "南京", None, "火星市"} <= regions
    assert any(len(r["text"]) > 100 for r in ROWS), "a long text"
    assert any(len(r["text"]) < 8 for r in ROWS), "a terse text"


def test_the_cue_table_does_not_copy_the_dataset():
    """Cues are general vocabulary: none of them is a whole clause of an evaluation text."""
    cues = yaml.safe_load(DEFAULT_CUES_PATH.read_text(encoding="utf-8"))
    words = {c.replace("*", "") for n in cues["needs"] for c in n["cues"]}
    assert max(len(w) for w in words) <= 10
    clauses = {c.text for r in ROWS for c in split_clauses(r["text"]) if len(c.text) >= 6}
    assert not words & clauses


@pytest.mark.parametrize("line,message", [
    ("not json", "不是合法 JSON"),
    ('{"id": "x", "text": "t"}', "缺少字段"),
    ('{"id": "x", "text": "t", "accept": ["A1", "Z1"], "must_include_one_of": ["A1"]}', "未知编号"),
    ('{"id": "x", "text": "t", "accept": ["A1", "A2", "A3"], "must_include_one_of": ["A4"]}',
     "must_include_one_of"),
])
def test_malformed_rows_name_the_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_dataset(path)


@pytest.fixture(scope="module")
def fake_recommender(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("eval"))
    engine = RuleEngine.load(settings.corpus_dir)
    return Recommender.from_settings(settings, engine=engine, embedder=FakeEmbedder())


def test_runner_on_a_small_dataset(tmp_path, fake_recommender):
    rows = [dict(ROWS[0]), {**ROWS[1], "must_include_one_of": ["A1"], "accept": ["A1", "A2", "A4"]}]
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = run_recommend(fake_recommender, path)
    assert report["cases"] == 2 and report["validity"] == 1.0
    assert 0.0 <= report["precision"] <= 1.0
    assert set(report["latency_ms"]) == {"p50", "p95", "max"}
    assert len(report["results"]) == 2
    table = format_table(report)
    assert "有效率" in table and "命中率" in table and "p95" in table


def test_fake_embedder_on_the_whole_dataset_stays_valid_and_mostly_hits(fake_recommender):
    """A regression guard that runs in a second: the cue table and engine carry most of the work."""
    report = run_recommend(fake_recommender)
    assert report["validity"] == 1.0
    assert report["hit_rate"] >= 0.9, format_table(report)
