"""Numbers as Chinese texts write them, and the claims found in free text."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.abilities import load_abilities
from assistant.rules.catalogue import Catalogue
from assistant.rules.claims import extract_claims
from assistant.rules.numbers import cn_to_int, normalize_text, parse_hours, parse_number, parse_ratio

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.mark.parametrize("text,value", [
    ("二十五", 25), ("两", 2), ("十", 10), ("十五", 15), ("一百零五", 105), ("三百", 300), ("一万二千", 12000),
    ("二〇二三", 2023), ("五十", 50), ("十四五", None), ("一三", None), ("零", 0), ("十百", None), ("", None),
    ("abc", None),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text,value", [
    ("25", 25.0), ("２５", 25.0), ("2.5", 2.5), ("110万", 1_100_000.0), ("二十五", 25.0), ("两", 2.0),
    ("x", None), ("", None), ("十四五", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("raw,value", [
    (25, 25.0), ("25", 25.0), ("25学时", 25.0), ("２５学时", 25.0), ("二十五学时", 25.0), ("25 个学时", 25.0),
    (True, None), ("很多", None), (None, None),
])
def test_parse_hours(raw, value):
    assert parse_hours(raw) == value


@pytest.mark.parametrize("raw,value", [
    (0.7, 0.7), (70, 0.7), ("70%", 0.7), ("７０％", 0.7), ("2/3", 2 / 3), ("三分之二", 2 / 3), ("百分之七十", 0.7),
    ("0.5", 0.5), ("一半", None), ("x", None), ("1/0", None),
])
def test_parse_ratio(raw, value):
    got = parse_ratio(raw)
    assert (got is None and value is None) or got == pytest.approx(value)


def test_normalize_text_keeps_offsets():
    raw = "管理团队３～５人，实践不少于５０％…"
    out = normalize_text(raw)
    assert len(out) == len(raw)
    assert out.startswith("管理团队3~5人,实践不少于50%")  # full-width punctuation too


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue(load_abilities(CORPUS / "micro_abilities.yaml"))


# text → [(claim text, kind, value, unit)]
CLAIMS = [
    ("北京要求80学时", [("80学时", "number", 80.0, "学时")]),
    ("不少于 25 学时", [("25 学时", "number", 25.0, "学时")]),
    ("不少于５０个学时", [("50个学时", "number", 50.0, "学时")]),
    ("二十五学时", [("二十五学时", "number", 25.0, "学时")]),
    ("选两个微能力点", [("两个", "number", 2.0, "个")]),
    ("统一三个能力点", [("三个", "number", 3.0, "个")]),
    ("30项微能力", [("30项", "number", 30.0, "个")]),
    ("3-5人", [("3-5人", "number", [3.0, 5.0], "人")]),
    ("3至5人", [("3至5人", "number", [3.0, 5.0], "人")]),
    ("3～5人", [("3~5人", "number", [3.0, 5.0], "人")]),
    ("3—5人", [("3—5人", "number", [3.0, 5.0], "人")]),
    ("三到五名", [("三到五名", "number", [3.0, 5.0], "人")]),
    ("100所示范校", [("100所", "number", 100.0, "所")]),
    ("百分之十", [("百分之十", "number", 10.0, "%")]),
    ("５０％", [("50%", "number", 50.0, "%")]),
    ("一半的学时", [("一半", "number", 50.0, "%")]),
    ("三分之二", [("三分之二", "number", pytest.approx(66.6667), "%")]),
    ("2/3", [("2/3", "number", pytest.approx(66.6667), "%")]),
    ("20%-40%", [("20%-40%", "number", [20.0, 40.0], "%")]),
    ("8月30日前", [("8月30日", "date", {"month": 8, "day": 30}, "date")]),
    ("2023年11月末", [("2023年11月", "date", {"year": 2023, "month": 11}, "date")]),
    ("二〇二三年八月三十日", [("二〇二三年八月三十日", "date", {"year": 2023, "month": 8, "day": 30}, "date")]),
    ("2020-2022 年", [("2020-2022 年", "date", {"years": [2020, 2022]}, "date")]),
    ("苏教师〔2020〕5号", [("苏教师〔2020〕5号", "doc_no", "苏教师〔2020〕5号", None)]),
    ("依据苏教师[2020]5号", [("苏教师[2020]5号", "doc_no", "苏教师〔2020〕5号", None)]),
    ("粤教继函（2014）59号", [("粤教继函(2014)59号", "doc_no", "粤教继函〔2014〕59号", None)]),
    ("《意见》（教师〔2019〕1号）", [("教师〔2019〕1号", "doc_no", "教师〔2019〕1号", None)]),
    ("选D3和A1", [("D3", "ability_code", "D3", None), ("A1", "ability_code", "A1", None)]),
    ("Ａ１０", [("A10", "ability_code", "A10", None)]),
    ("K12学校", []),
    ("提升工程2.0", []),
    ("“十四五”教师继续教育学分", []),
    ("学生信息安全培养", [("学生信息安全培养", "ability_name", "A10", None)]),
    ("A1技术支持的学情分析", [("A1", "ability_code", "A1", None), ("技术支持的学情分析", "ability_name", "A1", None)]),
]


@pytest.mark.parametrize("text,expected", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_extract_claims(catalogue, text, expected):
    got = [(c.text, c.kind, c.value, c.unit) for c in extract_claims(text, catalogue)]
    assert got == expected
