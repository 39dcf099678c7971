"""Choosing picks: the best combination the engine judges VALID, preferring a third dimension when close."""

import pytest

from assistant.corpus import load_abilities
from assistant.recommend.scoring import PointScore
from assistant.recommend.selection import allowed_letters, choose, target_count
from assistant.rules import RuleEngine
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def engine():
    return RuleEngine.load(CORPUS)


@pytest.fixture(scope="module")
def abilities():
    return load_abilities(CORPUS / "micro_abilities.yaml")


def sheet(**totals: float) -> list[PointScore]:
    """Scores for the named codes; every other point gets a small, stable score."""
    codes = [f"A{i}" for i in range(1, 14)] + [f"B{i}" for i in range(1, 11)] + [f"C{i}" for i in range(1, 8)]
    out = [PointScore(c, totals.get(c, 0.01 * (30 - i) / 30), {}) for i, c in enumerate(codes)]
    return sorted(out, key=lambda s: -s.total)


ALLOWED = [("多媒体", ["A"]), ("混合", ["A", "B"]), ("智慧", ["A", "B", "C"])]


@pytest.mark.parametrize("env,letters", ALLOWED)
def test_allowed_letters_come_from_the_environment_rule(engine, env, letters):
    assert allowed_letters(engine, None, env) == letters


@pytest.mark.parametrize("region", [None, "北京", "瓦房店", "上海", "火星市"])
def test_three_points_everywhere_in_the_corpus(engine, region):
    assert target_count(engine, region) == 3


CHOICES = [
    # (scores, environment, region, expected picks)
    ({"C1": 0.9, "B5": 0.8, "A3": 0.7, "A1": 0.6, "A11": 0.5}, "多媒体", None, ["A3", "A1", "A11"]),
    ({"C1": 0.9, "B5": 0.8, "A3": 0.7, "A1": 0.6, "A11": 0.5}, "混合", None, ["B5", "A3", "A1"]),
    ({"C1": 0.9, "B5": 0.8, "A3": 0.7, "A1": 0.6, "A11": 0.5}, "智慧", "北京", ["C1", "B5", "A3"]),
    # three 学业评价 points are one dimension: the engine rejects them, the next dimension comes in
    ({"A11": 0.9, "A12": 0.85, "A13": 0.8, "A3": 0.3}, "多媒体", None, ["A11", "A12", "A3"]),
    # a third dimension wins when the scores are close
    ({"A3": 0.9, "A6": 0.8, "A5": 0.58, "A11": 0.56}, "多媒体", "瓦房店", ["A3", "A6", "A11"]),
    # but not when they are far apart
    ({"A3": 0.9, "A6": 0.8, "A5": 0.7, "A11": 0.4}, "多媒体", "瓦房店", ["A3", "A6", "A5"]),
]


@pytest.mark.parametrize("scores,env,region,expected", CHOICES)
def test_choose_the_best_valid_combination(engine, abilities, scores, env, region, expected):
    choice = choose(sheet(**scores), abilities, engine, region, env)
    assert [p.code for p in choice.picks] == expected
    assert choice.check.verdict.value == "VALID"
    assert len(choice.runners_up) == 2 and not {r.code for r in choice.runners_up} & set(expected)


def test_required_points_are_kept_when_valid(engine, abilities):
    choice = choose(sheet(A3=0.9, A2=0.8, A6=0.7), abilities, engine, None, "多媒体", required=["A13"])
    assert "A13" in [p.code for p in choice.picks]
    assert choice.check.verdict.value == "VALID"
