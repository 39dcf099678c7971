"""Faithfulness for the benchmark: the project's offline scorer when it is there, else a simple stand-in.

The stand-in is the share of answer sentences whose numbers all appear in the contexts and at least half of
whose jieba content words do. Either way both systems are scored by the same function.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["make_faithfulness", "simple_faithfulness"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:/\d+)?")
_MARKER = re.compile(r"\[\d{1,3}\]")
_SENTENCE = re.compile(r"(?<=[。！？!?；;\n])")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def simple_faithfulness(answer: str, contexts: list[str]) -> float | None:
    """Share of sentences whose numbers and ≥50% of jieba tokens appear in the contexts; None without any."""
    import jieba

    joined = _norm("".join(contexts))
    scored = supported = 0
    for sentence in _SENTENCE.split(_MARKER.sub("", answer)):
        s = _norm(re.sub(r"^\s*[-•]\s*|^(?:据|根据)《[^》]*》[：:]|^相关规定[：:]", "", sentence.strip()))
        words = [w for w in jieba.lcut(s) if len(w) > 1 or w.isdigit()]
        words = [w for w in words if any(ch.isalnum() for ch in w)]
        if not words:
            continue
        scored += 1
        numbers_ok = all(n in joined for n in _NUMBER.findall(s))
        share = sum(1 for w in words if w in joined) / len(words)
        supported += numbers_ok and share >= 0.5
    return supported / scored if scored else None


def make_faithfulness(embedder, engine):
    """(name, score(question, answer, contexts) -> float | None): the project scorer if importable."""
    try:
        from evals.faithfulness.scorer import FaithfulnessScorer
    except ImportError:
        return "simple", lambda question, answer, contexts: simple_faithfulness(answer, contexts)
    from assistant.settings import ROOT

    scorer = FaithfulnessScorer.from_corpus(ROOT / "corpus", engine)
    return "evals.faithfulness", lambda question, answer, contexts: scorer.score(question, answer, contexts)[
        "faithfulness"]
