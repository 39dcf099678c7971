"""Search scores on a 0–1 scale that mean something: the estimated chance that a hit holds the answer.

RRF scores (0.016–0.033) only order hits. The calibrator maps a hit's ranks in the two legs and its raw BM25
score to a probability with a logistic model fitted by `python -m evals.fit_calibration` on labelled
questions (a hit is relevant when it contains the question's source quote; off-topic questions supply hits
that are not). So a threshold of 0.5 keeps hits that are right about half the time or more, in Dify as in
/v1/search.

Example:
    cal = ScoreCalibrator.load()
    p = cal.probability(passage, fused_rank=1)
"""

from __future__ import annotations

import json
import math
from pathlib import Path

__all__ = ["ScoreCalibrator", "CALIBRATION_PATH", "features"]

CALIBRATION_PATH = Path(__file__).resolve().parent / "calibration.json"
FEATURES = ("inv_bm25_rank", "inv_dense_rank", "inv_fused_rank", "log_bm25", "dense_skipped")


def features(bm25_rank: int | None, dense_rank: int | None, fused_rank: int, bm25_score: float | None,
             dense_skipped: bool = False) -> list[float]:
    """The calibrator's inputs for one hit (`dense_skipped`: BM25 alone decided the search)."""
    return [1.0 / bm25_rank if bm25_rank else 0.0, 1.0 / dense_rank if dense_rank else 0.0, 1.0 / fused_rank,
            math.log1p(bm25_score or 0.0), 1.0 if dense_skipped else 0.0]


class ScoreCalibrator:
    """A logistic model over `features`; identity-free: it never changes the order of hits much, only their scale."""

    def __init__(self, weights: list[float], bias: float, fitted_on: dict | None = None,
                 dense_margin: float = 0.0) -> None:
        if len(weights) != len(FEATURES):
            raise ValueError(f"校准参数个数不对：应为 {len(FEATURES)} 个")
        self.weights, self.bias, self.fitted_on = weights, bias, fitted_on or {}
        # BM25 decides alone when its best hit leads the second by at least this share of its score.
        self.dense_margin = float(dense_margin)

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> "ScoreCalibrator":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data.get("fitted_on"), data.get("dense_margin", 0.0))

    def probability_of(self, x: list[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, bm25_rank: int | None, dense_rank: int | None, fused_rank: int,
                    bm25_score: float | None, dense_skipped: bool = False) -> float:
        return self.probability_of(features(bm25_rank, dense_rank, fused_rank, bm25_score, dense_skipped))
