"""Whether the documents speak to what was asked at all.

Retrieval always returns something: a question the documents do not address ("设计方案至少要写多少字")
still finds passages about 设计方案. What it cannot find is 字. A question whose focus nouns appear nowhere
in the governing documents (directly or through the glossary's official words) is not answerable from them.
"""

from __future__ import annotations

import re

from assistant.indexing.bm25 import _STOP, tokenize
from assistant.retrieval.glossary import QueryExpander

__all__ = ["focus_terms", "absent_terms", "asked_nouns"]

# The thing asked about sits next to the question word: 多少字, 哪个平台, 网址多少, 会扣工资吗.
_ASKED = re.compile(r"(?:多少|几|哪个|哪些|什么|啥)(\w{1,4})|(\w{1,4})(?:是多少|多少|是啥|是什么|啥时候|什么时候|吗|么)")

_NOUNS = {"n", "vn", "nz", "ng", "nt", "nrt"}
_GENERIC = set(
    "问题 时候 东西 事情 情况 要求 方面 内容 规定 文件 政策 方案 工作 学校 老师 教师 我们 他们 大家 现在 之前 以后 一般 "
    "地方 这边 那边 部分 那块 这块 哪些 多少 意思 句话 几句话 区别 作用 名字 全称 时间 一样 不一样 具体 主要 有关 相关 "
    "哪几个 几个 要学 学完 学满 单位 东东 事儿 人家 本地 当地 这里 那里 咱们 我校 区里 市里 省里 县里 上面 下面 "
    "2.0 1.0 提升 工程 提升工程 能力 能力提升 信息技术 应用能力".split()
)
_UNIT_NOUNS = {"字", "页", "元", "篇", "张"}


def focus_terms(question: str, places: list[str] = ()) -> list[str]:
    """The nouns that carry the question (with single-character units such as 字 and 页)."""
    import jieba.posseg as pseg

    tokenize("")  # make sure the domain words are loaded
    text = question
    for p in places:
        text = text.replace(p, " ")
    terms = []
    for w in pseg.cut(text):
        word = w.word.strip()
        if not word or word in _STOP or word in _GENERIC or re.fullmatch(r"[\W\d]+", word):
            continue
        if (w.flag in _NOUNS and len(word) >= 2) or word in _UNIT_NOUNS:
            terms.append(word)
    return list(dict.fromkeys(terms))


_TOKENS: dict[int, set[str]] = {}


def _words_of(text: str) -> set[str]:
    key = hash(text)
    if key not in _TOKENS:
        _TOKENS[key] = set(tokenize(text))
    return _TOKENS[key]


def _present(term: str, text: str, expander: QueryExpander) -> bool:
    if len(term) == 1:  # 字 must be a word of the text, not a character of 数字
        return term in _words_of(text)
    if term in text or any(alt in text for alt in expander.synonyms.get(term, [])):
        return True
    half = len(term) // 2
    return len(term) >= 4 and term[:half] in text and term[half:] in text


def absent_terms(question: str, places: list[str], texts: list[str], expander: QueryExpander) -> list[str]:
    """Focus nouns found in none of the texts (the governing documents)."""
    return [t for t in focus_terms(question, places) if not any(_present(t, x, expander) for x in texts)]


def asked_nouns(question: str) -> list[str]:
    """Focus nouns standing right beside the question word: the object of the question."""
    found = []
    for m in _ASKED.finditer(question):
        span = m.group(1) or m.group(2) or ""
        found.extend(focus_terms(span))
    return found
