"""Fit the sentence ranker and its answerability calibration on the dev split only; write ranker.json.

1. Weights: for every dev question answered from document sentences, pairs (a sentence that holds the
   question's quoted source, one that does not) among the ranker's candidates; a logistic model on the
   difference of their features (pairwise ranking).
2. Calibration: the best candidate's score against whether the question is answerable at all (dev items that
   expect an answer versus those that expect a refusal for no basis or out of scope), a 1-D logistic.
3. Threshold: the lowest probability that keeps false refusals on dev at most `--max-false-refusals`.

The test split is never read here. Usage:
    python -m evals.fit_ranker                 # dev split, writes assistant/compose/ranker.json
    python -m evals.fit_ranker --dry-run       # prints the fit only
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from assistant.compose.ranking import FEATURES, WEIGHTS_PATH
from evals.jsonl import read_jsonl

__all__ = ["pairwise_weights", "calibrate", "main"]

DEV = Path(__file__).resolve().parent / "datasets" / "qa_blind_dev.jsonl"


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pairwise_weights(groups: list[tuple[np.ndarray, np.ndarray]], l2: float = 1.0, negatives: int = 25
                     ) -> np.ndarray:
    """Weights w such that gold sentences score above the others: logistic loss on feature differences."""
    diffs = [p - n for pos, neg in groups for p in pos for n in neg[:negatives]]
    d = np.array(diffs)
    w = np.zeros(d.shape[1])
    for _ in range(4000):
        p = 1.0 / (1.0 + np.exp(d @ w))
        w -= 0.5 * (-(d.T @ p) / len(d) + l2 * w / len(d))
    return w


def calibrate(x: np.ndarray, labels: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, float]:
    """(weights, b) of P = 1 / (1 + exp(-(weights·x + b))), class-balanced logistic regression."""
    w, b = np.zeros(x.shape[1]), 0.0
    pos, neg = labels.sum(), len(labels) - labels.sum()
    sw = np.where(labels == 1, len(labels) / (2 * max(pos, 1)), len(labels) / (2 * max(neg, 1)))
    for _ in range(8000):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = (p - labels) * sw
        w -= 0.5 * ((x.T @ g) / len(labels) + l2 * w / len(labels))
        b -= 0.5 * float(g.mean())
    return w, b


def _parts(advisor):
    pipeline = advisor.pipeline
    return pipeline, pipeline.p.reader, pipeline.p.extractive


def collect(advisor, rows: list[dict]) -> tuple[list, list[tuple[np.ndarray, int]]]:
    """(ranking groups, (answerability features, answerable) per question routed to document sentences)."""
    from assistant.compose.scope import resolve_scope

    pipeline, reader, extractive = _parts(advisor)
    index = extractive.ranker.index
    groups, scored = [], []
    for row in rows:
        q = reader.read(row["question"], row.get("region"), row.get("history") or None)
        for part in q.parts or [q]:
            if pipeline.route(part) != "sentences":
                continue
            scope = resolve_scope(advisor.rules, part)
            if extractive.unsettled(part, scope):
                continue  # refused before ranking: the calibration never sees it
            ranked = extractive.candidates(part, scope)
            features = extractive.assess(part, scope, ranked)
            if row.get("expect_refusal"):
                if row.get("refusal_type", row.get("kind")) in ("no_basis", "out_of_scope", "unanswerable"):
                    scored.append((features, 0))
                continue
            scored.append((features, 1))
            quotes = [_squash(s["quote"]) for s in row.get("sources", []) if s.get("doc_id") in advisor.corpus.texts]
            quotes = [qt for qt in quotes if len(qt) >= 6]
            gold = {s.i for s in index.sentences for qt in quotes
                    if qt in _squash(s.text) or (len(_squash(s.text)) > 8 and _squash(s.text) in qt)}
            pos = np.array([r.features for r in ranked if r.sentence.i in gold])
            neg = np.array([r.features for r in ranked if r.sentence.i not in gold])
            if len(pos) and len(neg):
                groups.append((pos, neg))
    return groups, scored


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=DEV)
    ap.add_argument("--max-false-refusals", type=float, default=0.02)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--extra", type=Path, nargs="*", default=[Path(__file__).resolve().parent / "datasets" / "qa.jsonl"],
                    help="其他非测试集的问题，只用于可答性校准（默认 qa.jsonl）")
    args = ap.parse_args(argv)
    if any("test" in p.name for p in [args.dataset, *args.extra]):
        raise SystemExit("不能在测试集上拟合（test 集已冻结，只用于报告）")
    from assistant.advisor import Advisor
    from assistant.settings import Settings

    advisor = Advisor.open(Settings(embedder="fake", vector_index="memory",
                                    index_dir=Path("/tmp/advisor-fit-index")), build=True)
    rows = [row for _, row in read_jsonl(args.dataset)]
    extra = [row for path in args.extra for _, row in read_jsonl(path)]
    groups, _ = collect(advisor, rows + extra)
    w = pairwise_weights(groups)
    weights = {f: round(float(v), 4) for f, v in zip(FEATURES, w)}
    advisor.pipeline.p.extractive.ranker.set_weights(weights)
    _, scored = collect(advisor, rows)
    _, more = collect(advisor, extra)
    x = np.array([f for f, _ in scored + more])
    labels = np.array([y for _, y in scored + more])
    cw, b = calibrate(x, labels)
    dev_x = np.array([f for f, _ in scored])
    dev_labels = np.array([y for _, y in scored])
    probs = 1.0 / (1.0 + np.exp(-(dev_x @ cw + b)))
    labels = dev_labels
    scores = dev_x[:, 0] * 10.0
    answerable = probs[labels == 1]
    budget = int(args.max_false_refusals * len(answerable))
    threshold = float(np.sort(answerable)[budget]) - 1e-6 if len(answerable) > budget else 0.5
    caught = float((probs[labels == 0] < threshold).mean()) if (labels == 0).any() else 0.0
    margin = round(float(np.std(scores)) * 0.5, 4)
    out = {"weights": weights, "calibration": {"weights": [round(float(v), 4) for v in cw], "b": round(b, 4),
                                               "threshold": round(threshold, 4), "margin": margin},
           "fitted_on": args.dataset.name, "groups": len(groups), "questions": len(scored)}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    print(f"dev: {len(answerable)} answerable questions routed to sentences, {int((labels == 0).sum())} to refuse; "
          f"threshold {threshold:.3f} refuses {caught:.2f} of the latter")
    if not args.dry_run:
        WEIGHTS_PATH.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written: {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
