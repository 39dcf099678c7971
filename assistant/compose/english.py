"""A few English words teachers and other systems mix in, mapped to the Chinese the pipeline understands."""

from __future__ import annotations

import re

__all__ = ["to_chinese_terms"]

_TERMS = [
    (r"how many|how much", "多少"), (r"hours?|credit hours?", "学时"), (r"in total|total", "一共"),
    (r"teachers?", "教师"), (r"micro[- ]?abilit(?:y|ies)|abilit(?:y|ies) points?", "微能力点"),
    (r"online", "线上"), (r"offline", "线下"), (r"practice", "实践"), (r"schools?", "学校"),
    (r"beijing", "北京"), (r"jiangsu", "江苏"), (r"nanjing", "南京"), (r"guangdong", "广东"),
    (r"shanghai", "上海"), (r"wafangdian", "瓦房店"), (r"dalian", "大连"), (r"national", "全国"),
    (r"requirements?|required|need(?:s|ed)?", "要求"), (r"training", "培训"),
]
_PATTERN = re.compile("|".join(f"(?:\\b{p}\\b)" for p, _ in _TERMS), re.IGNORECASE)


def to_chinese_terms(text: str) -> str:
    """Replace known English terms; a text without Latin letters comes back unchanged."""
    if not re.search(r"[A-Za-z]{3,}", text):
        return text

    def sub(m: re.Match) -> str:
        word = m.group(0).lower()
        for pattern, zh in _TERMS:
            if re.fullmatch(pattern, word, re.IGNORECASE):
                return zh
        return m.group(0)

    return _PATTERN.sub(sub, text)
