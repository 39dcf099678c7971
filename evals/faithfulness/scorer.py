"""The offline faithfulness scorer: the claim verifier (assistant.guard.verifier) applied to any system's answer.

Each clause of the answer is aligned to its closest context clause and compared slot by slot (figures and
limits, dates, 文号, codes, actors, modality, polarity, scope, region, programme, content). A claim is
supported, contradicted (the slot that differs is named) or unsupported (nothing in the contexts says it).

Usage:
    scorer = FaithfulnessScorer.from_corpus(Path("corpus"))
    scorer.score("北京线上要学多少学时？", "北京要求线上学习30学时。", ["其中线上学习25学时"])
    # → {"faithfulness": 0.0, "claims": [{"text": "北京要求线上学习30学时", "verdict": "contradicted",
    #     "slot": "figure", "evidence": "数字不符：原文为“25学时”", ...}], "skipped": []}
"""

from __future__ import annotations

from pathlib import Path

from assistant.guard.verifier import ClaimVerifier

__all__ = ["FaithfulnessScorer", "VERDICTS"]

VERDICTS = ("supported", "unsupported", "contradicted")
_VERDICT = {"supported": "supported", "contradicted": "contradicted", "not_found": "unsupported"}


class FaithfulnessScorer:
    """Judges answers against contexts without a judge model; works for any system's answers."""

    def __init__(self, verifier: ClaimVerifier, engine=None) -> None:
        self.verifier = verifier
        self.engine = engine

    @classmethod
    def from_corpus(cls, corpus_dir: Path, engine=None) -> "FaithfulnessScorer":
        """A scorer over the repository's lexicon, catalogue, places and documents (contexts found in a corpus
        document inherit its region and programme)."""
        from assistant.corpus.library import Corpus
        from assistant.corpus.lexicon import load_lexicon
        from assistant.rules import RuleEngine

        engine = engine or RuleEngine.load(corpus_dir)
        corpus = Corpus.load(corpus_dir)
        return cls(ClaimVerifier.from_engine(engine, corpus.texts, load_lexicon(Path(corpus_dir) / "lexicon")), engine)

    def judge(self, question: str, answer: str, contexts: list[str]) -> list[dict]:
        """{text, verdict, slot, evidence, context} for each claim of the answer."""
        report = self.verifier.verify(answer, self.verifier.evidence([c for c in contexts if isinstance(c, str)]),
                                      question)
        return [{"text": c.text, "verdict": _VERDICT[c.status], "slot": c.slot,
                 "evidence": c.reason, "context": c.evidence_index, "aligned": c.evidence}
                for c in report.claims], report.skipped

    def score(self, question: str, answer: str, contexts: list[str]) -> dict:
        """{faithfulness, claims:[…], skipped}; faithfulness None when the answer makes no claim."""
        claims, skipped = self.judge(question, answer, contexts)
        supported = sum(c["verdict"] == "supported" for c in claims)
        return {"faithfulness": supported / len(claims) if claims else None, "claims": claims, "skipped": skipped}

    def faithful(self, question: str, answer: str, contexts: list[str]) -> bool:
        """True when every claim is supported."""
        claims, _ = self.judge(question, answer, contexts)
        return all(c["verdict"] == "supported" for c in claims)

    def rule_contradictions(self, answer: str, region: str | None = None) -> list[dict]:
        """Figures the rule engine contradicts, sentence by sentence ({text, rule_id, message, quote}); a
        sentence that names 1.0 is checked against the 1.0 programme. Empty without an engine."""
        if self.engine is None:
            return []
        from assistant.guard.clauses import split_sentences

        out = []
        for sentence in split_sentences(answer):
            report = self.engine.check_text(sentence, region, "1.0" if "1.0" in sentence else "2.0")
            messages = {v.rule_id: v.message for v in report.violations}
            out += [{"text": c.text, "rule_id": c.rule_id, "message": messages.get(c.rule_id, ""),
                     "quote": c.quote} for c in report.claims if c.status == "contradicted"]
        return out
