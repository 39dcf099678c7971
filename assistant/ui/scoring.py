"""The evaluator's part of the 评测 tab: score pasted or uploaded answers claim by claim, and run the built-in
suite with a progress bar. Both use the same code as `advisor eval score` and `advisor eval run`.
"""

from __future__ import annotations

import html
import threading
from pathlib import Path

import gradio as gr

__all__ = ["score_answers", "render_scores", "run_suite", "MAX_SCORE_BYTES", "MAX_SCORE_ROWS", "VERDICTS"]

MAX_SCORE_BYTES = 2 * 1024 * 1024
MAX_SCORE_ROWS = 300
VERDICTS = {"supported": "✓ 有依据", "unsupported": "？ 原文中找不到依据", "contradicted": "✗ 与原文矛盾"}
SAMPLE = ('{"question": "北京线上要学多少学时？", "answer": "北京线上学习25学时。", '
          '"contexts": ["培训共计50学时，其中线上学习25学时"]}')
_SUITE_LOCK = threading.Lock()


def render_scores(report: dict, limit: int = 60) -> str:
    """Each answer's faithfulness, every claim that is not supported with the words it was compared to, and
    the rule contradictions; then the summary. Plain Chinese, no internal verdict names."""
    e = html.escape
    s = report["summary"]
    mean = "—" if s["mean_faithfulness"] is None else f"{s['mean_faithfulness']:.3f}"
    lines = [f"**共评分 {s['count']} 个回答，平均忠实度 {mean}；含无依据陈述的回答 {s['unfaithful']} 个，"
             f"与规则矛盾 {s['rule_contradictions']} 处。**"]
    for err in s["errors"][:10]:
        lines.append(f"- ⚠ 第 {err['line']} 行无法评分：{e(err['message'])}")
    for item in report["items"][:limit]:
        f = item["faithfulness"]
        name = f"第 {item['line']} 行" + (f"（{e(str(item['id']))}）" if "id" in item else "")
        lines.append(f"\n**{name}：忠实度 {'—' if f is None else f'{f:.2f}'}**")
        for c in item["claims"]:
            lines.append(f"- {VERDICTS.get(c['verdict'], c['verdict'])}：{e(c['text'])}"
                         + (f"  \n  <small>对照原文：{e(c['evidence'])}</small>" if c.get("evidence") else ""))
        for r in item["rule_contradictions"]:
            lines.append(f"- ✗ 与规则矛盾：{e(r.get('message') or r.get('text') or '')}")
    if len(report["items"]) > limit:
        lines.append(f"\n（只显示前 {limit} 个回答；命令行 `advisor eval score 文件 --json` 可得到全部结果。）")
    return "\n".join(lines)


def score_answers(holder, text: str | None, file=None) -> str:
    """Score JSONL / JSON / CSV rows (question/answer/contexts or RAGAS's user_input/response/retrieved_contexts)
    pasted in the box or uploaded; a clear message for anything that cannot be scored."""
    from evals.score import read_rows, score_rows

    if file is not None:
        path = Path(file if isinstance(file, str) else file.name)
        if path.stat().st_size > MAX_SCORE_BYTES:
            return f"⚠ 文件过大（上限 {MAX_SCORE_BYTES // 1024 // 1024} MB）。"
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return "⚠ 文件不是 UTF-8 文本。请另存为 UTF-8 编码的 JSONL 或 CSV。"
    text = (text or "").strip()
    if not text:
        return f"请粘贴或上传要评分的回答，每行一个 JSON，例如：\n\n`{html.escape(SAMPLE)}`"
    if len(text.encode("utf-8")) > MAX_SCORE_BYTES:
        return f"⚠ 内容过长（上限 {MAX_SCORE_BYTES // 1024 // 1024} MB）。"
    scorer = _scorer(holder)
    if scorer is None:
        return "规则尚未加载，请稍候再试。"
    rows = read_rows(text)
    if len(rows) > MAX_SCORE_ROWS:
        return f"⚠ 一次最多评分 {MAX_SCORE_ROWS} 行（收到 {len(rows)} 行）；更多请用命令行 `advisor eval score`。"
    report = score_rows(rows, scorer)
    if report["summary"]["count"] == 0:
        reasons = "；".join(f"第 {x['line']} 行：{x['message']}" for x in report["summary"]["errors"][:3])
        return ("⚠ 没有可评分的行" + (f"（{html.escape(reasons)}）" if reasons else "") +
                "。支持 JSONL、JSON 数组和 CSV，字段为 question/answer/contexts 或 user_input/response/retrieved_contexts。")
    return render_scores(report)


def _scorer(holder):
    from evals.faithfulness.scorer import FaithfulnessScorer

    settings = getattr(holder, "settings", None) or getattr(getattr(holder, "advisor", None), "settings", None)
    if settings is None:
        return None
    rules = getattr(holder, "rules", None) or getattr(getattr(holder, "advisor", None), "rules", None)
    cached = getattr(holder, "_scorer", None)
    if cached is not None and cached[0] is rules:
        return cached[1]
    scorer = FaithfulnessScorer.from_corpus(settings.corpus_dir, rules) if rules is not None else \
        FaithfulnessScorer.from_corpus(settings.corpus_dir)
    try:
        holder._scorer = (rules, scorer)
    except AttributeError:  # a holder that takes no attributes: score without caching
        pass
    return scorer


def run_suite(holder, reports_dir: Path, progress=None) -> tuple[str, str]:
    """Run the built-in suite (retrieval, answers, faithfulness, refusals, rules, recommendations, extraction)
    with a progress bar, write the reports, and show them. One run at a time."""
    from assistant.ui.evaluation import render_report
    from evals.run import run_all

    advisor = getattr(holder, "advisor", None)
    if advisor is None:
        return "索引加载中，请稍候再试。", ""
    if not _SUITE_LOCK.acquire(blocking=False):
        return "评测正在运行（另一位用户启动的），请稍后点“刷新”查看结果。", ""
    try:
        def step(name: str, done: int, total: int) -> None:
            if progress is not None:
                progress(done / total, desc=f"正在评测：{name}（{done}/{total}）")

        run_all(advisor, out_dir=Path(reports_dir), progress=step)
    finally:
        _SUITE_LOCK.release()
    return render_report(reports_dir)


def build_scoring(holder) -> None:
    """The components for scoring answers (inside the 评测 tab)."""
    gr.Markdown("**给回答打分**：粘贴或上传任何系统的回答（JSONL、JSON 数组或 CSV；字段 question/answer/contexts，"
                "或 RAGAS 的 user_input/response/retrieved_contexts），逐句对照所给原文和规则评分。")
    with gr.Row():
        pasted = gr.Textbox(label="粘贴回答（每行一个 JSON）", lines=5, placeholder=SAMPLE, scale=3,
                            elem_id="score-text")
        upload = gr.File(label="或上传文件", file_types=[".jsonl", ".json", ".csv", ".txt"], scale=2,
                         elem_id="score-file")
    button = gr.Button("评分", variant="primary", elem_id="score-button")
    out = gr.Markdown(elem_id="score-out")
    button.click(lambda t, f: score_answers(holder, t, f), [pasted, upload], out)
