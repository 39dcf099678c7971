"""Scoring the scorer: accuracy, recall per error type and false alarms on labelled (answer, contexts) pairs.

Splits (evals/datasets): `dev` and `test` are the blind pairs written from the documents alone (test frozen, never
tuned on), `legacy` the 72 pairs the earlier scorer was written against. Positive = unfaithful.

Usage:
    python -m evals.faithfulness.evaluate --split dev [--json]
    advisor eval faithfulness --split test
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from evals.jsonl import read_jsonl

__all__ = ["SPLITS", "load_split", "score_predictions", "evaluate", "format_table", "main"]

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
SPLITS = {"dev": "faithfulness_blind_dev.jsonl", "dev2": "faithfulness_blind_dev2.jsonl",
          "dev3": "faithfulness_blind_dev3.jsonl", "dev4": "faithfulness_blind_dev4.jsonl", "dev5": "faithfulness_blind_dev5.jsonl", "dev6": "faithfulness_blind_dev6.jsonl",
          "dev7": "faithfulness_blind_dev7.jsonl", "dev8": "faithfulness_blind_dev8.jsonl", "dev9": "faithfulness_blind_dev9.jsonl", "dev10": "faithfulness_blind_dev10.jsonl", "dev11": "faithfulness_blind_dev11.jsonl", "dev12": "faithfulness_blind_dev12.jsonl", "dev13": "faithfulness_blind_dev13.jsonl", "dev14": "faithfulness_blind_dev14.jsonl", "dev15": "faithfulness_blind_dev15.jsonl", "dev16": "faithfulness_blind_dev16.jsonl", "dev17": "faithfulness_blind_dev17.jsonl", "dev18": "faithfulness_blind_dev18.jsonl", "dev19": "faithfulness_blind_dev19.jsonl", "dev20": "faithfulness_blind_dev20.jsonl", "dev21": "faithfulness_blind_dev21.jsonl", "dev22": "faithfulness_blind_dev22.jsonl", "dev23": "faithfulness_blind_dev23.jsonl", "dev24": "faithfulness_blind_dev24.jsonl", "dev25": "faithfulness_blind_dev25.jsonl", "dev26": "faithfulness_blind_dev26.jsonl",
          "test": "faithfulness_blind_test.jsonl", "legacy": "faithfulness.jsonl"}


def load_split(split: str, datasets: Path = DATASETS) -> list[dict]:
    """The labelled rows of a split."""
    if split not in SPLITS:
        raise ValueError(f"未知的划分：{split}（可选 {'、'.join(SPLITS)}）")
    return [row for _, row in read_jsonl(datasets / SPLITS[split])]


def score_predictions(rows: list[dict], predicted: dict[str, str]) -> dict:
    """Accuracy, confusion (positive = unfaithful), recall per error type, false alarms, misjudged ids."""
    tp = fp = fn = tn = 0
    by_type: dict[str, list[int]] = {}
    wrong = []
    for r in rows:
        truth, guess = r["label"], predicted[r["id"]]
        if truth == "unfaithful":
            hit = guess == "unfaithful"
            tp += hit
            fn += not hit
            t = by_type.setdefault(r.get("error_type") or "other", [0, 0])
            t[0] += 1
            t[1] += hit
        else:
            fp += guess == "unfaithful"
            tn += guess == "faithful"
        if truth != guess:
            wrong.append(r["id"])
    n = len(rows)
    return {"n": n, "accuracy": (tp + tn) / n if n else 0.0,
            "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
            "false_alarm_rate": fp / (fp + tn) if fp + tn else 0.0,
            "recall_by_type": {k: {"n": v[0], "recall": v[1] / v[0]} for k, v in sorted(by_type.items())},
            "misjudged": wrong}


def evaluate(scorer, rows: list[dict], judge=None) -> dict:
    """The offline scorer (and an optional LLM judge beside it) on the rows, with timings."""
    predicted, times = {}, []
    for r in rows:
        t = time.perf_counter()
        predicted[r["id"]] = "faithful" if scorer.faithful(r.get("question", ""), r["answer"], r["contexts"]) \
            else "unfaithful"
        times.append((time.perf_counter() - t) * 1000)
    report = {"offline": score_predictions(rows, predicted),
              "ms_per_pair": {"p50": statistics.median(times) if times else 0.0,
                              "p95": sorted(times)[int(0.95 * (len(times) - 1))] if times else 0.0}}
    if judge is not None:
        report["judge"] = judge.evaluate(rows)
    return report


def format_table(split: str, report: dict) -> str:
    """The figures in Chinese, for the terminal."""
    o = report["offline"]
    c = o["confusion"]
    lines = [f"忠实度评分器（{split}，{o['n']} 对）：准确率 {o['accuracy']:.3f}；误报率（忠实的判为不忠实）"
             f"{o['false_alarm_rate']:.3f}；TP {c['tp']} / FP {c['fp']} / FN {c['fn']} / TN {c['tn']}",
             "各错误类型召回：" + "，".join(f"{k} {v['recall']:.2f}（{v['n']}）" for k, v in o["recall_by_type"].items()),
             f"每对耗时 p50 {report['ms_per_pair']['p50']:.1f} ms，p95 {report['ms_per_pair']['p95']:.1f} ms"]
    if "judge" in report:
        j = report["judge"]
        lines.append(f"LLM 评审（同一批）：准确率 {j['accuracy']:.3f}，误报率 {j.get('false_alarm_rate', 0):.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    import argparse

    from assistant.settings import Settings
    from evals.faithfulness.scorer import FaithfulnessScorer

    ap = argparse.ArgumentParser(description="忠实度评分器的准确率")
    ap.add_argument("--split", default="dev", choices=list(SPLITS))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    report = evaluate(FaithfulnessScorer.from_corpus(Settings().corpus_dir), load_split(args.split))
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_table(args.split, report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
