"""Retrieval evaluation: recall@1, recall@5 and MRR for hybrid, dense-only and BM25-only search."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["load_dataset", "run_retrieval", "format_table", "is_hit", "MODES"]

MODES = ("hybrid", "dense", "bm25")
DEPTH = 10


def load_dataset(path: Path) -> list[dict]:
    """Rows of {id, question, region, doc_id, section, quote}; a malformed line names its number."""
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path} 第 {n} 行不是合法 JSON：{e}") from e
        missing = [k for k in ("id", "question", "doc_id", "quote") if k not in row]
        if missing:
            raise ValueError(f"{path} 第 {n} 行缺少字段：{', '.join(missing)}")
        rows.append(row)
    return rows


def is_hit(passage, row: dict, text: str) -> bool:
    """A hit is a passage of the right document whose span contains the labelled quote."""
    chunk = passage.chunk
    if chunk.doc_id != row["doc_id"]:
        return False
    start = text.find(row["quote"])
    while start != -1:
        if chunk.start <= start and start + len(row["quote"]) <= chunk.end:
            return True
        start = text.find(row["quote"], start + 1)
    return False


def run_retrieval(advisor, dataset: Path) -> dict:
    """Score every mode on the dataset; the region of each question filters the search as in use."""
    rows = load_dataset(dataset)
    report: dict = {"dataset": str(dataset), "questions": len(rows), "modes": {}, "misses": []}
    for mode in MODES:
        r1 = r5 = rr = 0.0
        for row in rows:
            passages = advisor.search(row["question"], region=row.get("region"), k=DEPTH, mode=mode).passages
            text = advisor.corpus.texts[row["doc_id"]]
            rank = next((i for i, p in enumerate(passages, 1) if is_hit(p, row, text)), None)
            if rank is not None:
                r1 += rank == 1
                r5 += rank <= 5
                rr += 1.0 / rank
            if mode == "hybrid" and (rank is None or rank > 5):
                report["misses"].append({"id": row["id"], "question": row["question"], "rank": rank})
        n = max(len(rows), 1)
        report["modes"][mode] = {"recall@1": r1 / n, "recall@5": r5 / n, "mrr": rr / n}
    return report


def format_table(report: dict) -> str:
    """A plain table for the terminal."""
    lines = [f"检索评测：{report['questions']} 个问题（{report['dataset']}）",
             f"{'方式':<8}{'recall@1':>10}{'recall@5':>10}{'MRR':>8}"]
    for mode, m in report["modes"].items():
        lines.append(f"{mode:<8}{m['recall@1']:>10.3f}{m['recall@5']:>10.3f}{m['mrr']:>8.3f}")
    if report["misses"]:
        lines.append("混合检索前 5 未命中：" + "，".join(f"{m['id']}" for m in report["misses"]))
    return "\n".join(lines)
