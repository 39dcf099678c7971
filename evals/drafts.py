"""Drafting evaluation: completeness of required sections, expected rule verdicts, time per draft.

Usage:
    python -m evals.drafts                 # offline outlines over the repository corpus
    python -m evals.drafts --json
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from evals.bench.stats import latency_summary
from evals.jsonl import read_jsonl

__all__ = ["load_dataset", "run_drafts", "format_table", "DEFAULT_DATASET", "REQUIRED", "KINDS"]

DEFAULT_DATASET = Path(__file__).resolve().parent / "datasets" / "drafts.jsonl"
REQUIRED = ("id", "kind", "expect")
KINDS = ("design", "reflection", "school_plan")
_DRAFT_FIELDS = ("abilities", "subject", "grade", "topic")
_EXPECT = {"verdict", "violations", "sections", "applied_rules", "notes_contain"}


def load_dataset(path: Path) -> list[dict]:
    """Validated rows {id, kind, abilities…, region, expect:{verdict, violations?, sections?, …}}."""
    rows, seen = [], set()
    for n, row in read_jsonl(path):
        missing = [k for k in REQUIRED if k not in row]
        if row.get("kind") in ("design", "reflection"):
            missing += [k for k in _DRAFT_FIELDS if k not in row]
        if missing:
            raise ValueError(f"{path} 第 {n} 行缺少字段：{', '.join(missing)}")
        if row["kind"] not in KINDS:
            raise ValueError(f"{path} 第 {n} 行：未知的 kind {row['kind']}（可选：{'、'.join(KINDS)}）")
        unknown = set(row["expect"]) - _EXPECT
        if unknown or row["expect"].get("verdict") not in ("VALID", "INVALID", "NEEDS_INFO"):
            raise ValueError(f"{path} 第 {n} 行：expect 须有 verdict（VALID/INVALID/NEEDS_INFO），"
                             f"未知键 {sorted(unknown)}")
        if row["id"] in seen:
            raise ValueError(f"{path} 第 {n} 行：重复的 id {row['id']}")
        seen.add(row["id"])
        rows.append(row)
    return rows


def _draft(drafter, row: dict):
    if row["kind"] == "school_plan":
        return drafter.school_plan(row.get("region"), row.get("plan_kind", "both"))
    build = drafter.design if row["kind"] == "design" else drafter.reflection
    return build(row["abilities"], row["subject"], row["grade"], row["topic"],
                 environment=row.get("environment"), tools=row.get("tools"), region=row.get("region"))


def _rule_problems(draft, expect: dict) -> list[str]:
    """Every way the draft's checks differ from what the row expects (empty when they all hold)."""
    problems = []
    if draft.verdict.value != expect["verdict"]:
        problems.append(f"结论 {draft.verdict.value}，应为 {expect['verdict']}")
    got = {v.rule_id for v in draft.violations}
    problems += [f"缺少违规 {r}" for r in expect.get("violations", []) if r not in got]
    if expect["verdict"] == "VALID" and got:
        problems.append(f"多出违规 {sorted(got)}")
    problems += [f"未引用规则 {r}" for r in expect.get("applied_rules", []) if r not in draft.applied_rules]
    headings = {s.heading for s in draft.sections}
    problems += [f"缺少小节 {h}" for h in expect.get("sections", []) if h not in headings]
    if "notes_contain" in expect and not any(expect["notes_contain"] in n for n in draft.notes):
        problems.append(f"说明中没有“{expect['notes_contain']}”")
    return problems


def run_drafts(drafter, dataset_path: Path = DEFAULT_DATASET) -> dict:
    """Draft every row; report completeness, rule checks against expectations, latency and failures."""
    rows = load_dataset(dataset_path)
    complete = passed = 0
    latencies, failures, results = [], [], []
    by_kind: dict[str, dict[str, int]] = {k: {"cases": 0, "complete": 0, "rule_checks": 0} for k in KINDS}
    for row in rows:
        start = time.perf_counter()
        draft = _draft(drafter, row)
        latencies.append((time.perf_counter() - start) * 1000)
        problems = _rule_problems(draft, row["expect"])
        ok_complete = draft.completeness.complete
        complete += ok_complete
        passed += not problems
        stats = by_kind[row["kind"]]
        stats["cases"] += 1
        stats["complete"] += ok_complete
        stats["rule_checks"] += not problems
        results.append({"id": row["id"], "kind": row["kind"], "verdict": draft.verdict.value,
                         "complete": ok_complete, "sections": draft.completeness.sections,
                         "rule_checks": not problems})
        if problems or not ok_complete:
            failures.append({"id": row["id"], "problems": problems, "missing": draft.completeness.missing})
    n = max(len(rows), 1)
    lat = np.asarray(latencies or [0.0])
    return {
        "dataset": str(dataset_path),
        "cases": len(rows),
        "model": getattr(drafter.chat_model, "name", None),
        "completeness": complete / n,
        "rule_checks": passed / n,
        "by_kind": by_kind,
        "latency_ms": latency_summary(lat),
        "failures": failures,
        "results": results,
    }


def format_table(report: dict) -> str:
    """A plain table for the terminal."""
    lat = report["latency_ms"]
    model = report["model"] or "无（离线提纲）"
    lines = [
        f"草稿评测：{report['cases']} 条（{report['dataset']}，模型 {model}）",
        f"{'类型':<12}{'条数':>6}{'完整':>6}{'规则核验通过':>10}",
    ]
    for kind, s in report["by_kind"].items():
        if s["cases"]:
            lines.append(f"{kind:<14}{s['cases']:>6}{s['complete']:>8}{s['rule_checks']:>12}")
    lines.append(f"完整率 {report['completeness']:.3f}　规则核验通过率 {report['rule_checks']:.3f}　"
                 f"每份用时 p50 {lat['p50']:.1f} ms　p95 {lat['p95']:.1f} ms　最长 {lat['max']:.1f} ms")
    for f in report["failures"]:
        lines.append(f"未通过 {f['id']}：{'；'.join(f['problems'] + f['missing'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation from the command line and print the table (or JSON)."""
    import argparse

    from assistant.drafting import Drafter
    from assistant.rules import RuleEngine
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description="设计方案、教学反思与校本方案草稿评测")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = Settings().corpus_dir
    drafter = Drafter.load(corpus, RuleEngine.load(corpus))
    report = run_drafts(drafter, args.dataset)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
