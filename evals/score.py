"""Score any system's answers for faithfulness, offline: JSONL, a JSON array or CSV, RAGAS-style field names.

Rows are {question, answer, contexts[, ground_truth(s)]} or the newer {user_input, response, retrieved_contexts
[, reference]}; in CSV (as RAGAS's `to_csv` writes it) the contexts column holds a JSON or Python list, or
one context as plain text. An optional id is carried through, and an optional region picks the rules the figures are
checked against (contradictions with the rule engine are listed beside the faithfulness). A malformed row
(bad JSON, a missing field, a wrong type) is reported with its line number and the other rows are still
scored. No citations are needed. A file in which no row could be read is an error (exit 2), not an empty report.

Usage:
    python -m evals.score answers.jsonl [--json]
    report = score_file(Path("answers.jsonl"), make_scorer(Settings()))
"""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

from evals.faithfulness.scorer import FaithfulnessScorer

__all__ = ["score_file", "score_rows", "parse_row", "read_rows", "make_scorer", "format_table", "main", "FIELDS"]

# (our name, accepted spellings, required)
FIELDS = (
    ("question", ("question", "user_input"), True),
    ("answer", ("answer", "response"), True),
    ("contexts", ("contexts", "retrieved_contexts"), True),
    ("ground_truth", ("ground_truth", "reference", "ground_truths"), False),
)


def _csv_list(value: str) -> list[str] | str:
    """A CSV cell holding a list: JSON, a Python repr (RAGAS writes those), or one plain context."""
    text = (value or "").strip()
    if text.startswith("["):
        for parse in (json.loads, ast.literal_eval):
            try:
                out = parse(text)
            except (ValueError, SyntaxError):
                continue
            if isinstance(out, list):
                return out
    return [text] if text else []


class Unreadable(str):
    """A row that could not be parsed, as its error message."""


def read_rows(text: str) -> list[tuple[int, object]]:
    """(position, row) for every row of JSONL, a JSON array or CSV; a row that cannot be parsed is an
    Unreadable message instead (position: line for JSONL/CSV, 1-based item for an array)."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as e:
            return [(e.lineno, Unreadable(f"JSON 数组无法解析：{e.msg}（第 {e.lineno} 行第 {e.colno} 列）"))]
        return [(i, item) for i, item in enumerate(items, 1)]
    first = stripped.splitlines()[0]
    if not first.lstrip().startswith("{") and "," in first:
        reader = csv.DictReader(io.StringIO(stripped))
        out: list[tuple[int, object]] = []
        for row in reader:
            row = {k.strip(): v for k, v in row.items() if k}
            for name in ("contexts", "retrieved_contexts", "ground_truths"):
                if name in row:
                    row[name] = _csv_list(row[name])
            for name in ("id", "region"):
                if name in row and not row[name]:
                    del row[name]
            out.append((reader.line_num, row))
        return out
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            out.append((n, Unreadable(f"不是合法 JSON：{e.msg}（第 {e.colno} 列）")))
    return out


def parse_row(line: str | dict) -> dict:
    """One row (a JSON line or an already parsed object) in our names; ValueError (Chinese) naming what is
    wrong."""
    if isinstance(line, str):
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"不是合法 JSON：{e.msg}（第 {e.colno} 列）") from e
    else:
        raw = line
    if not isinstance(raw, dict):
        raise ValueError("每行应是一个 JSON 对象")
    row: dict = {}
    for name, spellings, required in FIELDS:
        present = [s for s in spellings if s in raw]
        if not present:
            if required:
                raise ValueError(f"缺少字段 {' 或 '.join(spellings)}")
            continue
        row[name] = raw[present[0]]
    for name in ("question", "answer"):
        if not isinstance(row[name], str):
            raise ValueError(f"字段 {name} 应为字符串，实际是 {type(row[name]).__name__}")
    contexts = row["contexts"]
    if not isinstance(contexts, list) or not all(isinstance(c, str) for c in contexts):
        raise ValueError("字段 contexts 应为字符串列表")
    truth = row.get("ground_truth")
    if isinstance(truth, list) and all(isinstance(t, str) for t in truth):  # RAGAS's old ground_truths
        row["ground_truth"] = "\n".join(truth)
    elif truth is not None and not isinstance(truth, str):
        raise ValueError("字段 ground_truth 应为字符串")
    if "region" in raw and raw["region"] is not None:
        if not isinstance(raw["region"], str):
            raise ValueError("字段 region 应为字符串")
        row["region"] = raw["region"]
    if "id" in raw:
        if not isinstance(raw["id"], (str, int)) or isinstance(raw["id"], bool):
            raise ValueError("字段 id 应为字符串或整数")
        row["id"] = raw["id"]
    return row


def score_rows(rows: list[tuple[int, object]], scorer: FaithfulnessScorer, judge=None) -> dict:
    """{items:[{line, id?, faithfulness, claims[, judge]}], summary:{count, mean_faithfulness, unfaithful, errors
    [, judge]}}. `rows` is `read_rows` output. With an LLM judge, each row is also judged by the model and the
    two verdicts are compared."""
    items, errors, parsed = [], [], []
    for n, raw in rows:
        try:
            if isinstance(raw, Unreadable):
                raise ValueError(str(raw))
            parsed.append((n, parse_row(raw)))
        except ValueError as e:
            errors.append({"line": n, "message": str(e)})
    for n, row in parsed:
        scored = scorer.score(row["question"], row["answer"], row["contexts"])
        item = {"line": n, **({"id": row["id"]} if "id" in row else {}),
                "faithfulness": scored["faithfulness"],
                "claims": [{"text": c["text"], "verdict": c["verdict"], "slot": c["slot"],
                            "evidence": c["evidence"]} for c in scored["claims"]],
                "rule_contradictions": scorer.rule_contradictions(row["answer"], row.get("region"))}
        if judge is not None:
            item["judge"] = _judged(judge, row)
        items.append(item)
    values = [i["faithfulness"] for i in items if i["faithfulness"] is not None]
    return {"items": items, "summary": {
        "count": len(items),
        "mean_faithfulness": sum(values) / len(values) if values else None,
        "unfaithful": sum(1 for i in items if any(c["verdict"] != "supported" for c in i["claims"])),
        "rule_contradictions": sum(len(i["rule_contradictions"]) for i in items),
        "errors": errors,
        **({"judge": _judge_summary(items, judge)} if judge is not None else {}),
    }}


def _judged(judge, row: dict) -> dict:
    """The model's verdict on one row, or the error it gave (a model that is down fails rows, not the run)."""
    from assistant.llm.base import LLMError

    try:
        scored = judge.score(row["question"], row["answer"], row["contexts"])
    except (LLMError, ValueError) as e:
        return {"error": str(e)}
    return {"faithfulness": scored["faithfulness"],
            "claims": [{"text": c["text"], "verdict": c["verdict"]} for c in scored["claims"]]}


def _judge_summary(items: list[dict], judge) -> dict:
    """Mean faithfulness by the judge and how often it agrees with the offline scorer on faithful/unfaithful."""
    judged = [i for i in items if "error" not in i["judge"]]
    values = [i["judge"]["faithfulness"] for i in judged if i["judge"]["faithfulness"] is not None]

    def bad(claims: list[dict]) -> bool:
        return any(c["verdict"] != "supported" for c in claims)

    agree = sum(bad(i["claims"]) == bad(i["judge"]["claims"]) for i in judged)
    return {"model": getattr(judge.model, "name", "?"), "judged": len(judged), "failed": len(items) - len(judged),
            "mean_faithfulness": sum(values) / len(values) if values else None,
            "agreement_with_offline": agree / len(judged) if judged else None}


def score_file(path: Path, scorer: FaithfulnessScorer, judge=None) -> dict:
    """Score every row of a JSONL file; see score_rows for the shape. A missing file is a ValueError."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"找不到文件：{path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path} 不是 UTF-8 文本：{e}") from e
    report = score_rows(read_rows(text), scorer, judge)
    if report["summary"]["count"] == 0:
        reasons = "；".join(f"第 {e['line']} 行：{e['message']}" for e in report["summary"]["errors"][:3])
        empty = "文件为空" if not text.strip() else "没有数据行"
        raise ValueError(f"{path.name} 中没有可评分的行" + f"（{reasons or empty}）" +
                         "。支持 JSONL、JSON 数组和 CSV，字段为 question/answer/contexts 或 "
                         "user_input/response/retrieved_contexts")
    return report


def make_scorer(settings) -> FaithfulnessScorer:
    """The offline scorer over the configured corpus (no index, no model needed)."""
    return FaithfulnessScorer.from_corpus(settings.corpus_dir)


def format_table(report: dict) -> str:
    """One line per row (the unsupported claims under it) and the summary, for the terminal."""
    labels = {"supported": "✓", "unsupported": "?", "contradicted": "✗"}
    lines = []
    for item in report["items"]:
        f = item["faithfulness"]
        name = f"第 {item['line']} 行" + (f"（{item['id']}）" if "id" in item else "")
        lines.append(f"{name}：忠实度 {'—' if f is None else f'{f:.2f}'}")
        for c in item["claims"]:
            if c["verdict"] != "supported":
                lines.append(f"  {labels[c['verdict']]} {c['text']} —— {c['evidence']}")
        for r in item["rule_contradictions"]:
            lines.append(f"  ✗ 与规则矛盾：{r['message'] or r['text']}（{r['rule_id']}）")
        j = item.get("judge")
        if j is not None:
            jf = j.get("faithfulness")
            lines.append(f"  LLM 评审：{'评审失败：' + j['error'] if 'error' in j else '忠实度 ' + ('—' if jf is None else f'{jf:.2f}')}")
    s = report["summary"]
    mean = "—" if s["mean_faithfulness"] is None else f"{s['mean_faithfulness']:.3f}"
    lines.append(f"共评分 {s['count']} 行，平均忠实度 {mean}，含无依据陈述的回答 {s['unfaithful']} 个，"
                 f"与规则引擎矛盾 {s['rule_contradictions']} 处")
    for e in s["errors"]:
        lines.append(f"第 {e['line']} 行无法评分：{e['message']}")
    j = s.get("judge")
    if j is not None:
        mean = "—" if j["mean_faithfulness"] is None else f"{j['mean_faithfulness']:.3f}"
        agree = "—" if j["agreement_with_offline"] is None else f"{j['agreement_with_offline']:.3f}"
        lines.append(f"LLM 评审（{j['model']}）：评审 {j['judged']} 行，失败 {j['failed']} 行，平均忠实度 {mean}，"
                     f"与离线评分器判定一致 {agree}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Score a file with the default settings; exit 2 when the file cannot be read."""
    import argparse

    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description="离线忠实度评分（任何系统的回答）")
    parser.add_argument("file", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        report = score_file(args.file, make_scorer(Settings()))
    except ValueError as e:
        print(f"错误：{e}")
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
