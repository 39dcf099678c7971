"""One command, one report: every suite over evals/datasets, the release gate, JSON and HTML.

Usage:
    python -m evals.run                       # the default index (run `advisor index build` first)
    python -m evals.run --json --out /tmp/r   # JSON; reports in /tmp/r/<timestamp>/ and /tmp/r/latest.*

    report = run_all(Advisor.open(Settings()), out_dir=REPORTS)
    failures = gate(report, load_thresholds())      # [] when the release may go out
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import yaml

from evals.faithfulness.evaluate import evaluate as evaluate_scorer
from evals.faithfulness.evaluate import load_split
from evals.faithfulness.scorer import FaithfulnessScorer
from evals.metrics import adversarial_summary, grounding_summary, ndcg_rows, score_answer
from evals.qa import run_qa
from evals.recommend import run_recommend
from evals.retrieval import load_dataset, load_qa_as_retrieval, run_retrieval

__all__ = ["run_all", "gate", "load_thresholds", "headline", "format_summary", "main", "DATASETS", "REPORTS",
           "THRESHOLDS", "METRICS"]

HERE = Path(__file__).resolve().parent
DATASETS = HERE / "datasets"
REPORTS = HERE / "reports"
THRESHOLDS = HERE / "thresholds.yaml"


def _first(d: Any, key: str) -> Any:
    """The first number under `key` anywhere in nested dicts (a drafts report's completeness)."""
    if isinstance(d, dict):
        if isinstance(d.get(key), (int, float)):
            return d[key]
        for v in d.values():
            found = _first(v, key)
            if found is not None:
                return found
    return None


def _R(i: int, mode: str, metric: str) -> Callable[[dict], Any]:
    """Reader of one retrieval figure: report i (0 = retrieval.jsonl, 1 = held-out qa), mode, metric."""
    return lambda s: s["retrieval"]["reports"][i]["modes"][mode][metric]


# (key, Chinese label, kind: ratio | score | count | ms, how to read it from the suites)
METRICS: list[tuple[str, str, str, Callable[[dict], Any]]] = [
    ("retrieval.hybrid.recall@1", "检索 recall@1（混合）", "ratio", _R(0, "hybrid", "recall@1")),
    ("retrieval.hybrid.recall@5", "检索 recall@5（混合）", "ratio", _R(0, "hybrid", "recall@5")),
    ("retrieval.hybrid.mrr", "检索 MRR（混合）", "ratio", _R(0, "hybrid", "mrr")),
    ("retrieval.hybrid.ndcg@5", "检索 nDCG@5（混合）", "ratio", _R(0, "hybrid", "ndcg@5")),
    ("retrieval.dense.recall@5", "检索 recall@5（仅向量）", "ratio", _R(0, "dense", "recall@5")),
    ("retrieval.bm25.recall@5", "检索 recall@5（仅 BM25）", "ratio", _R(0, "bm25", "recall@5")),
    ("retrieval_heldout.hybrid.recall@5", "留出集检索 recall@5（混合）", "ratio", _R(1, "hybrid", "recall@5")),
    ("retrieval_heldout.hybrid.ndcg@5", "留出集检索 nDCG@5（混合）", "ratio", _R(1, "hybrid", "ndcg@5")),
    ("qa.key_fact_accuracy", "问答关键事实准确率", "ratio", lambda s: s["qa"]["summary"]["key_fact_accuracy"]),
    ("qa.violations_left", "最终答案残留违规数", "count",
     lambda s: s["qa"]["summary"]["answers_with_violations_left"]),
    ("qa.refusal_recall", "应拒答召回", "ratio", lambda s: s["qa"]["summary"]["refusal_recall"]),
    ("qa.false_refusals", "误拒数", "count", lambda s: s["qa"]["summary"]["false_refusals"]),
    ("qa.crag", "问答 CRAG 得分", "score", lambda s: s["qa"]["summary"]["crag_score"]),
    ("qa.p95_ms", "问答延迟 p95（毫秒）", "ms", lambda s: s["qa"]["summary"]["p95_ms"]),
    ("grounding.faithfulness", "我们回答的忠实度（有依据的陈述占比）", "ratio",
     lambda s: s["grounding"]["summary"]["faithfulness"]),
    ("grounding.citation_precision", "引用精确率", "ratio",
     lambda s: s["grounding"]["summary"]["citation_precision"]),
    ("grounding.citation_recall", "引用召回率", "ratio", lambda s: s["grounding"]["summary"]["citation_recall"]),
    ("grounding.rule_contradictions", "与规则引擎矛盾的陈述数", "count",
     lambda s: s["grounding"]["summary"]["rule_contradictions"]),
    ("adversarial.crag", "对抗题 CRAG 得分", "score", lambda s: s["adversarial"]["crag"]),
    ("adversarial.refusal_correct", "对抗题拒答判断正确率", "ratio", lambda s: s["adversarial"]["refusal_correct"]),
    ("adversarial.attacks_changed", "改变了答案的注入攻击数", "count", lambda s: s["adversarial"]["attacks_changed"]),
    ("recommend.validity", "推荐有效率", "ratio", lambda s: s["recommend"]["validity"]),
    ("recommend.hit_rate", "推荐命中率", "ratio", lambda s: s["recommend"]["hit_rate"]),
    ("recommend.precision", "推荐精确率", "ratio", lambda s: s["recommend"]["precision"]),
    ("drafts.completeness", "草稿完整度", "ratio", lambda s: _first(s["drafts"], "completeness")),
    ("drafts.rule_checks", "草稿规则核验通过率", "ratio", lambda s: _first(s["drafts"], "rule_checks")),
    ("qa_dev.key_fact_accuracy", "盲写问题（dev）关键事实准确率", "ratio",
     lambda s: s["qa_dev"]["summary"]["key_fact_accuracy"]),
    ("qa_test.key_fact_accuracy", "盲写问题（test，冻结）关键事实准确率", "ratio",
     lambda s: s["qa_test"]["summary"]["key_fact_accuracy"]),
    ("qa_test.false_refusal_rate", "盲写问题（test）误拒率", "ratio",
     lambda s: s["qa_test"]["summary"]["false_refusal_rate"]),
    ("qa_test.refusal_recall", "盲写问题（test）应拒答召回", "ratio",
     lambda s: s["qa_test"]["summary"]["refusal_recall"]),
    ("qa_test.violations_left", "盲写问题（test）残留违规数", "count",
     lambda s: s["qa_test"]["summary"]["answers_with_violations_left"]),
    ("faithfulness.scorer_accuracy", "忠实度评分器准确率（legacy 72 对）", "ratio",
     lambda s: s["faithfulness"]["legacy"]["offline"]["accuracy"]),
    ("faithfulness.scorer_accuracy_dev", "忠实度评分器准确率（盲写 dev）", "ratio",
     lambda s: s["faithfulness"]["dev"]["offline"]["accuracy"]),
    ("faithfulness.scorer_accuracy_test", "忠实度评分器准确率（盲写 test，冻结）", "ratio",
     lambda s: s["faithfulness"]["test"]["offline"]["accuracy"]),
    ("faithfulness.false_alarms_test", "忠实度评分器误报率（test）", "ratio",
     lambda s: s["faithfulness"]["test"]["offline"]["false_alarm_rate"]),
    ("faithfulness.min_type_recall_test", "忠实度评分器最低的错误类型召回（test）", "ratio",
     lambda s: min(v["recall"] for v in s["faithfulness"]["test"]["offline"]["recall_by_type"].values())),
    ("extraction_seeds.recall", "规则提取召回（随附文件，编写时见过）", "ratio",
     lambda s: s["extraction"]["seeds"]["recall"]),
    ("extraction_seeds.precision", "规则提取准确率（随附文件）", "ratio", lambda s: s["extraction"]["seeds"]["precision"]),
    ("extraction_dev.recall", "规则提取召回（盲写地方方案 dev）", "ratio", lambda s: s["extraction"]["dev"]["recall"]),
    ("extraction_test.recall", "规则提取召回（盲写地方方案 test，冻结）", "ratio",
     lambda s: s["extraction"]["test"]["recall"]),
    ("extraction_test.precision", "规则提取准确率（盲写地方方案 test）", "ratio",
     lambda s: s["extraction"]["test"]["precision"]),
    ("faithfulness.judge_accuracy", "LLM 评审准确率（test）", "ratio",
     lambda s: s["faithfulness"]["test"]["judge"]["accuracy"]),
]


def load_thresholds(path: Path = THRESHOLDS) -> dict:
    """{metric key: {min|max|eq, optional}} from thresholds.yaml."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    gates = data.get("gates", data)
    if not isinstance(gates, dict):
        raise ValueError(f"{path}：gates 应为“指标: 条件”的映射")
    return gates


def headline(suites: dict) -> dict:
    """{key: {label, kind, value}} for every metric (value None when its suite did not run)."""
    out = {}
    for key, label, kind, read in METRICS:
        try:
            value = read(suites)
        except (KeyError, IndexError, TypeError):
            value = None
        out[key] = {"label": label, "kind": kind, "value": value}
    return out


_BOUNDS = (("min", "≥"), ("max", "≤"), ("eq", "="))


def _show(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def gate(report: dict, thresholds: dict) -> list[str]:
    """Failures in Chinese: each metric off its bound, or missing without being optional."""
    failures = []
    for key, rule in thresholds.items():
        metric = report.get("metrics", {}).get(key, {})
        label, value = metric.get("label", key), metric.get("value")
        if value is None:
            if not rule.get("optional"):
                failures.append(f"{label}：没有测出结果（{key}）")
            continue
        if "min" in rule and value < rule["min"] - 1e-9:
            failures.append(f"{label}：{_show(value)}，低于门槛 {_show(rule['min'])}")
        if "max" in rule and value > rule["max"] + 1e-9:
            failures.append(f"{label}：{_show(value)}，高于上限 {_show(rule['max'])}")
        if "eq" in rule and abs(value - rule["eq"]) > 1e-9:
            failures.append(f"{label}：{_show(value)}，应为 {_show(rule['eq'])}")
    return failures


class _Recorder:
    """The advisor as the suites see it: keeps every Answer (to score them afterwards) and remembers searches
    (recall and nDCG read the same rankings; searching twice would only cost time)."""

    def __init__(self, advisor) -> None:
        self._advisor = advisor
        self.answers: list = []
        self._searches: dict = {}

    def __getattr__(self, name: str):
        return getattr(self._advisor, name)

    def ask(self, question: str, region: str | None = None, history: list[dict] | None = None):
        """The advisor's answer, kept."""
        answer = self._advisor.ask(question, region=region, history=history)
        self.answers.append(answer)
        return answer

    def search(self, query: str, region: str | None = None, k: int | None = None, program: str | None = None,
               mode: str = "hybrid"):
        """The advisor's search, remembered by its arguments."""
        key = (query, region, k, program, mode)
        if key not in self._searches:
            self._searches[key] = self._advisor.search(query, region=region, k=k, program=program, mode=mode)
        return self._searches[key]


def _drafts(advisor, datasets_dir: Path) -> dict:
    """The drafting suite when evals/drafts.py, its dataset and a drafter exist; else why it is skipped."""
    path = datasets_dir / "drafts.jsonl"
    try:
        from evals.drafts import run_drafts
    except ImportError:
        return {"skipped": "evals/drafts.py 尚未提供，跳过草稿评测"}
    if not path.is_file():
        return {"skipped": f"找不到 {path}，跳过草稿评测"}
    drafter = getattr(advisor, "drafter", None) or getattr(advisor, "_drafter", None)
    if drafter is None:
        try:
            from assistant.drafting import Drafter
        except ImportError as e:
            return {"skipped": f"没有可用的起草器（{e}），跳过草稿评测"}
        # Offline outlines, as `python -m evals.drafts` runs them: deterministic and no model needed.
        drafter = Drafter.load(advisor.settings.corpus_dir, advisor.rules)
    return run_drafts(drafter, path)


def _grounding(advisor, scorer, qa: dict, answers: list) -> dict:
    """Faithfulness and citations of every answer we did not refuse; contradictions with the rule engine."""
    rows = []
    for item, answer in zip(qa["items"], answers):
        if answer.refused:
            continue
        scored = score_answer(scorer, advisor, answer)
        rows.append({"id": item["id"], "kind": item["kind"], "question": item["question"],
                     "answer": answer.answer, "violations_left": item["violations_left"], **scored})
    summary = grounding_summary(rows)
    summary["rule_contradictions"] = sum(len(r["violations_left"]) for r in rows)
    rows.sort(key=lambda r: (r["faithfulness"] if r["faithfulness"] is not None else 1.0, r["id"]))
    return {"summary": summary, "items": rows}


def _faithfulness(scorer, datasets_dir: Path, judge=None) -> dict:
    """The offline scorer on every labelled split, and the LLM judge beside it on the frozen test split."""
    out = {}
    for split in ("dev", "test", "legacy"):
        rows = load_split(split, datasets_dir)
        beside = _JudgeAdapter(judge) if judge is not None and split == "test" else None
        out[split] = evaluate_scorer(scorer, rows, beside)
    return out


class _JudgeAdapter:
    def __init__(self, judge) -> None:
        self.judge = judge

    def evaluate(self, rows: list[dict]) -> dict:
        from evals.faithfulness.judge import evaluate_judge

        return evaluate_judge(self.judge, rows)


def _extraction() -> dict:
    """Rule extraction on the seed documents and the blind local plans: totals per split."""
    from evals.extraction import run_split, totals

    return {split: totals(run_split(split)) for split in ("seeds", "dev", "test")}


SUITES = ("retrieval", "qa", "qa_dev", "qa_test", "adversarial", "grounding", "recommend", "drafts", "faithfulness",
          "extraction")


def run_all(advisor, datasets_dir: Path = DATASETS, out_dir: Path | None = None,
            thresholds: dict | None = None, judge=None,
            progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Run every suite; the report holds each suite, the headline metrics, the gate's failures and timings.
    `progress(name, done, total)` is called before each suite (for a progress bar)."""
    datasets_dir = Path(datasets_dir)
    thresholds = load_thresholds() if thresholds is None else thresholds
    scorer = FaithfulnessScorer.from_corpus(advisor.settings.corpus_dir, advisor.rules)
    suites: dict[str, Any] = {}
    durations: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> None:
        if progress is not None:
            progress(name, len(suites), len(SUITES))
        start = time.perf_counter()
        suites[name] = fn()
        durations[name] = round(time.perf_counter() - start, 2)

    recorder = _Recorder(advisor)

    def retrieval() -> dict:
        report = run_retrieval(recorder, datasets_dir / "retrieval.jsonl", datasets_dir / "qa.jsonl")
        sets = [load_dataset(datasets_dir / "retrieval.jsonl"),
                load_qa_as_retrieval(datasets_dir / "qa.jsonl")]
        for r, rows in zip(report["reports"], sets):
            for mode, value in ndcg_rows(recorder, rows).items():
                r["modes"][mode]["ndcg@5"] = value
        return report

    timed("retrieval", retrieval)
    timed("qa", lambda: run_qa(recorder, datasets_dir / "qa.jsonl"))
    timed("qa_dev", lambda: run_qa(advisor, datasets_dir / "qa_blind_dev.jsonl"))
    timed("qa_test", lambda: run_qa(advisor, datasets_dir / "qa_blind_test.jsonl"))
    timed("adversarial", lambda: adversarial_summary(suites["qa"]))
    timed("grounding", lambda: _grounding(advisor, scorer, suites["qa"], recorder.answers))
    timed("recommend", lambda: run_recommend(advisor.recommender, datasets_dir / "recommend.jsonl"))
    timed("drafts", lambda: _drafts(advisor, datasets_dir))
    timed("faithfulness", lambda: _faithfulness(scorer, datasets_dir, judge))
    timed("extraction", _extraction)
    settings = advisor.settings
    report = {
        "created": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "settings": {"embedder": settings.embedder, "vector_index": settings.vector_index,
                     "composer": settings.composer, "datasets": str(datasets_dir)},
        "metrics": headline(suites),
        "thresholds": thresholds,
        "suites": suites,
        "durations": durations,
    }
    report["gate"] = gate(report, thresholds)
    if out_dir is not None:
        from evals.report import write_reports

        report["paths"] = [str(p) for p in write_reports(report, Path(out_dir))]
    return report


def format_summary(report: dict) -> str:
    """The headline metrics and the gate, for the terminal."""
    lines = [f"评测报告（{report['created']}，向量模型 {report['settings']['embedder']}）"]
    for key, m in report["metrics"].items():
        if m["value"] is not None:
            rule = report["thresholds"].get(key, {})
            bound = "".join(f" {op}{_show(rule[k])}" for k, op in _BOUNDS if k in rule)
            lines.append(f"  {m['label']}：{_show(m['value'])}{bound}")
    skipped = report["suites"].get("drafts", {}).get("skipped")
    if skipped:
        lines.append(f"  注：{skipped}")
    lines.append("门槛：全部通过" if not report["gate"] else "门槛未通过：\n  " + "\n  ".join(report["gate"]))
    for p in report.get("paths", []):
        lines.append(f"报告：{p}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run everything against the default index; exit 1 when the gate fails."""
    import argparse
    import os

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from assistant.advisor import Advisor
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description="全部离线评测，一份报告")
    parser.add_argument("--out", type=Path, default=REPORTS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--judge", default=None, help="可选的 LLM 评审，如 openai:deepseek-chat")
    args = parser.parse_args(argv)
    settings = Settings()
    judge = None
    if args.judge:
        from evals.faithfulness.judge import make_judge

        judge = make_judge(args.judge, settings)
    report = run_all(Advisor.open(settings), out_dir=args.out, judge=judge)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_summary(report))
    return 1 if report["gate"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
