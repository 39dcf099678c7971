"""Fit the search-score calibrator (assistant/retrieval/calibration.json) and report how well it is calibrated.

First the dense margin: for every dev question with a source quote, whether the passage holding the quote is
in the top 5 of BM25 alone and of the hybrid, and by how much BM25's best hit leads its second. `auto` search
takes BM25 alone when the lead is at least the margin, the hybrid otherwise; the margin chosen is the smallest
(the fewest query embeddings) among those that find the most facts.

Then the calibrator. Labelled hits: for each question with a source quote, the top-k `auto` hits in its
region; a hit is relevant when its text contains the quote. Off-topic questions (kind out_of_scope) add hits
that are all irrelevant. Fitted on retrieval.jsonl and the dev QA splits; calibration is reported on a
held-out set (dev3) as expected vs observed relevance per score band and the Brier score. The test split is
never read.

Usage:
    python -m evals.fit_calibration            # fit, report, write calibration.json
    python -m evals.fit_calibration --dry-run  # report only
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from assistant.retrieval.calibration import CALIBRATION_PATH, FEATURES, ScoreCalibrator, features
from evals.jsonl import read_jsonl

__all__ = ["labelled_hits", "fit", "report", "main"]

DATA = Path(__file__).resolve().parent / "datasets"
FIT_ON = ("retrieval.jsonl", "qa_blind_dev.jsonl", "qa_blind_dev2.jsonl")
MARGIN_ON = FIT_ON + ("qa_blind_dev4.jsonl", "qa_blind_dev5.jsonl")
MARGINS = (0.0, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5)
HELD_OUT = ("qa_blind_dev3.jsonl",)
K = 10


def _squash(s: str) -> str:
    return re.sub(r"\s+|[|｜]", "", s)


def _quotes(row: dict) -> list[str]:
    if row.get("quote"):
        return [_squash(row["quote"])]
    return [_squash(s["quote"]) for s in row.get("sources") or [] if s.get("quote") and s.get("doc_id") != "catalogue"]


def _found(passages, quotes: list[str], depth: int = 5) -> bool:
    return any(q[:40] in _squash(p.chunk.text) for p in passages[:depth] for q in quotes)


def margin_table(advisor, rows: list[dict], margins=MARGINS) -> dict:
    """Fact-passage@5 of BM25 alone, the hybrid, and `auto` at each margin (with the share of searches that
    embed their query)."""
    seen = []
    for row in rows:
        quotes = _quotes(row)
        if not quotes or row.get("history") or row.get("expect_refusal"):
            continue
        try:
            doc_ids = advisor.scope(row.get("region"), None)[0]
        except ValueError:
            continue
        r = advisor.retriever
        sparse = r.index.bm25.query(r.expander.expand(row["question"]), r.candidates, doc_ids)
        lead = (sparse[0][1] - (sparse[1][1] if len(sparse) > 1 else 0.0)) / sparse[0][1] \
            if sparse and sparse[0][1] > 0 else -1.0
        bm25 = _found(advisor.search(row["question"], region=row.get("region"), k=5, mode="bm25").passages, quotes)
        hybrid = _found(advisor.search(row["question"], region=row.get("region"), k=5, mode="hybrid").passages,
                        quotes)
        seen.append((lead, bm25, hybrid))
    n = max(len(seen), 1)
    out = {"questions": len(seen), "bm25": round(sum(b for _, b, _ in seen) / n, 4),
           "hybrid": round(sum(h for _, _, h in seen) / n, 4), "auto": {}}
    for m in margins:
        found = sum(b if lead >= m else h for lead, b, h in seen)
        embeds = sum(lead < m for lead, _, _ in seen)
        out["auto"][m] = {"found": round(found / n, 4), "embeds": round(embeds / n, 3)}
    return out


def choose_margin(table: dict) -> float:
    """The smallest margin among those that find the most facts."""
    best = max(v["found"] for v in table["auto"].values())
    return min(m for m, v in table["auto"].items() if v["found"] == best)


def labelled_hits(advisor, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the top-K hits of every usable question."""
    xs, ys = [], []
    for row in rows:
        offtopic = row.get("kind") == "out_of_scope"
        quotes = _quotes(row)
        if not quotes and not offtopic:
            continue
        try:
            hits = advisor.search(row["question"], region=row.get("region"), k=K).passages
        except ValueError:
            continue
        skipped = bool(hits) and all(p.dense_rank is None for p in hits)  # BM25 decided alone
        for rank, p in enumerate(hits, start=1):
            text = _squash(p.chunk.text)
            xs.append(features(p.bm25_rank, p.dense_rank, rank, p.bm25_score, skipped))
            ys.append(0.0 if offtopic else float(any(q[:40] in text for q in quotes)))
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50) -> tuple[list[float], float]:
    """Logistic regression by Newton's method with a small ridge."""
    a = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(a.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-a @ w))
        grad = a.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        hess = (a * (p * (1 - p))[:, None]).T @ a + l2 * np.eye(a.shape[1])
        w -= np.linalg.solve(hess, grad)
    return [float(v) for v in w[:-1]], float(w[-1])


def report(cal: ScoreCalibrator, x: np.ndarray, y: np.ndarray) -> dict:
    """Expected vs observed relevance per band, and the Brier score."""
    p = np.array([cal.probability_of(list(row)) for row in x])
    bands = []
    for lo, hi in ((0, .2), (.2, .4), (.4, .6), (.6, .8), (.8, 1.01)):
        m = (p >= lo) & (p < hi)
        if m.any():
            bands.append({"band": f"{lo:.1f}–{min(hi, 1):.1f}", "hits": int(m.sum()),
                          "expected": round(float(p[m].mean()), 3), "observed": round(float(y[m].mean()), 3)})
    return {"hits": int(len(y)), "relevant": int(y.sum()), "brier": round(float(np.mean((p - y) ** 2)), 4),
            "bands": bands}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    from assistant.advisor import Advisor
    from assistant.settings import Settings

    advisor = Advisor.open(Settings(), build=True)
    table = margin_table(advisor, [r for name in MARGIN_ON for _, r in read_jsonl(DATA / name)])
    margin = choose_margin(table)
    # The hits to fit on are those `auto` search returns with that margin.
    advisor.retriever.calibrator = ScoreCalibrator([0.0] * len(FEATURES), 0.0, dense_margin=margin)
    x, y = labelled_hits(advisor, [r for name in FIT_ON for _, r in read_jsonl(DATA / name)])
    weights, bias = fit(x, y)
    fitted_on = {"sets": list(FIT_ON), "margin_sets": list(MARGIN_ON), "embedder": advisor.settings.embedder, "k": K}
    cal = ScoreCalibrator(weights, bias, fitted_on, margin)
    advisor.retriever.calibrator = cal
    hx, hy = labelled_hits(advisor, [r for name in HELD_OUT for _, r in read_jsonl(DATA / name)])
    out = {"features": FEATURES, "weights": weights, "bias": bias, "dense_margin": margin, "margins": table,
           "fit": report(cal, x, y), "held_out": report(cal, hx, hy)}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    if not args.dry_run:
        CALIBRATION_PATH.write_text(json.dumps({"features": list(FEATURES), "weights": weights, "bias": bias,
                                                "dense_margin": margin, "fitted_on": fitted_on},
                                               ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_PATH}")


if __name__ == "__main__":
    main()
