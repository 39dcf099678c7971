"""Terms the policy documents define themselves: “一划两案”(即学校信息化教育教学发展规划、…), …（以下简称“省平台”）.

One reading of these definitions serves the sentence ranker (a term asked about is found where its definition is
spelled out) and the verifier (a term in an answer is supported where the evidence spells it out, and the other way
round). The verifier reads the shortened names only when the full name is quoted (“江苏教师教育管理平台”（以下简称
“省平台”）): an unquoted run of words before （以下简称…） may carry words that are no part of the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# “一划两案”(即…): the quoted term, then what it stands for.
_DEFINED_AS = r"[“\"]([^”\"]{2,12})[”\"]\s*[（(]即([^）)]{4,80})[）)]"
# …（以下简称“提升工程”）: the words before, then the short name.
_SHORT_FOR = r"([\u4e00-\u9fff]{2,30})[（(]以下简称[“\"]?([^”\"）)]{2,16})[”\"]?[）)]"
# “江苏教师教育管理平台”（以下简称“省平台”）: the quoted full name, then the short name.
_SHORT_FOR_QUOTED = r"[“\"]([^”\"]{4,40})[”\"]\s*[（(]以下简称[“\"]?([^”\"）)]{2,12})[”\"]?[）)]"

_LOOSE = re.compile(f"{_DEFINED_AS}|{_SHORT_FOR}")
_DEFINED_AS_RE = re.compile(_DEFINED_AS)
_SHORT_FOR_QUOTED_RE = re.compile(_SHORT_FOR_QUOTED)


def defined_pairs(text: str, quoted: bool = False) -> Iterator[tuple[str, str]]:
    """(term, what it stands for) for each definition in the text, in order; with `quoted`, shortened names only
    of a quoted full name."""
    if not quoted:
        for m in _LOOSE.finditer(text):
            if m[1]:
                yield m[1], m[2]
            elif m[4]:
                yield m[4], m[3]
        return
    for m in _DEFINED_AS_RE.finditer(text):
        yield m[1], m[2]
    for m in _SHORT_FOR_QUOTED_RE.finditer(text):
        yield m[2], m[1]
