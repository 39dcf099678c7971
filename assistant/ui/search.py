"""政策检索 tab: hybrid search over the documents that govern a region, each hit with its exact text."""

from __future__ import annotations

import html
from functools import partial

import gradio as gr

from assistant.ui.options import REGIONS, not_ready, plain_links, region_arg

__all__ = ["render_results", "search", "build_search_tab"]


def _around(texts: dict[str, str] | None, p, width: int = 160) -> str:
    """The passage inside its document: the text just before and after it, the passage in bold."""
    text = (texts or {}).get(p.chunk.doc_id)
    if not text or not (0 <= p.chunk.start < p.chunk.end <= len(text)):
        return ""
    a, b = max(0, p.chunk.start - width), min(len(text), p.chunk.end + width)
    e = html.escape
    body = (("…" if a else "") + e(text[a:p.chunk.start]) + "<b>" + e(text[p.chunk.start:p.chunk.end]) + "</b>"
            + e(text[p.chunk.end:b]) + ("…" if b < len(text) else ""))
    return "<details><summary>在文件中查看上下文</summary>\n\n" + body.replace("\n", "<br>") + "\n\n</details>"


def render_results(result, texts: dict[str, str] | None = None) -> str:
    """Search hits as Markdown: title › section, relevance, the exact quoted text, and (with the documents'
    texts) the passage in its surroundings."""
    lines = [f"> {html.escape(n)}" for n in result.notes]
    if not result.passages:
        lines.append("没有找到相关条款。")
    for i, p in enumerate(result.passages, 1):
        text = html.escape(plain_links(" ".join(p.chunk.text.replace("**", "").split())))
        section = html.escape(p.chunk.section or "正文")
        # The calibrated relevance (the chance this passage holds the answer) is shown; a raw fusion score is not.
        score = f" · 相关度 {round(p.relevance * 100)}%" if p.relevance is not None else ""
        lines.append(f"**[{i}] {html.escape(plain_links(p.title))}**  \n{section}{score}\n\n> {text}\n"
                     + _around(texts, p))
    return "\n\n".join(lines)


def search(holder, query: str, region: str, k: float) -> str:
    """Markdown of the hits, or why there are none."""
    if hasattr(holder, "follow"):
        holder.follow()  # a trainer changed documents or rules: answer from them
    if holder.advisor is None:
        return not_ready(holder)
    try:
        return render_results(holder.advisor.search(query, region=region_arg(region), k=int(k)),
                              holder.advisor.corpus.texts)
    except ValueError as e:
        return f"⚠ {html.escape(str(e))}"


def build_search_tab(holder) -> None:
    """The tab's components and events (call inside a gr.Tab)."""
    with gr.Row(equal_height=True):
        query = gr.Textbox(label="关键词或问题", placeholder="例如：校本应用考核流程", scale=4, min_width=220,
                           max_length=1000)
        region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", scale=1, min_width=120,
                             allow_custom_value=True)
    k = gr.Slider(1, 10, value=5, step=1, label="返回条数")
    button = gr.Button("检索", variant="primary")
    output = gr.Markdown(elem_id="search-results")
    button.click(partial(search, holder), [query, region, k], output, api_name="search")
    query.submit(partial(search, holder), [query, region, k], output)
