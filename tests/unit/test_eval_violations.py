"""violations_left: the figures of a final answer checked against the rules of the place and programme each line
speaks for."""

from types import SimpleNamespace

import pytest

from assistant.types import GuardReport
from evals.qa import violations_left


def _answer(text: str, region: str | None = "江苏", program: str = "2.0"):
    return SimpleNamespace(answer=text, region=region, program=program, grounding=GuardReport(verdict="grounded"))


# (answer text, region, violations expected)
CASES = [
    # A 1.0 figure under a line labelled as the 1.0 programme is that programme's, bullets included.
    ("广东（提升工程1.0）：“提升工程”总计培训学时为80学时。\n· 其中基于网络的专业研修56学时。", "江苏", False),
    # The same figures said of 2.0 are a violation.
    ("广东：“提升工程”总计培训学时为80学时。\n· 其中基于网络的专业研修56学时。", "北京", True),
    ("北京：培训共计60学时。", "北京", True),
    ("北京：培训共计50学时。", "北京", False),
]


@pytest.mark.parametrize("text,region,expected", CASES)
def test_each_line_is_checked_for_the_place_and_programme_it_speaks_for(fake_advisor, text, region, expected):
    assert bool(violations_left(fake_advisor.rules, _answer(text, region))) is expected
