"""Numbers as Chinese texts write them: ２５, 二十五, 两个, 百分之十, 三分之二, 3-5 / 3至5 / 3～5 / 3—5."""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

__all__ = [
    "normalize_text",
    "parse_number",
    "parse_hours",
    "parse_ratio",
    "cn_to_int",
    "NUM",
    "RANGE_SEP",
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万"
# An Arabic number (optionally 万) or a run of Chinese numerals; parse_number decides whether the run is valid.
NUM = rf"(?:\d+(?:\.\d+)?万?|[{CN_CHARS}]+)"
RANGE_SEP = r"(?:-|~|～|〜|至|到|—|–|―|－)"
_EXTRA = {"〜": "~", "～": "~", "－": "-", "　": " "}


def normalize_text(text: str) -> str:
    """Full-width digits, letters and signs to ASCII (２５％ → 25%), one character for one: offsets are kept."""
    out = []
    for ch in text:
        mapped = _EXTRA.get(ch) or unicodedata.normalize("NFKC", ch)
        out.append(mapped if len(mapped) == 1 else ch)
    return "".join(out)


def _cn_below_wan(s: str) -> int | None:
    if not s:
        return 0
    if len(s) == 4 and all(c in _CN_DIGITS and c != "两" for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))  # a year, 二〇二三, read digit by digit
    total, num, last_unit = 0, None, 10_000
    for ch in s:
        if ch in _CN_DIGITS:
            if num is not None:
                return None  # two digits in a row (十四五) is not a number
            num = None if ch in "零〇" else _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if num is None else num) * unit
            num, last_unit = None, unit
        else:
            return None
    return total + (num or 0)


def cn_to_int(s: str) -> int | None:
    """二十五 → 25, 两 → 2, 一百零五 → 105, 一万二千 → 12000; not a number (十四五) → None."""
    if not s or any(c not in CN_CHARS for c in s):
        return None
    if "万" in s:
        high, _, low = s.partition("万")
        h, lo = _cn_below_wan(high) if high else 1, _cn_below_wan(low)
        return None if h is None or lo is None or "万" in low else h * 10_000 + lo
    return _cn_below_wan(s)


def parse_number(s: str) -> float | None:
    """'25', '２５', '2.5', '110万', '二十五' → a number; anything else → None."""
    s = normalize_text(s).strip()
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?万?", s):
        wan = s.endswith("万")
        v = float(s.rstrip("万"))
        return v * 10_000 if wan else v
    v = cn_to_int(s)
    return None if v is None else float(v)


def parse_hours(raw: object) -> float | None:
    """An hours figure from a plan: 25, '25', '25学时', '二十五学时' → 25.0; None when unreadable."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str):
        return parse_number(re.sub(r"\s*(个)?(学时|课时)$", "", normalize_text(raw).strip()))
    return None


def parse_ratio(raw: object) -> float | None:
    """A share as 0..1: 0.7, 70, '70%', '2/3', '三分之二', '百分之七十' → 0.7 / 0.666…; None when unreadable."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        v = float(raw)
        return v / 100 if v > 1 else v
    if not isinstance(raw, str):
        return None
    s = normalize_text(raw).strip().replace(" ", "")
    if m := re.fullmatch(r"(\d+)/(\d+)", s):
        return float(Fraction(int(m[1]), int(m[2]))) if int(m[2]) else None
    if m := re.fullmatch(rf"({NUM})分之({NUM})", s):
        den, num = parse_number(m[1]), parse_number(m[2])
        return num / den if den and num is not None else None
    if m := re.fullmatch(rf"百分之({NUM})", s):
        v = parse_number(m[1])
        return None if v is None else v / 100
    if s.endswith("%"):
        v = parse_number(s[:-1])
        return None if v is None else v / 100
    v = parse_number(s)
    return None if v is None else (v / 100 if v > 1 else v)
