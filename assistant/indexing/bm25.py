"""BM25 over jieba tokens (bm25s does not segment Chinese itself)."""

from __future__ import annotations

import re
import threading
import unicodedata

import numpy as np

__all__ = ["BM25Index", "tokenize", "segment", "spans", "tag", "stop_words", "tokenizer_version"]

_lock = threading.Lock()
_ready = False
_KEEP = re.compile(r"[\w%]", re.UNICODE)


def _words():
    """The lexicon's token lists (corpus/lexicon/tokens.yaml): domain terms jieba keeps whole, stop words."""
    from assistant.corpus.lexicon import default_lexicon

    return default_lexicon().tokens


def stop_words() -> frozenset[str]:
    """Words retrieval drops."""
    return frozenset(_words().stop_words)


def tokenizer_version() -> str:
    """Changes whenever tokens would: the domain words, the stop words, jieba's version."""
    import hashlib
    from importlib import metadata

    words = _words()
    key = "|".join(words.domain_terms) + "#" + "|".join(sorted(words.stop_words)) + "#" + metadata.version("jieba")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _init() -> None:
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        for term in _words().domain_terms:
            jieba.add_word(term, freq=2_000_000, tag="n")
        _ready = True


def tokenize(text: str) -> list[str]:
    """NFKC-normalised, lower-cased jieba search tokens without punctuation and stop words."""
    _init()
    import jieba

    stop = stop_words()
    norm = unicodedata.normalize("NFKC", text).lower()
    return [t for t in jieba.cut_for_search(norm) if _KEEP.search(t) and t.strip() and t not in stop]


def segment(text: str) -> list[str]:
    """jieba's precise segmentation (each compound once), NFKC-normalised and lower-cased, punctuation dropped."""
    _init()
    import jieba

    norm = unicodedata.normalize("NFKC", text).lower()
    return [t for t in jieba.cut(norm) if t.strip() and _KEEP.search(t)]


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in the text of each word of jieba's precise segmentation (the text as given, not normalised)."""
    _init()
    import jieba

    out, at = [], 0
    for w in jieba.cut(text):
        out.append((at, at + len(w)))
        at += len(w)
    return out


def tag(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) in jieba's precise mode, NFKC-normalised and lower-cased, punctuation dropped."""
    _init()
    import jieba.posseg

    norm = unicodedata.normalize("NFKC", text).lower()
    return [(w.word, w.flag) for w in jieba.posseg.cut(norm) if w.word.strip() and _KEEP.search(w.word)]


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
