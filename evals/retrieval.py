"""Retrieval evaluation: recall@1, recall@5 and MRR for hybrid, dense-only and BM25-only search.

Two question sets: evals/datasets/retrieval.jsonl (written for retrieval; used to choose the settings) and
the answerable questions of evals/datasets/qa.jsonl (held out: never used to tune retrieval).
"""

from __future__ import annotations

from pathlib import Path

from evals.jsonl import read_jsonl

__all__ = ["load_dataset", "load_qa_as_retrieval", "run_retrieval", "score_rows", "format_table", "is_hit", "MODES"]

MODES = ("hybrid", "dense", "bm25")
DEPTH = 10


def _rows(path: Path) -> list[dict]:
    return [row for _, row in read_jsonl(path)]


def load_dataset(path: Path) -> list[dict]:
    """Rows of {id, question, region, doc_id, section, quote}, each given a `sources` list."""
    rows = _rows(path)
    for n, row in enumerate(rows, 1):
        missing = [k for k in ("id", "question", "doc_id", "quote") if k not in row]
        if missing:
            raise ValueError(f"{path} 第 {n} 条缺少字段：{', '.join(missing)}")
        row["sources"] = [{"doc_id": row["doc_id"], "quote": row["quote"]}]
    return rows


def load_qa_as_retrieval(path: Path) -> list[dict]:
    """The standalone fact and how-to questions of qa.jsonl that have sources."""
    return [r for r in _rows(path) if r.get("sources") and r.get("kind") in ("fact", "howto") and not r.get("history")]


def is_hit(passage, row: dict, texts: dict[str, str]) -> bool:
    """A hit is a passage of a source document whose span contains that source's quote."""
    chunk = passage.chunk
    for source in row["sources"]:
        if chunk.doc_id != source["doc_id"]:
            continue
        text = texts[chunk.doc_id]
        start = text.find(source["quote"])
        while start != -1:
            if chunk.start <= start and start + len(source["quote"]) <= chunk.end:
                return True
            start = text.find(source["quote"], start + 1)
    return False


def score_rows(advisor, rows: list[dict], name: str) -> dict:
    """recall@1, recall@5 and MRR@10 per mode; the region of each question filters the search as in use."""
    report: dict = {"dataset": name, "questions": len(rows), "modes": {}, "misses": []}
    for mode in MODES:
        r1 = r5 = rr = 0.0
        for row in rows:
            passages = advisor.search(row["question"], region=row.get("region"), k=DEPTH, mode=mode).passages
            rank = next((i for i, p in enumerate(passages, 1) if is_hit(p, row, advisor.corpus.texts)), None)
            if rank is not None:
                r1 += rank == 1
                r5 += rank <= 5
                rr += 1.0 / rank
            if mode == "hybrid" and (rank is None or rank > 5):
                report["misses"].append({"id": row["id"], "question": row["question"], "rank": rank})
        n = max(len(rows), 1)
        report["modes"][mode] = {"recall@1": r1 / n, "recall@5": r5 / n, "mrr": rr / n}
    return report


def run_retrieval(advisor, dataset: Path, heldout: Path | None = None) -> dict:
    """Both question sets, one report."""
    reports = [score_rows(advisor, load_dataset(dataset), str(dataset))]
    if heldout is not None and Path(heldout).is_file():
        reports.append(score_rows(advisor, load_qa_as_retrieval(heldout), f"{heldout}（留出集）"))
    return {"reports": reports}


def format_table(report: dict) -> str:
    """Plain tables for the terminal."""
    lines = []
    for r in report["reports"]:
        lines += [f"检索评测：{r['questions']} 个问题（{r['dataset']}）",
                  f"{'方式':<8}{'recall@1':>10}{'recall@5':>10}{'MRR':>8}"]
        for mode, m in r["modes"].items():
            lines.append(f"{mode:<8}{m['recall@1']:>10.3f}{m['recall@5']:>10.3f}{m['mrr']:>8.3f}")
        if r["misses"]:
            lines.append("混合检索前 5 未命中：" + "，".join(m["id"] for m in r["misses"]))
        lines.append("")
    return "\n".join(lines).rstrip()
