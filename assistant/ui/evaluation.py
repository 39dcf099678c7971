"""评测 tab: the summary of the latest evaluation report, and the HTML report itself when it exists."""

from __future__ import annotations

import html
import json
from functools import partial
from pathlib import Path

import gradio as gr

from assistant.settings import ROOT

__all__ = ["REPORTS_DIR", "HOW_TO", "summary_rows", "render_summary", "render_report", "build_evaluation_tab"]

REPORTS_DIR = ROOT / "evals" / "reports"
HOW_TO = ("还没有评测报告。点上面的“运行内置评测”生成（两核机器上约几分钟，有进度条），"
          "或在项目目录下运行 `advisor eval run`，完成后点“刷新”查看。")
MAX_ROWS = 60
_WHEN = ("generated_at", "created_at", "generated", "timestamp", "date", "time")


def _number(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value == value else "—"
    return str(value)


def summary_rows(data, prefix: str = "", depth: int = 0) -> list[tuple[str, str]]:
    """(metric path, value) for each number, flag or short text in a report; nested keys joined by ' › '."""
    rows: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix} › {key}" if prefix else str(key)
            if isinstance(value, (dict, list)) and depth < 3:
                rows += summary_rows(value, name, depth + 1)
            elif isinstance(value, (int, float, bool)) or (isinstance(value, str) and len(value) <= 60):
                rows.append((name, _number(value)))
    elif isinstance(data, list) and all(isinstance(v, (int, float, str)) for v in data) and len(data) <= 10:
        rows.append((prefix, "、".join(_number(v) for v in data)))
    return rows


def _bound(rule: dict) -> str:
    ops = (("min", "≥"), ("max", "≤"), ("eq", "="))
    return "".join(f"{op}{rule[k]}" for k, op in ops if k in rule) or "—"


def _passes(value, rule: dict) -> bool:
    if not isinstance(value, (int, float)):
        return True
    return not (("min" in rule and value < rule["min"] - 1e-9)
                or ("max" in rule and value > rule["max"] + 1e-9)
                or ("eq" in rule and abs(value - rule["eq"]) > 1e-9))


def render_summary(data) -> str:
    """Markdown of a report: when it ran, the release gate, each metric against its threshold.

    Reports of `advisor eval run` carry {created, settings, gate, metrics:{key:{label, value}}, thresholds};
    anything else is shown as its numbers.
    """
    e = html.escape
    if isinstance(data, dict) and isinstance(data.get("metrics"), dict):
        st = data.get("settings") or {}
        head = [f"**最近一次评测：{e(str(data.get('created', '')))}**"]
        if st:
            names = (("embedder", "向量模型"), ("vector_index", "向量库"), ("composer", "作答"))
            head.append(" · ".join(f"{label} {e(str(st.get(key, '')))}" for key, label in names))
        gate = data.get("gate")
        if gate is not None:
            failed = "；".join(e(str(g)) for g in gate)
            head.append(f"门槛：✖ 未通过——{failed}" if gate else "门槛：✔ 全部通过")
        rules = data.get("thresholds") or {}
        rows = []
        for key, m in data["metrics"].items():
            value = m.get("value") if isinstance(m, dict) else m
            if value is None:
                continue
            rule = rules.get(key) or {}
            label = m.get("label", key) if isinstance(m, dict) else key
            rows.append(f"| {e(str(label))} | {e(_number(value))} | {e(_bound(rule))} | "
                        f"{'通过' if _passes(value, rule) else '**未通过**'} |")
        table = "| 指标 | 数值 | 门槛 | 结果 |\n|---|---|---|---|\n" + "\n".join(rows[:MAX_ROWS])
        return "\n\n".join(head) + "\n\n" + (table if rows else "报告中没有指标。")
    top = data.get("summary", data) if isinstance(data, dict) else data
    rows = summary_rows(top)
    when = next((data[k] for k in _WHEN if isinstance(data, dict) and k in data), None)
    head = f"**最近一次评测**{f'（{e(str(when))}）' if when else ''}\n\n"
    table = "| 指标 | 数值 |\n|---|---|\n" + "\n".join(f"| {e(k)} | {e(v)} |" for k, v in rows[:MAX_ROWS])
    return head + (table if rows else "报告中没有可显示的指标。")


def render_report(reports_dir: Path = REPORTS_DIR) -> tuple[str, str]:
    """(Markdown summary of latest.json, HTML embedding latest.html) or the note on how to produce them."""
    reports_dir = Path(reports_dir)
    summary_path, html_path = reports_dir / "latest.json", reports_dir / "latest.html"
    if summary_path.is_file():
        try:
            summary = render_summary(json.loads(summary_path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as e:
            summary = f"⚠ 无法读取 {summary_path.name}：{html.escape(str(e))}"
    else:
        summary = HOW_TO
    if not html_path.is_file():
        return summary, ""
    # Shown from its own text in a frame with every sandbox restriction on: no file route, no script, no
    # access to this page (the report is self-contained: inline CSS and SVG).
    doc = html.escape(html_path.read_text(encoding="utf-8", errors="replace"), quote=True)
    frame = (f'<p>完整报告：</p><iframe title="评测报告" sandbox="" srcdoc="{doc}" '
             'style="width:100%;height:70vh;border:1px solid var(--border-color-primary);border-radius:8px;">'
             "</iframe>")
    return summary, frame


def build_evaluation_tab(holder=None, reports_dir: Path = REPORTS_DIR) -> tuple[gr.Markdown, gr.HTML, object]:
    """The tab's components; returns (summary, report, loader) so the page can fill them when it loads."""
    from assistant.ui.scoring import build_scoring, run_suite

    if holder is not None:
        build_scoring(holder)
    gr.Markdown("**内置评测**：检索、回答准确率、忠实度、拒答、规则符合度、推荐质量和规则提取。")
    with gr.Row():
        run = gr.Button("运行内置评测", variant="primary", size="sm", elem_id="eval-run", visible=holder is not None)
        refresh = gr.Button("刷新", size="sm", elem_id="eval-refresh")
    summary = gr.Markdown(elem_id="eval-summary")
    report = gr.HTML(elem_id="eval-report", js_on_load=None)
    load = partial(render_report, reports_dir)
    refresh.click(load, None, [summary, report])
    if holder is not None:
        def go(progress=gr.Progress()):
            return run_suite(holder, reports_dir, progress)

        run.click(go, None, [summary, report], concurrency_limit=1)
    return summary, report, load
