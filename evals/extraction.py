"""How well rule extraction finds a document's hard constraints: recall and precision per document.

Two kinds of gold:
- the seed documents, against their curated rules (corpus/rules/<doc>.yaml): every rule with a figure (hours,
  counts, shares, dates) is gold; these documents were read while the extractor was written, so their figures
  say it works where it was built, not that it generalises;
- local plans written for the test without looking at the extractor (a JSONL file: file, region, title, level,
  program, constraints [{topic, op, value, unit, quote} | {topic: schedule.*, date} | {topic, actor|items|…}]).

A candidate matches a gold constraint when the topics agree (any two schedule.* topics agree), the figure agrees
(value for numbers, year/month/day for dates, the dimension for a required point, the environment's letters, an
item in common for materials; responsibility needs only the quote) and the candidate's quote overlaps the gold
quote in the document's text.

Splits (`advisor eval extraction --split …`):
    seeds  the five shipped documents against their curated rules (seen while the extractor was written)
    dev    evals/datasets/local_plans_dev/: eight plans written blind, then used to develop the extractor
    test   evals/datasets/local_plans/: eight plans written blind, frozen (local_plans.sha256), never tuned on

Usage:
    python -m evals.extraction --split test
    python -m evals.extraction --plans DIR/gold.jsonl -v
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from assistant.corpus.documents import load_documents, read_text
from assistant.corpus.ingest import extract_text
from assistant.rules import RuleEngine
from assistant.rules.extract import Proposal, propose
from assistant.rules.rule import bounds
from assistant.types import Document

__all__ = ["score_document", "seed_report", "plans_report", "format_report"]

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "evals" / "datasets"
SPLITS = {"dev": DATASETS / "local_plans_dev" / "gold.jsonl", "test": DATASETS / "local_plans" / "gold.jsonl"}
FROZEN = {"test": DATASETS / "local_plans.sha256"}


def verify_frozen(split: str) -> None:
    """A frozen split's files must match their recorded SHA-256 sums (ValueError naming the changed file)."""
    import hashlib

    sums = FROZEN.get(split)
    if sums is None:
        return
    folder = SPLITS[split].parent
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        if hashlib.sha256((folder / name.strip()).read_bytes()).hexdigest() != digest:
            raise ValueError(f"冻结的测试集文件被改动过：{name.strip()}")


def run_split(split: str, min_confidence: float = 0.0) -> dict:
    """The per-document report of a split (seeds, dev or test)."""
    if split == "seeds":
        return seed_report(min_confidence=min_confidence)
    if split not in SPLITS:
        raise ValueError(f"--split 只能是 seeds、dev 或 test，收到：{split}")
    verify_frozen(split)
    return plans_report(SPLITS[split], min_confidence)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _span(text: str, quote: str) -> tuple[int, int] | None:
    """Where the quote lies in the text, whitespace ignored (as character offsets into the squashed text)."""
    flat, q = _squash(text), _squash(quote)
    i = flat.find(q)
    return (i, i + len(q)) if i >= 0 and q else None


def _same_topic(a: str, b: str) -> bool:
    return a == b or (a.startswith("schedule.") and b.startswith("schedule."))


def _figure_of(gold: dict) -> object:
    """The figure a gold constraint carries, in a form comparable with a proposal's."""
    if "date" in gold:
        parts = [int(x) for x in str(gold["date"]).split("-")]
        return tuple(parts)
    if gold.get("topic") == "selection.required":
        value = gold.get("value")
        return ("dim", tuple(value) if isinstance(value, list) else str(value))
    if gold.get("topic") == "selection.environment":
        return ("env", gold.get("environment"), tuple(sorted(gold.get("letters") or [])))
    if gold.get("topic") == "submission.items":
        return ("items", tuple(gold.get("items") or []))
    if gold.get("topic") == "mechanism.responsibility":
        return ("who",)
    return float(gold["value"]) if gold.get("value") is not None else None


def _proposal_matches(p: Proposal, figure: object) -> bool:
    params = p.rule.params
    if isinstance(figure, tuple) and figure and figure[0] == "dim":
        if isinstance(figure[1], tuple):
            return set(params.get("codes") or []) == set(figure[1])
        return params.get("dimension") == figure[1] or figure[1] in (params.get("codes") or [])
    if isinstance(figure, tuple) and figure and figure[0] == "env":
        return tuple(sorted(params.get("allowed", {}).get(figure[1], []))) == figure[2]
    if isinstance(figure, tuple) and figure and figure[0] == "items":
        return bool(set(params.get("items") or []) & set(figure[1]))
    if isinstance(figure, tuple) and figure and figure[0] == "who":
        return True
    if isinstance(figure, tuple):  # a date
        got = tuple(params[k] for k in ("year", "month", "day") if k in params)
        want = figure
        if len(want) >= 2 and "month" not in params:
            return False  # a year alone is not the date of a deadline that names its month
        if "year" not in params and len(want) > 1:
            want = want[1:]
        return bool(got) and got[:len(want)] == want[:len(got)]
    if figure is None:
        return False
    lo, hi = bounds(p.rule) if any(k in params for k in ("value", "min", "max", "exact")) else (None, None)
    return any(v is not None and abs(_pct(p.rule, v) - float(figure)) < 0.01 for v in (lo, hi))


def _pct(rule, v: float) -> float:
    """A share written as 比例 (2/3) in percent, like the gold's and the extractor's."""
    return round(v * 100, 2) if rule.params.get("unit") == "比例" else round(float(v), 2)


def score_document(text: str, proposals: list[Proposal], gold: list[dict]) -> dict:
    """{gold, found, candidates, correct, misses: [...], wrong: [...]} for one document."""
    flat_offsets = _flat_offsets(text)
    spans = [(p, (flat_offsets[p.start], flat_offsets[max(p.end - 1, p.start)] + 1)) for p in proposals]
    hit_gold, used = [], set()
    for g in gold:
        where = _span(text, g.get("quote", ""))
        figure = _figure_of(g)
        match = next((i for i, (p, (a, b)) in enumerate(spans)
                      if _same_topic(p.rule.topic, g["topic"]) and _proposal_matches(p, figure)
                      and (where is None or (a < where[1] and where[0] < b))), None)
        hit_gold.append(match is not None)
        if match is not None:
            used.add(match)
    misses = [g for g, hit in zip(gold, hit_gold) if not hit]
    wrong = [p for i, (p, _) in enumerate(spans) if i not in used]
    return {"gold": len(gold), "found": sum(hit_gold), "candidates": len(proposals), "correct": len(used),
            "misses": [{"topic": g["topic"], "quote": g.get("quote")} for g in misses],
            "wrong": [{"topic": p.rule.topic, "params": p.rule.params, "quote": p.quote} for p in wrong]}


def _flat_offsets(text: str) -> list[int]:
    """For each character of text, its offset in the whitespace-free text."""
    out, n = [], 0
    for ch in text:
        out.append(n)
        if not ch.isspace():
            n += 1
    return out or [0]


# The kinds of hard constraint extraction is for (hours, counts of points and dimensions, required points,
# environments, ratios and rates, deadlines, materials); other figures of the seeds (pilot cities, team sizes,
# how many teachers a province has) are not constraints on a teacher or a school's assessment.
_FAMILIES = re.compile(r"^(hours\.|selection\.|design\.points|schedule\.|submission\.|[a-z_]+\.(ratio|pass_rate)$)")


def _figure_rule(rule) -> bool:
    p = rule.params
    return rule.kind == "requirement" and bool(_FAMILIES.match(rule.topic)) and (
        any(k in p for k in ("value", "min", "max", "exact")) or any(k in p for k in ("year", "month")))


def _gold_of_rule(rule) -> dict:
    p = rule.params
    g = {"topic": rule.topic, "quote": rule.quote}
    if "year" in p or "month" in p:
        g["date"] = "-".join(str(p[k]) for k in ("year", "month", "day") if k in p)
    else:
        lo, hi = bounds(rule)
        g["value"] = None if lo is None and hi is None else _pct(rule, lo if lo is not None else hi)
    return g


def seed_report(corpus_dir: Path = ROOT / "corpus", min_confidence: float = 0.0) -> dict:
    """Per seed document: extraction against its curated figure rules (requirements)."""
    engine = RuleEngine.load(corpus_dir)
    out = {}
    for doc in engine.documents:
        text = read_text(corpus_dir / "policies", doc)
        gold = [_gold_of_rule(r) for r in engine.all_rules if r.doc_id == doc.id and _figure_rule(r)]
        gold = [g for g in gold if g.get("value") is not None or g.get("date")]
        figures = [p for p in propose(text, doc, engine.catalogue) if p.confidence >= min_confidence
                   and p.rule.topic not in ("mechanism.responsibility", "submission.items", "selection.environment")]
        out[doc.id] = score_document(text, figures, gold)
    return out


def plans_report(gold_file: Path, min_confidence: float = 0.0) -> dict:
    """Per blind local plan: extraction of every labelled constraint."""
    engine = RuleEngine.load(ROOT / "corpus")
    out = {}
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        path = gold_file.parent / row["file"]
        text = extract_text(path)
        doc = Document(id="plan-" + re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40] or "plan-x",
                       file=path.name, title=row.get("title") or path.stem, region=row.get("region", "全国"),
                       level=row.get("level", "county"), program=row.get("program", "2.0"))
        proposals = [p for p in propose(text, doc, engine.catalogue) if p.confidence >= min_confidence]
        out[row["file"]] = score_document(text, proposals, row["constraints"])
    return out


def totals(report: dict) -> dict:
    gold = sum(r["gold"] for r in report.values())
    found = sum(r["found"] for r in report.values())
    cands = sum(r["candidates"] for r in report.values())
    correct = sum(r["correct"] for r in report.values())
    return {"gold": gold, "found": found, "candidates": cands, "correct": correct,
            "recall": round(found / gold, 3) if gold else None,
            "precision": round(correct / cands, 3) if cands else None}


def format_report(title: str, report: dict) -> str:
    lines = [title, f"{'document':40s} {'gold':>5s} {'found':>6s} {'recall':>7s} {'cands':>6s} {'prec':>6s}"]
    for name, r in report.items():
        rec = r["found"] / r["gold"] if r["gold"] else float("nan")
        prec = r["correct"] / r["candidates"] if r["candidates"] else float("nan")
        lines.append(f"{name:40s} {r['gold']:5d} {r['found']:6d} {rec:7.2f} {r['candidates']:6d} {prec:6.2f}")
    t = totals(report)
    lines.append(f"{'all':40s} {t['gold']:5d} {t['found']:6d} {t['recall'] or 0:7.3f} {t['candidates']:6d} "
                 f"{t['precision'] or 0:6.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=Path, help="gold.jsonl of local plans written for the test")
    ap.add_argument("--split", choices=["seeds", "dev", "test"], default="seeds")
    ap.add_argument("--min-confidence", type=float, default=0.0)
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and wrong candidates")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.plans:
        report, title = plans_report(args.plans, args.min_confidence), f"local plans ({args.plans})"
    else:
        report = run_split(args.split, args.min_confidence)
        title = {"seeds": "seed documents (seen while writing)", "dev": "dev plans (blind, then tuned on)",
                 "test": "test plans (blind, frozen)"}[args.split]
    if args.json:
        print(json.dumps({"documents": report, "totals": totals(report)}, ensure_ascii=False, indent=1))
        return 0
    print(format_report(title, report))
    if args.verbose:
        for name, r in report.items():
            for m in r["misses"]:
                print(f"  MISS  {name}: {m['topic']} «{m['quote']}»")
            for w in r["wrong"]:
                print(f"  EXTRA {name}: {w['topic']} {w['params']} «{w['quote']}»")
    return 0


if __name__ == "__main__":
    sys.exit(main())
