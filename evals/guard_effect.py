"""The guard's effect on our own answers: the same questions answered with the guard and without it.

Two composers are compared:
- offline: the extractive composer (the documents' own sentences; the guard should change almost nothing);
- noisy: a deterministic stand-in for a generative model that makes the mistakes models make — every third
  claim it rewrites gets one planted error (a figure changed, a limit flipped, a negation added, or an invented
  sentence with a subsidy) — so the guard has something to catch.

For each, with and without the guard: key-fact accuracy, faithfulness of the final answers (the offline
scorer against what they cite), citation precision, figures left that contradict the rule engine, and the
correct answers the guard lost (there should be none). An answer is correct when it states every key fact and
keeps none of the planted errors.

Usage:
    python -m evals.guard_effect [--dataset evals/datasets/qa.jsonl] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import zlib
from pathlib import Path

from assistant.guard.guard import Checked
from assistant.types import GuardClaim
from evals.metrics import grounding_summary, score_answer
from evals.qa import has_fact, violations_left

DATASET = Path(__file__).resolve().parent / "datasets" / "qa.jsonl"
_BLOCK = re.compile(r"^\[(\d{1,2})\] (.+)$", re.MULTILINE)


class NoisyModel:
    """Rewrites the offline answer's claims, planting one error in about every third claim (chosen by a hash of
    the sentence, so a run is reproducible)."""

    name = "noisy"

    def __init__(self) -> None:
        self.planted: set[str] = set()  # the wrong sentences it wrote

    def complete(self, messages: list[dict]) -> str:
        out = []
        for n, text in _BLOCK.findall(messages[-1]["content"]):
            text = text.rstrip("。")
            seed = zlib.crc32(text.encode("utf-8"))  # the same sentence always gets the same treatment
            if seed % 3 == 0:
                wrong = _plant(text, seed // 3)
                self.planted.add(wrong.split("。")[-1] if wrong.startswith(text) else wrong)
                text = wrong
            out.append(f"{text}[{n}]。")
        return "".join(out)

    def stream(self, messages: list[dict]):
        yield self.complete(messages)


def _plant(text: str, k: int) -> str:
    """One error of kind k % 4 in the sentence (or, when it has nothing to change, an invented sentence)."""
    kind = k % 4
    if kind == 0:
        changed = re.sub(r"(\d+)(?=\s*(学时|个|%|人|所))", lambda m: str(int(m[1]) + 5), text, count=1)
        if changed != text:
            return changed
    if kind == 1:
        for a, b in (("不少于", "不超过"), ("不低于", "不高于"), ("至少", "最多")):
            if a in text:
                return text.replace(a, b, 1)
    if kind == 2:
        for a, b in (("要", "不要"), ("应", "不必"), ("须", "无须")):
            if a in text:
                return text.replace(a, b, 1)
    return text + "。参训教师每人可获得500元补贴"


def _no_guard(pipeline) -> None:
    """Let every statement through unchecked (the baseline the guard is measured against)."""

    def passthrough(statements, region, program="2.0"):
        claims = [GuardClaim(text=s.text, supported=True) for s in statements if s.kind == "claim"]
        return Checked(list(statements), claims, [], False)

    pipeline.guard.check = passthrough


def _run(advisor, rows: list[dict], scorer, model: NoisyModel | None) -> dict:
    items, scored = [], []
    for row in rows:
        ans = advisor.ask(row["question"], region=row.get("region"), history=row.get("history") or None)
        facts = row.get("key_facts") or []
        # Correct: every key fact there, and no planted error left standing beside them.
        bare = re.sub(r"\[\d{1,2}\]", "", ans.answer)
        wrong = model is not None and any(p in bare for p in model.planted)
        correct = (not ans.refused and bool(facts) and all(has_fact(ans.answer, f) for f in facts)
                   and not row.get("expect_refusal") and not wrong)
        left = [] if ans.refused else violations_left(advisor.rules, ans)
        items.append({"id": row["id"], "correct": correct, "refused": ans.refused, "violations_left": left})
        if not ans.refused:
            scored.append(score_answer(scorer, advisor, ans))
    summary = grounding_summary(scored)
    with_facts = [r for r in rows if r.get("key_facts") and not r.get("expect_refusal")]
    return {
        "key_fact_accuracy": sum(i["correct"] for i in items) / max(len(with_facts), 1),
        "faithfulness": summary["faithfulness"],
        "citation_precision": summary["citation_precision"],
        "rule_contradictions": sum(len(i["violations_left"]) for i in items),
        "correct_ids": {i["id"] for i in items if i["correct"]},
    }


def guard_effect(settings, dataset: Path = DATASET) -> dict:
    """{composer: {without, with, lost}} for the offline and the noisy composer."""
    from assistant.advisor import Advisor
    from evals.faithfulness.scorer import FaithfulnessScorer

    rows = [json.loads(line) for line in Path(dataset).read_text(encoding="utf-8").splitlines() if line.strip()]
    base = Advisor.open(settings)
    scorer = FaithfulnessScorer.from_corpus(settings.corpus_dir, base.rules)
    out = {}
    for name, model in (("offline", None), ("noisy", "noisy")):
        runs = {}
        for guarded in (False, True):
            noisy = NoisyModel() if model else None
            advisor = Advisor(base.settings, base.corpus, base.rules, base.embedder, base.index, noisy)
            if not guarded:
                _no_guard(advisor.pipeline)
            runs["with" if guarded else "without"] = _run(advisor, rows, scorer, noisy)
        lost = sorted(runs["without"]["correct_ids"] - runs["with"]["correct_ids"])
        for r in runs.values():
            r.pop("correct_ids")
        out[name] = {**runs, "correct_answers_lost": lost}
    return out


def format_table(report: dict) -> str:
    lines = ["守卫对我们自己回答的影响（无守卫 → 有守卫）："]
    labels = {"key_fact_accuracy": "正确回答（关键事实齐全且没有留下错误）", "faithfulness": "忠实度", "citation_precision": "引用精确率",
              "rule_contradictions": "与规则矛盾的数字"}
    for name, r in report.items():
        title = "离线抽取式" if name == "offline" else "模拟大模型（每三句埋一处错误）"
        lines.append(f"  {title}：")
        for key, label in labels.items():
            a, b = r["without"][key], r["with"][key]
            show = (lambda x: f"{x:.3f}") if isinstance(a, float) else str
            lines.append(f"    {label}：{show(a)} → {show(b)}")
        lines.append(f"    因守卫丢失的正确回答：{len(r['correct_answers_lost'])}"
                     + (f"（{'、'.join(r['correct_answers_lost'])}）" if r["correct_answers_lost"] else ""))
    return "\n".join(lines)


def main() -> None:
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = guard_effect(Settings(), args.dataset)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_table(report))


if __name__ == "__main__":
    main()
