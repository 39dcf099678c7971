"""Find checkable claims in text: numbers with units, ranges, shares, dates, point codes and names, 文号."""

from __future__ import annotations

import re
from functools import cache

from assistant.rules.catalogue import Catalogue
from assistant.rules.numbers import NUM, RANGE_SEP, normalize_text, parse_number
from assistant.rules.results import Claim

__all__ = ["extract_claims", "DOC_NO", "doc_no_key"]

DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[(【［]\s*((?:19|20)\d{2})\s*[〕\])】］]\s*(\d{1,4})\s*号")
_CODE = re.compile(r"(?<![A-Za-z0-9])([A-GT])\s?(\d{1,3})(?![A-Za-z0-9.])")
_YEAR = r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
_YEARS = re.compile(rf"((?:19|20)\d{{2}})\s*年?\s*{RANGE_SEP}\s*((?:19|20)\d{{2}})\s*年")
_DATE = re.compile(rf"{_YEAR}\s*年(?:\s*({NUM})\s*月(?:\s*({NUM})\s*[日号])?)?|({NUM})\s*月(?:\s*({NUM})\s*[日号])?")
_FRACTION = re.compile(rf"({NUM})\s*分之\s*({NUM})|(?<![\d/])(\d{{1,3}})\s*/\s*(\d{{1,3}})(?![\d/])")
_PERCENT_RANGE = re.compile(rf"({NUM})\s*%?\s*{RANGE_SEP}\s*({NUM})\s*%")
_PERCENT = re.compile(rf"百分之\s*({NUM})|({NUM})\s*%|一半")
_UNIT = r"(个\s*)?(学时|课时)|(个人|个|项|所|人|名|门|类)"
_RANGE = re.compile(rf"({NUM})\s*{RANGE_SEP}\s*({NUM})\s*(?:{_UNIT})")
_DETERMINERS = set("同每任某另单唯")
_COUNT = re.compile(rf"({NUM})\s*(?:{_UNIT})")
_UNITS = {"学时": "学时", "课时": "学时", "个": "个", "项": "个", "门": "个", "类": "个", "所": "所", "人": "人",
          "名": "人", "个人": "人"}
_ISSUER_STOP = re.compile(r".*(?:按照|依据|根据|参照|参考|执行|落实|印发|贯彻|即|是|为|的|和|及|与|《|》)")


def doc_no_key(prefix: str, year: str | int, number: str | int) -> str:
    """One spelling for a 文号 whatever its brackets: ('苏教师', 2020, 5) → '苏教师〔2020〕5号'."""
    return f"{prefix}〔{int(year)}〕{int(number)}号"


def _number(token: str) -> tuple[float | None, int]:
    """The value of a numeral run and how many leading characters to skip (二〇二〇年统一三个 → 三)."""
    for skip in range(len(token)):
        v = parse_number(token[skip:])
        if v is not None:
            return v, skip
    return None, 0


class _Spans:
    def __init__(self) -> None:
        self.taken: list[tuple[int, int]] = []

    def free(self, a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in self.taken)

    def take(self, a: int, b: int) -> None:
        self.taken.append((a, b))


# 提升工程2.0学时, 算2.0学时不: 1.0 and 2.0 name the programmes, unless said as an amount (共计2.0学时).
_PROGRAMME_NAME = re.compile(r"(?:工程\s*|(?<![\d.]))([12]\s*\.\s*0)(?![\d.%])")
_AMOUNT_BEFORE = re.compile(r"(?:共计|总计|合计|共|需|只需|只要|要学|学满|满|达到|至少|不少于|不低于|不超过|最多|为|是)\s*$")


@cache
def _difference() -> re.Pattern[str]:
    from assistant.corpus.lexicon import alternation, default_lexicon

    return re.compile(rf"(?:{alternation(default_lexicon().figures.difference).pattern})\s*({NUM}\s*(?:{_UNIT}|%))")


def extract_claims(text: str, catalogue: Catalogue) -> list[Claim]:
    """Every claim in the (normalised) text, left to right, status 'unknown' until judged."""
    t = normalize_text(text)
    spans = _Spans()
    claims: list[Claim] = []

    def add(a: int, b: int, **kw) -> None:
        if spans.free(a, b):
            spans.take(a, b)
            claims.append(Claim(text=t[a:b], start=a, end=b, **kw))

    for m in _PROGRAMME_NAME.finditer(t):  # 提升工程2.0学时补充通知: the programme's name, not 2.0学时
        # (…共计2.0学时 states an amount: a figure, however odd)
        if t[m.start():m.start(1)].strip() or not _AMOUNT_BEFORE.search(t[max(0, m.start() - 3):m.start()]):
            spans.take(m.start(1), m.end())
    for m in _difference().finditer(t):  # 两者相差30学时: a difference of two figures, not a figure of policy
        spans.take(m.start(1), m.end())
    for m in DOC_NO.finditer(t):
        prefix = _ISSUER_STOP.sub("", m[1]) or m[1]
        a = m.start(1) + len(m[1]) - len(prefix)
        add(a, m.end(), kind="doc_no", value=doc_no_key(prefix, m[2], m[3]))
    for m in _CODE.finditer(t):
        add(m.start(), m.end(), kind="ability_code", value=f"{m[1]}{int(m[2])}")
    for name, ability in catalogue.names:
        for m in re.finditer(re.escape(name), t):
            add(m.start(), m.end(), kind="ability_name", value=ability.code)
    for m in _YEARS.finditer(t):
        add(m.start(), m.end(), kind="date", value={"years": [int(m[1]), int(m[2])]}, unit="date")
    for m in _DATE.finditer(t):
        date = _date(m)
        if date:
            add(m.start(), m.end(), kind="date", value=date, unit="date")
    for m in _FRACTION.finditer(t):
        if m[1] is not None:
            den, num = _number(m[1])[0], _number(m[2])[0]
        else:
            num, den = float(m[3]), float(m[4])
        if den and num is not None and 0 < num <= den:
            add(m.start(), m.end(), kind="number", value=round(num / den * 100, 4), unit="%")
    for m in _PERCENT_RANGE.finditer(t):
        lo, hi = _number(m[1])[0], _number(m[2])[0]
        if lo is not None and hi is not None:
            add(m.start(), m.end(), kind="number", value=[lo, hi], unit="%")
    for m in _PERCENT.finditer(t):
        v = 50.0 if m[0] == "一半" else _number(m[1] or m[2])[0]
        if v is not None:
            add(m.start(), m.end(), kind="number", value=v, unit="%")
    for m in _RANGE.finditer(t):
        lo, hi = _number(m[1])[0], _number(m[2])[0]
        if lo is not None and hi is not None and lo < hi:
            add(m.start(), m.end(), kind="number", value=[lo, hi], unit=_UNITS[m[4] or m[5]])
    for m in _COUNT.finditer(t):
        v, skip = _number(m[1])
        if m[1] == "一" and m.start() > 0 and t[m.start() - 1] in _DETERMINERS:
            continue  # 同一个点 / 每一个 / 任一项: "the same", "each", "any" — not a count
        if v is not None:
            add(m.start() + skip, m.end(), kind="number", value=v, unit=_UNITS[m[3] or m[4]])
    return sorted(claims, key=lambda c: c.start)


def _date(m: re.Match) -> dict[str, int] | None:
    """{'year', 'month', 'day'} of a date match, or None when the parts are not a calendar date."""
    year_raw, month_raw, day_raw = (m[1], m[2], m[3]) if m[1] else (None, m[4], m[5])
    out: dict[str, int] = {}
    if year_raw:
        y = int(year_raw) if year_raw.isdigit() else int("".join(str("〇一二三四五六七八九".find(c) if c != "零"
                                                                    else 0) for c in year_raw))
        out["year"] = y
    if month_raw:
        month = _number(month_raw)[0]
        if month is None or not 1 <= month <= 12 or month != int(month):
            return None
        out["month"] = int(month)
    if day_raw:
        day = _number(day_raw)[0]
        if day is None or not 1 <= day <= 31:
            return None
        out["day"] = int(day)
    return out or None

