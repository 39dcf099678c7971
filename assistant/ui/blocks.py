"""The Gradio UI (Chinese), reading the same Advisor as the API."""

from __future__ import annotations

import html

import gradio as gr

__all__ = ["build_ui", "REGIONS", "render_results"]

REGIONS = ["（不限地区）", "北京", "江苏", "南京", "瓦房店", "大连", "广东", "上海", "其他地区"]
EXAMPLES = ["北京线上课程要学多少学时？", "瓦房店每个老师要选几个微能力点？", "学校信息化管理团队由哪些人组成？",
            "江苏实践应用学时有什么要求？"]


def render_results(result) -> str:
    """Search hits as Markdown: title › section, score, and the exact quoted text."""
    lines = [f"> {html.escape(n)}" for n in result.notes]
    if not result.passages:
        lines.append("没有找到相关条款。")
    for i, p in enumerate(result.passages, 1):
        text = html.escape(" ".join(p.chunk.text.replace("**", "").split()))
        section = html.escape(p.chunk.section or "正文")
        lines.append(f"**[{i}] {html.escape(p.title)}**  \n{section} · 相关度 {p.score:.3f}\n\n> {text}\n")
    return "\n\n".join(lines)


def build_ui(holder) -> gr.Blocks:
    """The Blocks app; each handler fetches the advisor from the holder so it works once loading ends."""

    def do_search(query: str, region: str, k: float) -> str:
        if holder.advisor is None:
            return holder.error or "索引加载中，请稍候再试。"
        region_arg = None if region.startswith("（") else region
        try:
            result = holder.advisor.search(query, region=region_arg, k=int(k))
        except ValueError as e:
            return f"⚠️ {e}"
        return render_results(result)

    with gr.Blocks(title="提升工程2.0 智能顾问", analytics_enabled=False) as demo:
        gr.Markdown("# 提升工程2.0 智能顾问\n面向中小学教师与培训者：政策条款检索，每条结果都给出原文出处。")
        with gr.Tab("政策检索"):
            with gr.Row():
                query = gr.Textbox(label="你的问题", placeholder="例如：北京线上要学多少学时？", scale=4)
                region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", scale=1)
            k = gr.Slider(1, 10, value=5, step=1, label="返回条数")
            button = gr.Button("检索", variant="primary")
            output = gr.Markdown(elem_id="search-results")
            gr.Examples(EXAMPLES, inputs=[query])
            button.click(do_search, [query, region, k], output, api_name="search")
            query.submit(do_search, [query, region, k], output)
    return demo
