"""BM25 over jieba tokens (bm25s does not segment Chinese itself)."""

from __future__ import annotations

import re
import threading
import unicodedata

import numpy as np

__all__ = ["BM25Index", "tokenize", "DOMAIN_TERMS", "tokenizer_version"]

_lock = threading.Lock()
_ready = False

# Terms jieba would otherwise split; keeps 校本研修 one token and lets 校本 match it through cut_for_search.
DOMAIN_TERMS = (
    "提升工程", "微能力点", "微能力", "能力点", "校本研修", "校本应用考核", "校本应用", "整校推进", "学时", "学分",
    "设计方案", "教学反思", "应用反思", "学情分析", "教学设计", "学法指导", "学业评价", "信息化管理团队",
    "培训团队", "专题课程", "应用案例", "线上学习", "线下", "网络研修", "实践应用", "一划两案", "首席信息官",
    "随堂测试", "多媒体教学环境", "混合学习环境", "智慧学习环境", "试点校", "示范校", "继续教育", "学习指导案",
    "教研组", "研修方案", "县片校", "考核方案", "发展规划", "项目办", "领导小组", "专项培训", "信息化领导力", "空中课堂",
)
_STOP = set(
    "的 了 吗 呢 啊 呀 吧 嘛 哦 么 是 在 和 与 及 或 有 要 我 我们 你 你们 他 她 它 这 那 哪 啥 什么 怎么 怎样 多少 几 个"
    " 都 也 就 还 又 把 被 让 给 对 为 从 到 能 会 该 得 地 请问 一下 一个 现在 今年 需要 一定 可以 老师 学校".split()
)
_KEEP = re.compile(r"[\w%]", re.UNICODE)


def tokenizer_version() -> str:
    """Changes whenever tokens would: the domain words, the stop words, jieba's version."""
    import hashlib
    from importlib import metadata

    words = "|".join(DOMAIN_TERMS) + "#" + "|".join(sorted(_STOP)) + "#" + metadata.version("jieba")
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:12]


def _init() -> None:
    global _ready
    with _lock:
        if _ready:
            return
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        for term in DOMAIN_TERMS:
            jieba.add_word(term, freq=2_000_000, tag="n")
        _ready = True


def add_terms(terms: list[str]) -> None:
    """Teach the segmenter more domain words (micro-ability names, for instance)."""
    _init()
    import jieba

    for t in terms:
        if t:
            jieba.add_word(t, freq=2_000_000, tag="n")


def tokenize(text: str) -> list[str]:
    """NFKC-normalised, lower-cased jieba search tokens without punctuation and stop words."""
    _init()
    import jieba

    norm = unicodedata.normalize("NFKC", text).lower()
    return [t for t in jieba.cut_for_search(norm) if _KEEP.search(t) and t.strip() and t not in _STOP]


class BM25Index:
    """bm25s scores for every chunk, so a region filter can mask them before ranking."""

    def __init__(self, ids: list[str], tokens: list[list[str]], doc_of: list[str]) -> None:
        import bm25s

        self._ids = ids
        self._docs = doc_of
        self._bm25 = bm25s.BM25()
        # An empty token list would break the vocabulary; give such chunks a token nobody queries.
        self._bm25.index([t or ["\u0000"] for t in tokens], show_progress=False)
        self._vocab = self._bm25.vocab_dict

    def query(self, text: str, k: int, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        q = [t for t in tokenize(text) if t in self._vocab]
        if not q or not self._ids:
            return []
        scores = np.asarray(self._bm25.get_scores(q), dtype=np.float64)
        if doc_ids is not None:
            mask = np.fromiter((d in doc_ids for d in self._docs), dtype=bool, count=len(self._docs))
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self._ids[i], float(scores[i])) for i in order if scores[i] > 0]
