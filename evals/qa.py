"""QA evaluation: key-fact accuracy, violations left in final answers, refusal correctness (CRAG), latency."""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from pathlib import Path

__all__ = ["run_qa", "format_table", "has_fact", "crag_score", "SPLITS"]


def _norm(text: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"[—–―－~～至到]", "-", text)


_EQUIV = [("三分之二", "2/3"), ("百分之十", "10%"), ("百分之百", "100%"), ("百分之五十", "50%"), ("～", "-"), ("至", "-")]


def has_fact(answer: str, fact: str | list[str]) -> bool:
    """The key fact appears in the answer, spaces and full-width forms aside (2/3 and 三分之二 alike); a list
    of spellings is one fact, present when any spelling is."""
    if isinstance(fact, list):
        return any(has_fact(answer, f) for f in fact)
    a, f = _norm(answer), _norm(fact)
    if f in a:
        return True
    for x, y in _EQUIV:
        if f.replace(x, y) in a.replace(x, y):
            return True
    return False


def violations_left(engine, answer) -> list[str]:
    """Contradicted figures in the final answer; a sentence that names 1.0, or cites only a 1.0 document, is checked
    as a 1.0 statement, a line labelled with a place as that place's. A sentence the rule engine wrote about the
    asker's own choice (当前覆盖1个维度) is not a policy statement."""
    out = []
    settled = [re.sub(r"\W", "", c.text) for c in answer.grounding.claims if c.settled]
    programme = {d.id: d.program for d in engine.documents}
    cited = {c.n: programme.get(c.doc_id) for c in getattr(answer, "citations", []) or []}
    region = answer.region
    for sentence in re.split(r"(?<=[。！？\n])", answer.answer):
        if not sentence.strip() or sentence.startswith("说明："):
            continue
        # A line labelled with a place (「北京：…」, and the 「· …」 lines under it) speaks for that place.
        label = re.match(r"^\s*([^：:·\s]{1,12})[：:]", sentence)
        if label and not sentence.lstrip().startswith("·"):
            place = engine.jurisdiction(label.group(1), None).region
            region = (place.canonical if place.level != "national" else None) if place.known else answer.region
        bare = re.sub(r"\W", "", re.sub(r"\[\d{1,2}\]", "", sentence))
        if any(s and s in bare for s in settled):
            continue
        # (「广东（提升工程1.0）：…[1]」 and the 「· …[2]」 under it quote the 1.0 document: 1.0 statements)
        sources = {cited.get(int(n)) for n in re.findall(r"\[(\d{1,2})\]", sentence)} - {None}
        program = "1.0" if "1.0" in sentence or sources == {"1.0"} else answer.program
        report = engine.check_text(sentence, region, program)
        out.extend(c.text for c in report.claims if c.status == "contradicted")
    return out


def crag_score(expect_refusal: bool, refused: bool, correct: bool) -> int:
    """CRAG scoring: right +1, declined 0, wrong −1 (a refusal is right exactly when one is expected)."""
    if expect_refusal:
        return 1 if refused else -1
    if refused:
        return 0
    return 1 if correct else -1


SPLITS = {"dev": "qa_blind_dev.jsonl", "dev2": "qa_blind_dev2.jsonl", "test": "qa_blind_test.jsonl", "legacy": "qa.jsonl"}


def run_qa(advisor, dataset: Path) -> dict:
    """Ask every question as a teacher would (region and history as given) and score the final answers."""
    rows = [json.loads(line) for line in Path(dataset).read_text(encoding="utf-8").splitlines() if line.strip()]
    items, latencies = [], []
    for row in rows:
        t = time.perf_counter()
        ans = advisor.ask(row["question"], region=row.get("region"), history=row.get("history") or None)
        latencies.append((time.perf_counter() - t) * 1000)
        facts = row.get("key_facts") or []
        found = [f for f in facts if has_fact(ans.answer, f)]
        correct = len(found) == len(facts)
        contradicted = [] if ans.refused else violations_left(advisor.rules, ans)
        items.append({
            "id": row["id"], "kind": row.get("kind"), "question": row["question"], "answer": ans.answer,
            "refused": ans.refused, "expect_refusal": bool(row.get("expect_refusal")), "key_facts": facts,
            "found": found, "correct": correct, "verdict": ans.grounding.verdict, "violations_left": contradicted,
            "crag": crag_score(bool(row.get("expect_refusal")), ans.refused, correct),
            "citations": len(ans.citations), "refusal_type": row.get("refusal_type"),
        })
    with_facts = [i for i in items if i["key_facts"] and not i["expect_refusal"]]
    refusals = [i for i in items if i["expect_refusal"]]
    summary = {
        "questions": len(items),
        "key_fact_accuracy": sum(i["correct"] for i in with_facts) / max(len(with_facts), 1),
        "key_facts_found": sum(len(i["found"]) for i in with_facts) / max(sum(len(i["key_facts"]) for i in with_facts), 1),
        "answers_with_violations_left": sum(bool(i["violations_left"]) for i in items),
        "refusal_recall": sum(i["refused"] for i in refusals) / max(len(refusals), 1),
        "false_refusals": sum(i["refused"] for i in items if not i["expect_refusal"]),
        "crag_score": sum(i["crag"] for i in items) / max(len(items), 1),
        "cited_answers": sum(1 for i in items if not i["refused"] and i["citations"]) /
        max(sum(1 for i in items if not i["refused"]), 1),
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p95_ms": sorted(latencies)[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
    }
    answerable = [i for i in items if not i["expect_refusal"]]
    summary["false_refusal_rate"] = summary["false_refusals"] / max(len(answerable), 1)
    summary["refusal_recall_by_type"] = {
        t: sum(i["refused"] for i in refusals if (i["refusal_type"] or i["kind"]) == t)
        / max(sum(1 for i in refusals if (i["refusal_type"] or i["kind"]) == t), 1)
        for t in sorted({i["refusal_type"] or i["kind"] for i in refusals})}
    by_kind: dict[str, dict] = {}
    for i in items:
        k = by_kind.setdefault(i["kind"], {"n": 0, "crag": 0, "right": 0})
        k["n"] += 1
        k["crag"] += i["crag"]
        k["right"] += i["crag"] > 0
    return {"dataset": str(dataset), "summary": summary, "by_kind": by_kind, "items": items}


def format_table(report: dict) -> str:
    """The summary and the failures, for the terminal."""
    s = report["summary"]
    lines = [f"问答评测：{s['questions']} 个问题（{report['dataset']}）",
             f"关键事实准确率 {s['key_fact_accuracy']:.3f}（事实覆盖 {s['key_facts_found']:.3f}）",
             f"最终答案中残留违规 {s['answers_with_violations_left']} 个；应拒答召回 {s['refusal_recall']:.3f}"
             f"（{'，'.join(f'{k} {v:.2f}' for k, v in s['refusal_recall_by_type'].items())}），"
             f"误拒 {s['false_refusals']} 个（{s['false_refusal_rate']:.3f}）；CRAG 得分 {s['crag_score']:.3f}",
             f"有引用的回答占比 {s['cited_answers']:.3f}；延迟 p50 {s['p50_ms']:.1f} ms，p95 {s['p95_ms']:.1f} ms",
             "按类型（答对 / 题数）：" + "，".join(f"{k} {v['right']}/{v['n']}" for k, v in sorted(report["by_kind"].items()))]
    wrong = [i for i in report["items"] if i["crag"] < 0]
    if wrong:
        lines.append("答错：" + "，".join(i["id"] for i in wrong))
    return "\n".join(lines)
