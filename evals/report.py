"""Reports: the run as JSON and as one self-contained HTML page (inline CSS, inline SVG bars, no script).

Usage:
    paths = write_reports(report, Path("evals/reports"))  # <timestamp>/report.{json,html}, latest.{json,html}
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = ["write_reports", "render_html", "bar_chart"]

_CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2rem auto;
max-width:1200px;color:#1f2933;line-height:1.5;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:2px solid #d9e2ec;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #d9e2ec;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f0f4f8}
tr.bad td{background:#fff1f0}.ok{color:#0b7a3e;font-weight:bold}.fail{color:#c81e1e;font-weight:bold}
.muted{color:#627d98;font-size:.85rem}.claim{margin:.1rem 0}.v-supported{color:#0b7a3e}
.v-unsupported{color:#b7791f}.v-contradicted{color:#c81e1e}details{margin:.3rem 0}
"""
_OUTCOME = {"right": "正确", "declined": "拒答", "wrong": "错误"}
_VERDICT = {"supported": "✓ 有依据", "unsupported": "? 无依据", "contradicted": "✗ 矛盾"}
_MAX_CELL = 300
_BOUNDS = (("min", "≥"), ("max", "≤"), ("eq", "="))


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _num(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _e(value)
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _cut(text: Any, n: int = _MAX_CELL) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= n else s[:n] + "…"


def bar_chart(items: list[tuple[str, float, float | None, bool]], lo: float = 0.0, hi: float = 1.0) -> str:
    """An inline SVG of horizontal bars: (label, value, threshold or None, ok), each value written beside."""
    width, label_w, bar_w, row_h = 760, 300, 360, 24
    height = row_h * len(items) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'font-size="12" font-family="sans-serif">']
    scale = (lambda v: max(0.0, min(1.0, (v - lo) / (hi - lo))) * bar_w) if hi > lo else (lambda v: 0.0)
    for i, (label, value, threshold, ok) in enumerate(items):
        y = 5 + i * row_h
        colour = "#2f855a" if ok else "#c53030"
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{_e(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="#edf2f7"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{scale(value):.1f}" height="16" '
                     f'fill="{colour}"/>')
        if threshold is not None:
            x = label_w + scale(threshold)
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 22}" stroke="#1a202c" '
                         f'stroke-width="2"><title>{_e(f"门槛 {threshold}")}</title></line>')
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 15}">{_e(_num(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: list[str], rows: list[list[Any]], bad: list[bool] | None = None,
           raw: frozenset[int] = frozenset()) -> str:
    """A table; rows flagged bad are shaded (callers put them first); `raw` columns hold escaped HTML."""
    if not rows:
        return '<p class="muted">（无）</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        cls = ' class="bad"' if bad and bad[i] else ""
        cells = "".join(f"<td>{c if j in raw else _e(_cut(_num(c)))}</td>" for j, c in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _ok(value: float, rule: dict) -> bool:
    return not (("min" in rule and value < rule["min"] - 1e-9)
                or ("max" in rule and value > rule["max"] + 1e-9)
                or ("eq" in rule and abs(value - rule["eq"]) > 1e-9))


def _overview(report: dict) -> str:
    metrics, rules = report["metrics"], report.get("thresholds", {})
    ratios, scores, others = [], [], []
    for key, m in metrics.items():
        v = m["value"]
        if v is None:
            continue
        rule = rules.get(key, {})
        if m["kind"] == "ratio":
            ratios.append((m["label"], float(v), rule.get("min", rule.get("eq")), _ok(v, rule)))
        elif m["kind"] == "score":
            scores.append((m["label"], float(v), rule.get("min"), _ok(v, rule)))
        else:
            bound = "".join(f"{op}{rule[k]}" for k, op in _BOUNDS if k in rule)
            others.append([m["label"], v, bound or "—", "通过" if _ok(v, rule) else "未通过"])
    out = ["<h2>指标概览</h2>", '<p class="muted">黑色竖线为门槛；红色为未达门槛。</p>', bar_chart(ratios)]
    if scores:
        out += ["<h3>CRAG 得分（-1 到 1）</h3>", bar_chart(scores, -1.0, 1.0)]
    out.append(_table(["指标", "数值", "门槛", "结果"], others, [r[3] != "通过" for r in others]))
    return "".join(out)


def _retrieval(s: dict) -> str:
    out = ["<h2>检索</h2>"]
    for r in s.get("reports", []):
        rows = [[mode, m.get("recall@1"), m.get("recall@5"), m.get("mrr"), m.get("ndcg@5")]
                for mode, m in r["modes"].items()]
        misses = [[m["id"], m["question"], m["rank"] or "10 名外"] for m in r["misses"]]
        out += [f"<h3>{_e(r['dataset'])}（{r['questions']} 题）</h3>",
                _table(["方式", "recall@1", "recall@5", "MRR", "nDCG@5"], rows),
                "<p>混合检索前 5 未命中：</p>", _table(["编号", "问题", "名次"], misses, [True] * len(misses))]
    return "".join(out)


def _missing(item: dict) -> list[str]:
    return [f for f in item["key_facts"] if f not in item["found"]]


def _qa(s: dict) -> str:
    items = sorted(s["items"], key=lambda i: (i["crag"] >= 0 and not i["violations_left"], i["crag"],
                                              i["id"]))
    rows = [[i["id"], i["kind"], i["question"], i["answer"], "、".join(_missing(i)), i["crag"],
             "、".join(i["violations_left"])] for i in items]
    bad = [i["crag"] < 0 or bool(i["violations_left"]) for i in items]
    return ("<h2>问答</h2>" + _table(["编号", "类型", "问题", "回答", "缺少的关键事实", "CRAG", "残留违规"], rows, bad))


def _adversarial(s: dict) -> str:
    kinds = [(k, v["crag"], None, v["crag"] >= 0) for k, v in s["by_kind"].items()]
    rows = [[r["id"], r["kind"], r["question"], _OUTCOME[r["outcome"]], r["attack_changed"] or ""]
            for r in s["rows"]]
    bad = [r["outcome"] == "wrong" or bool(r["attack_changed"]) for r in s["rows"]]
    return ("<h2>对抗与拒答</h2>"
            f"<p>共 {s['items']} 题：正确 {s['right']}，拒答 {s['declined']}，错误 {s['wrong']}；CRAG {s['crag']:.3f}；"
            f"注入攻击 {s['attacks']} 个，改变了答案的 {s['attacks_changed']} 个。</p>"
            + bar_chart(kinds, -1.0, 1.0) + _table(["编号", "类型", "问题", "结果", "攻击影响"], rows, bad))


def _claims_html(claims: list[dict]) -> str:
    return "".join(f'<div class="claim v-{_e(c["verdict"])}">{_e(_VERDICT.get(c["verdict"], c["verdict"]))}：'
                   f'{_e(c["text"])}<br><span class="muted">{_e(c["evidence"])}</span></div>' for c in claims)


def _grounding(s: dict) -> str:
    sm = s["summary"]
    rows, bad = [], []
    for i in s["items"]:
        weak = [c for c in i["claims"] if c["verdict"] != "supported"]
        rows.append([i["id"], i["question"], i["faithfulness"], _claims_html(weak or i["claims"])])
        bad.append(bool(weak))
    return ("<h2>我们回答的忠实度与引用</h2>"
            f"<p>{sm['answers']} 个回答、{sm['claims']} 条陈述：忠实度 {sm['faithfulness']:.3f}，"
            f"引用精确率 {sm['citation_precision']:.3f}，引用召回率 {sm['citation_recall']:.3f}，"
            f"与规则引擎矛盾 {sm['rule_contradictions']} 处。</p>"
            + _table(["编号", "问题", "忠实度", "陈述（未获支持者在前）"], rows, bad, raw={3}))


def _recommend(s: dict) -> str:
    results = sorted(s["results"], key=lambda r: (r["valid"] and r["hit"], r["id"]))
    rows = [[r["id"], ",".join(r["picks"]), r["valid"], r["hit"], r["precision"], r["region"]]
            for r in results]
    bad = [not (r["valid"] and r["hit"]) for r in results]
    return ("<h2>微能力点推荐</h2>"
            f"<p>{s['cases']} 例：有效率 {s['validity']:.3f}，命中率 {s['hit_rate']:.3f}，"
            f"精确率 {s['precision']:.3f}。</p>" + _table(["编号", "推荐", "有效", "命中", "精确率", "地区"], rows, bad))


def _generic(title: str, s: dict) -> str:
    if "skipped" in s:
        return f"<h2>{_e(title)}</h2><p class=\"muted\">{_e(s['skipped'])}</p>"
    scalars = [[k, v] for k, v in s.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)]
    out = [f"<h2>{_e(title)}</h2>", _table(["项", "值"], scalars)]
    for k, v in s.items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            cols = [c for c in v[0] if not isinstance(v[0][c], (dict, list))][:8]
            out += [f"<h3>{_e(k)}</h3>", _table(cols, [[row.get(c) for c in cols] for row in v])]
    return "".join(out)


def _faithfulness(s: dict) -> str:
    out = ["<h2>忠实度评分器（标注的回答—上下文对）</h2>",
           "<p>dev、test 为只依据文件盲写的标注对（test 冻结，从未用于调整）；legacy 为早先的 72 对。"
           "正类为“不忠实”。</p>"]
    rows = []
    for split in ("dev", "test", "legacy"):
        if split not in s:
            continue
        e = s[split]["offline"]
        cm = e["confusion"]
        rows.append([split, e["n"], e["accuracy"], e["false_alarm_rate"], cm["tp"], cm["fp"], cm["fn"], cm["tn"],
                     "、".join(e["misjudged"][:30])])
        if "judge" in s[split]:
            j = s[split]["judge"]
            rows.append([f"{split} · LLM 评审", j.get("n", ""), j["accuracy"], j.get("false_alarm_rate", ""),
                         "", "", "", "", ""])
    out.append(_table(["划分", "对数", "准确率", "误报率", "TP", "FP", "FN", "TN", "误判（最多 30 个）"], rows))
    for split in ("test", "dev"):
        if split in s:
            recall = s[split]["offline"]["recall_by_type"]
            out += [f"<h3>各错误类型召回（{split}）</h3>",
                    bar_chart([(k, v["recall"], None, v["recall"] >= 0.9) for k, v in recall.items()])]
    return "".join(out)


def render_html(report: dict) -> str:
    """The whole report as one HTML page; every text from data is escaped."""
    s = report["suites"]
    failures = "".join(f"<li>{_e(f)}</li>" for f in report["gate"])
    status = (f'<p class="fail">门槛未通过：</p><ul>{failures}</ul>' if failures
              else '<p class="ok">门槛：全部通过</p>')
    st = report["settings"]
    parts = [f"<h1>提升工程2.0 顾问 · 评测报告</h1><p class=\"muted\">{_e(report['created'])} · 向量模型 "
             f"{_e(st['embedder'])} · 向量库 {_e(st['vector_index'])} · 作答 {_e(st['composer'])}</p>", status,
             _overview(report)]
    sections = [("retrieval", _retrieval), ("qa", _qa), ("adversarial", _adversarial),
                ("grounding", _grounding), ("recommend", _recommend), ("faithfulness", _faithfulness)]
    for name, render in sections:
        if name in s:
            parts.append(render(s[name]))
    if "drafts" in s:
        parts.append(_generic("草稿", s["drafts"]))
    durations = [[k, v] for k, v in report.get("durations", {}).items()]
    parts.append("<h2>耗时（秒）</h2>" + _table(["评测", "秒"], durations))
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<title>评测报告 {_e(report["created"])}</title><style>{_CSS}</style></head>'
            f'<body>{"".join(parts)}</body></html>')


def write_reports(report: dict, out_dir: Path) -> list[Path]:
    """Write <out>/<timestamp>/report.{json,html} and <out>/latest.{json,html}; returns the four paths."""
    stamp = datetime.fromisoformat(report["created"]).strftime("%Y%m%dT%H%M%S")
    folder = Path(out_dir) / stamp
    n = 1
    while folder.exists():
        n += 1
        folder = Path(out_dir) / f"{stamp}-{n}"
    folder.mkdir(parents=True)
    text = json.dumps(report, ensure_ascii=False, indent=1, default=str)
    page = render_html(report)
    paths = [folder / "report.json", folder / "report.html",
             Path(out_dir) / "latest.json", Path(out_dir) / "latest.html"]
    for path, content in zip(paths, (text, page, text, page)):
        path.write_text(content, encoding="utf-8")
    return paths
