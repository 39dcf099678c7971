"""Which governed fact a question asks for: the unit it asks in, then the rule engine's cue words."""

from __future__ import annotations

import re

from assistant.rules.cues import cue_topics

__all__ = ["question_topics"]

# (unit family as the rule engine names it, the words that ask in that unit)
_ASKS = [
    ("docno", re.compile(r"文号|几号文|发文字号|哪个文件")),
    ("学时", re.compile(r"学时|课时|小时|学多久|多长时间|学多少")),
    ("%", re.compile(r"比例|百分|占比|占多少|占几成|％|%|合格率|多少比例")),
    ("人", re.compile(r"几个人|多少人|几人|几名|多少名|多少(个)?(老师|教师)|几位")),
    ("所", re.compile(r"几所|多少所|多少学校|几个学校|多少个学校")),
    ("date", re.compile(r"什么时候|啥时候|何时|哪年|几月|截止|期限|最晚|哪一年|时间节点|进度")),
    ("个", re.compile(r"几个|多少个|几项|多少项|几级|几门|几类|几种")),
]


def question_topics(question: str) -> list[str]:
    """Candidate rule topics, most likely first; empty when the question asks for no governed figure."""
    for unit, pattern in _ASKS:
        m = pattern.search(question)
        if not m:
            continue
        if unit == "docno":
            return ["docs"]
        cues = cue_topics(question, m.start(), m.end(), unit)
        topics = list(dict.fromkeys(cues.full + cues.support))
        if topics:
            return topics
    return []
