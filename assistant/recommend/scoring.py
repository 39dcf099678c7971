"""Scoring all 30 micro-abilities against a teacher's text: by meaning, by words, by cues and by similar cases."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from assistant.corpus.cases import Case
from assistant.indexing.bm25 import tokenize
from assistant.indexing.cache import VectorCache, content_key
from assistant.recommend.cues import CueTable
from assistant.recommend.understanding import Understanding
from assistant.timing import timed
from assistant.types import Ability

__all__ = ["Weights", "WEIGHTS", "PointScore", "ScoreSheet", "Scorer"]

MAX_CLAUSES = 12
CALIBRATION_PHRASES = 3  # per point: enough for a stable median, a third of the start-up embedding
CLOSE = 0.5  # a calibrated meaning score from here on counts as the teacher's words matching the point


@dataclass(frozen=True)
class Weights:
    """How much each signal counts; every part is in [0, 1], so the total is comparable across texts."""

    phrases: float = 0.35
    description: float = 0.12
    words: float = 0.10
    cues: float = 0.35
    cases: float = 0.10
    named: float = 0.30
    prior: float = 0.02
    prior_when_vague: float = 0.15  # no cue matched: meaning is mostly noise, lean on common choices


WEIGHTS = Weights()


@dataclass
class PointScore:
    """One point's score, its parts, and the teacher's words that earned it."""

    code: str
    total: float
    parts: dict[str, float]
    quote: str | None = None
    need: str | None = None
    phrase: str | None = None
    strong: bool = False
    cases: list[str] = field(default_factory=list)


@dataclass
class ScoreSheet:
    """All points' scores for one text, best first, and how similar each case is to the text."""

    points: list[PointScore]
    case_similarity: dict[str, float]
    vague: bool = False

    def get(self, code: str) -> PointScore | None:
        """The score of one point."""
        return next((p for p in self.points if p.code == code), None)


class Scorer:
    """Holds the phrase, description and case vectors (cached on disk) and scores texts against them."""

    def __init__(self, abilities: list[Ability], embedder, cases: list[Case], cues: CueTable,
                 cache: VectorCache | None = None, weights: Weights = WEIGHTS) -> None:
        self.abilities = list(abilities)
        self.codes = [a.code for a in self.abilities]
        self.embedder = embedder
        self.cases = list(cases)
        self.cues = cues
        self.weights = weights
        self._cache = cache
        self._phrases = [(i, p) for i, a in enumerate(self.abilities) for p in a.gap_phrases]
        self._owner = np.array([i for i, _ in self._phrases])
        self._groups = self._group_columns()
        self.P = self._vectors("passage", [p for _, p in self._phrases])
        self.D = self._vectors("passage", [a.description for a in self.abilities])
        self.C = self._vectors("passage", [_case_passage(c) for c in self.cases])
        self._gap = self._calibrate()
        self._idf, self._docs = _word_index([" ".join([a.name, *a.aliases, a.description, *a.gap_phrases])
                                             for a in self.abilities])
        self._case_idf, self._case_docs = _word_index([_case_passage(c) for c in self.cases])

    def _vectors(self, role: str, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        keys = [content_key(self.embedder.name, f"{role}\n{t}") for t in texts]
        found = self._cache.get_many(keys) if self._cache else {}
        todo = [i for i, k in enumerate(keys) if k not in found]
        if todo:
            fn = self.embedder.embed_passages if role == "passage" else self.embedder.embed_queries
            fresh = fn([texts[i] for i in todo])
            new = {keys[i]: fresh[j] for j, i in enumerate(todo)}
            if self._cache:
                self._cache.put_many(new)
            found.update(new)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _calibrate(self) -> float:
        """The typical margin of a related phrase over the row mean, measured on the catalogue's phrases."""
        seen: Counter = Counter()
        sample = []
        for k, (owner, _) in enumerate(self._phrases):
            seen[owner] += 1
            if seen[owner] <= CALIBRATION_PHRASES:
                sample.append(k)
        if len(sample) < 2:
            return 0.1
        Q = self._vectors("query", [self._phrases[k][1] for k in sample])
        S = Q @ self.P.T
        S[np.arange(len(sample)), sample] = -np.inf  # leave the phrase itself out
        rows = self._per_ability(S)
        own = rows[np.arange(len(rows)), self._owner[sample]]
        margin = own - np.nanmean(np.where(np.isfinite(rows), rows, np.nan), axis=1)
        return float(max(np.median(margin), 1e-3))

    def _group_columns(self) -> np.ndarray:
        """Each point's phrase columns in one row, padded with an index past the last column (read as -inf)."""
        per = [np.flatnonzero(self._owner == j) for j in range(len(self.abilities))]
        width = max((len(c) for c in per), default=0) or 1
        pad = len(self._phrases)
        return np.array([list(c) + [pad] * (width - len(c)) for c in per], dtype=np.int64).reshape(len(per), width)

    def _grouped(self, S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per point: the best phrase score of each row (-inf without phrases) and that phrase's column (-1)."""
        padded = np.concatenate([S.astype(np.float64), np.full((S.shape[0], 1), -np.inf)], axis=1)
        G = padded[:, self._groups]  # rows × points × phrases
        best = G.max(axis=2)
        arg = np.take_along_axis(np.broadcast_to(self._groups, G.shape), G.argmax(axis=2)[..., None], 2)[..., 0]
        return best, np.where(np.isfinite(best), arg, -1)

    def _per_ability(self, S: np.ndarray) -> np.ndarray:
        return self._grouped(S)[0]

    def _rows(self, u: Understanding) -> list[str]:
        clauses = [c for c in u.need_clauses if c != u.text][:MAX_CLAUSES]
        return [u.text, *clauses]

    def _embed_rows(self, rows: list[str]) -> np.ndarray:
        """Vectors of the text and of its clauses, paying for the text's words once: the clauses are embedded in
        one call, and the text's vector is their length-weighted mean (e5 averages over tokens: on the blind dev
        texts the two agree to a cosine of 0.98 on average) instead of a second pass over the same words."""
        if len(rows) == 1:
            return self.embedder.embed_queries(rows)
        clauses = self.embedder.embed_queries(rows[1:])
        weights = np.array([len(r) for r in rows[1:]], dtype=np.float32)[:, None]
        whole = (clauses * weights).sum(axis=0)
        whole = whole / max(float(np.linalg.norm(whole)), 1e-9)
        return np.vstack([whole[None, :], clauses]).astype(np.float32)

    def _calibrated(self, raw: np.ndarray) -> np.ndarray:
        """Margin over the row mean in units of the typical margin: one unit is noise, three is sure."""
        mean = raw.mean(axis=1, keepdims=True)
        return np.clip((raw - mean - self._gap) / (2.0 * self._gap), 0.0, 1.0)

    def _meaning(self, Q: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        best, arg = self._grouped(Q @ self.P.T)
        desc = Q @ self.D.T
        return self._calibrated(best), self._calibrated(desc), arg

    def _words(self, u: Understanding) -> np.ndarray:
        cover = _coverage(u, self._idf, self._docs)
        return cover / max(0.5, float(cover.max(initial=0.0)))

    def _case_words(self, u: Understanding) -> np.ndarray:
        """How much of the text's weighted vocabulary each case shares: closeness by words, when not by meaning."""
        return _coverage(u, self._case_idf, self._case_docs)

    def _case_votes(self, sims: np.ndarray) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
        """Points of the cases closest to the text (`sims`: one closeness per case), as votes and their cases."""
        votes = np.zeros(len(self.abilities))
        support: list[list[str]] = [[] for _ in self.abilities]
        if not len(self.cases):
            return votes, support, np.zeros(0)
        z = (sims - sims.mean()) / max(float(sims.std()), 1e-6)
        index = {c: i for i, c in enumerate(self.codes)}
        for k in np.argsort(-z, kind="stable")[:5]:
            strength = float(np.clip((z[k] - 1.0) / 2.0, 0.0, 1.0))
            if strength <= 0:
                continue
            for code in self.cases[k].points:
                if code in index:
                    votes[index[code]] = max(votes[index[code]], strength)
                    support[index[code]].append(self.cases[k].id)
        return votes, support, z

    def _cue_parts(self, u: Understanding) -> tuple[np.ndarray, dict[str, tuple[str, str, float]]]:
        parts = np.zeros(len(self.abilities))
        why: dict[str, tuple[str, str, float]] = {}
        needs_per_code: dict[str, set[str]] = {}
        for hit in u.needs:
            for code, w in hit.need.points.items():
                if w >= 0.5:
                    needs_per_code.setdefault(code, set()).add(hit.need.need)
                if code not in why or w > why[code][2]:
                    why[code] = (hit.clause, hit.need.need, w)
        for i, code in enumerate(self.codes):
            if code in why:
                extra = 0.1 * min(2, max(0, len(needs_per_code.get(code, ())) - 1))
                parts[i] = min(1.0, why[code][2] + extra)
        return parts, why

    @timed("retrieve")
    def score(self, u: Understanding) -> ScoreSheet:
        """Every point's score for this text, best first; same text, same scores."""
        w = self.weights
        rows = self._rows(u)
        if u.needs:
            # The cue table recognised what the teacher needs: the words decide. Embedding the text as well
            # changed no hit on the blind dev texts (0.571 either way; about three in four texts are read this
            # way) and would cost nine tenths of the request.
            n = len(self.abilities)
            phrase, desc, arg = np.zeros((len(rows), n)), np.zeros((len(rows), n)), np.full((len(rows), n), -1)
            cases, support, case_z = self._case_votes(self._case_words(u))
        else:
            Q = self._embed_rows(rows)
            phrase, desc, arg = self._meaning(Q)
            cases, support, case_z = self._case_votes((Q @ self.C.T).max(axis=0) if len(self.cases)
                                                      else np.zeros(0))
        words = self._words(u)
        cue, why = self._cue_parts(u)
        vague = (not u.needs and not u.named_codes and not u.requested_codes
                 and float(phrase.max(initial=0.0)) < CLOSE)
        out: list[PointScore] = []
        for i, a in enumerate(self.abilities):
            parts = {
                "phrases": float(phrase[:, i].max()),
                "description": float(desc[:, i].max()),
                "words": float(words[i]),
                "cues": float(cue[i]),
                "cases": float(cases[i]),
                "named": 1.0 if a.code in u.named_codes else 0.0,
                "prior": float(self.cues.priors.get(a.code, 0.0)),
            }
            total = sum(getattr(w, k) * v for k, v in parts.items())
            if vague:
                total += (w.prior_when_vague - w.prior) * parts["prior"]
            ps = PointScore(a.code, round(total, 6), {k: round(v, 4) for k, v in parts.items()},
                            cases=support[i])
            self._explain(ps, rows, phrase[:, i], arg[:, i], why.get(a.code))
            out.append(ps)
        ranked = sorted(out, key=lambda s: (-s.total, self.codes.index(s.code)))
        return ScoreSheet(ranked, {c.id: round(float(z), 4) for c, z in zip(self.cases, case_z)}, vague)

    def _explain(self, ps: PointScore, rows: list[str], strength: np.ndarray, cols: np.ndarray,
                 cue: tuple[str, str, float] | None) -> None:
        """Which of the teacher's words earned the point: a cue's clause, else the closest clause."""
        r = 1 + int(strength[1:].argmax()) if len(rows) > 1 else 0
        close = float(strength.max()) >= CLOSE
        ps.strong = close or bool(cue and cue[2] >= 0.5)
        if cue and (cue[2] >= 0.5 or not close):
            ps.quote, ps.need = cue[0], cue[1]
        elif close:
            ps.quote = rows[r] if len(rows[r]) <= 60 else rows[r][:57] + "…"
        if close and cols[r] >= 0:
            ps.phrase = self._phrases[int(cols[r])][1]


def _word_index(texts: list[str]) -> tuple[dict[str, float], list[set[str]]]:
    """An idf per word over the texts, and each text's set of words."""
    docs = [set(tokenize(t)) for t in texts]
    df = Counter(t for d in docs for t in d)
    return {t: math.log((len(docs) + 1) / (c + 0.5)) for t, c in df.items()}, docs


def _coverage(u: Understanding, idf: dict[str, float], docs: list[set[str]]) -> np.ndarray:
    """Per doc: the share of the text's idf-weighted vocabulary it contains."""
    q = sorted(set(tokenize(" ".join(u.need_clauses) or u.text)))  # sorted: sums independent of hashing
    total = sum(idf.get(t, 0.0) for t in q)
    if total <= 0:
        return np.zeros(len(docs))
    return np.array([sum(idf.get(t, 0.0) for t in q if t in d) / total for d in docs])


def _case_passage(case: Case) -> str:
    """What a case is about: its title, situation and reflection (the steps add little for matching)."""
    return "\n".join([case.title, case.sections.get("情境", ""), case.sections.get("反思要点", "")])
