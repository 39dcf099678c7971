"""Retrieval evaluation: recall@1, recall@5 and MRR for hybrid, dense-only, BM25-only and `auto` search.

Two question sets: evals/datasets/retrieval.jsonl (written for retrieval; used to choose the settings) and
the answerable questions of evals/datasets/qa.jsonl (held out: never used to tune retrieval).

`fact_passages` reads the blind teacher questions instead (`advisor eval retrieval --split dev|test`): for each
answerable one, is the passage holding its source quote in the top 5 of each mode, and how many `auto`
searches embedded their query. The test split is frozen and only ever reported whole.
"""

from __future__ import annotations

from pathlib import Path

from evals.jsonl import read_jsonl

__all__ = ["load_dataset", "load_qa_as_retrieval", "run_retrieval", "score_rows", "format_table", "is_hit", "MODES",
           "fact_passages", "format_fact_passages", "SPLITS"]

MODES = ("hybrid", "dense", "bm25", "auto")
_DATA = Path(__file__).resolve().parent / "datasets"
SPLITS = {"dev": [_DATA / f"qa_blind_dev{n}.jsonl" for n in ("", "2", "3", "4", "5")],
          "test": [_DATA / "qa_blind_test.jsonl"]}
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


def fact_passages(advisor, paths: list[Path], depth: int = 5) -> dict:
    """Fact-passage@depth of bm25, hybrid and auto over the answerable blind questions of `paths`."""
    from evals.fit_calibration import _found, _quotes

    rows = [r for p in paths for r in _rows(Path(p))
            if _quotes(r) and not r.get("history") and not r.get("expect_refusal")]
    found = {m: 0 for m in ("bm25", "hybrid", "auto")}
    embedded = asked = 0
    r = advisor.retriever
    for row in rows:
        try:
            doc_ids = advisor.scope(row.get("region"), None)[0]
        except ValueError:
            continue
        asked += 1
        for mode in found:
            passages = advisor.search(row["question"], region=row.get("region"), k=depth, mode=mode).passages
            found[mode] += _found(passages, _quotes(row), depth)
        embedded += not r.decisive(r.index.bm25.query(r.expander.expand(row["question"]), r.candidates, doc_ids))
    n = max(asked, 1)
    return {"sets": [Path(p).name for p in paths], "questions": asked, "depth": depth,
            "found": {m: round(v / n, 4) for m, v in found.items()}, "auto_embeds": round(embedded / n, 4),
            "dense_margin": getattr(r.calibrator, "dense_margin", None)}


def format_fact_passages(report: dict) -> str:
    f = report["found"]
    return (f"事实所在段落进入前 {report['depth']} 的比例：{report['questions']} 个可回答的问题（{'、'.join(report['sets'])}）\n"
            f"  仅 BM25 {f['bm25']:.3f}   混合 {f['hybrid']:.3f}   自动 {f['auto']:.3f}"
            f"（自动方式中 {report['auto_embeds']:.1%} 的检索计算了查询向量，BM25 领先阈值 {report['dense_margin']}）")
