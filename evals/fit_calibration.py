"""Fit the search-score calibrator (assistant/retrieval/calibration.json) and report how well it is calibrated.

Labelled hits: for each question with a source quote, the top-k hybrid hits in its region; a hit is relevant
when its text contains the quote. Off-topic questions (kind out_of_scope) add hits that are all irrelevant.
Fitted on retrieval.jsonl and the dev QA split; calibration is reported on a held-out set (dev3) as expected
vs observed relevance per score band and the Brier score. The test split is never read.

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
HELD_OUT = ("qa_blind_dev3.jsonl",)
K = 10


def _squash(s: str) -> str:
    return re.sub(r"\s+|[|｜]", "", s)


def _quotes(row: dict) -> list[str]:
    if row.get("quote"):
        return [_squash(row["quote"])]
    return [_squash(s["quote"]) for s in row.get("sources") or [] if s.get("quote") and s.get("doc_id") != "catalogue"]


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
        for rank, p in enumerate(hits, start=1):
            text = _squash(p.chunk.text)
            xs.append(features(p.bm25_rank, p.dense_rank, rank, p.bm25_score))
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
    x, y = labelled_hits(advisor, [r for name in FIT_ON for _, r in read_jsonl(DATA / name)])
    weights, bias = fit(x, y)
    cal = ScoreCalibrator(weights, bias, {"sets": list(FIT_ON), "embedder": advisor.settings.embedder, "k": K})
    hx, hy = labelled_hits(advisor, [r for name in HELD_OUT for _, r in read_jsonl(DATA / name)])
    out = {"features": FEATURES, "weights": weights, "bias": bias, "fit": report(cal, x, y),
           "held_out": report(cal, hx, hy)}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    if not args.dry_run:
        CALIBRATION_PATH.write_text(json.dumps({"features": list(FEATURES), "weights": weights, "bias": bias,
                                                "fitted_on": cal.fitted_on}, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
        print(f"wrote {CALIBRATION_PATH}")


if __name__ == "__main__":
    main()
