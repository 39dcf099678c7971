"""The Gradio UI (Chinese), reading the same Advisor as the API: one tab per task, each in its own module.

Example:
    app = gr.mount_gradio_app(fastapi_app, build_ui(holder), path="/")
"""

from __future__ import annotations

import gradio as gr

from assistant.ui.ask import build_ask_tab, render_answer
from assistant.ui.drafting import build_drafting_tab
from assistant.ui.evaluation import build_evaluation_tab
from assistant.ui.options import REGIONS
from assistant.ui.recommend import build_recommend_tab, drafting_prefill, render_recommendation
from assistant.ui.rules import build_rules_tab
from assistant.ui.search import build_search_tab, render_results
from assistant.ui.trainer import build_trainer_tab

__all__ = ["build_ui", "UI_CSS", "REGIONS", "render_results", "render_answer", "render_recommendation"]

# Page-wide CSS (served inline with the page, no web assets fetched): on a phone the chat's scroll button sits in a
# corner instead of over the text.
UI_CSS = """
#ask-chat .scroll-down-button-container { left: auto; right: 8px; bottom: 8px; transform: none; opacity: 0.8; }
#rules-list details { margin: 6px 0; }
#rules-list summary { cursor: pointer; font-weight: 600; }
"""

INTRO = ("# 提升工程2.0 智能顾问\n"
         "依据收录的政策文件作答：每句话都经过规则和原文核验，并给出出处。")


def build_ui(holder) -> gr.Blocks:
    """The Blocks app; each handler fetches the advisor from the holder so it works once loading ends."""
    # Files Gradio copies into its cache (draft downloads, uploaded drafts) are deleted after an hour.
    with gr.Blocks(title="提升工程2.0 智能顾问", analytics_enabled=False, delete_cache=(600, 3600)) as demo:
        gr.Markdown(INTRO, elem_id="intro")
        with gr.Tabs(overflow_behavior="wrap") as tabs:
            with gr.Tab("问答", id="ask"):
                build_ask_tab(holder)
            with gr.Tab("微能力推荐", id="recommend"):
                to_draft, rec_state, *rec_form = build_recommend_tab(holder)
            with gr.Tab("设计方案与反思", id="draft"):
                draft_form = build_drafting_tab(holder)
            with gr.Tab("政策与规则", id="rules"):
                build_rules_tab(holder)
            with gr.Tab("政策检索", id="search"):
                build_search_tab(holder)
            with gr.Tab("培训者", id="trainer"):
                listing, documents, review_region, status, table, summary, doc, supersedes = \
                    build_trainer_tab(holder)
            with gr.Tab("评测", id="eval"):
                eval_summary, eval_report, load_report = build_evaluation_tab(holder)
        to_draft.click(drafting_prefill, [rec_state, *rec_form], [tabs, *draft_form])
        demo.load(load_report, None, [eval_summary, eval_report])
        demo.load(listing, [review_region, status], [table, summary]).then(documents, None, [doc, supersedes])
    # Gradio runs one event of a kind at a time unless told otherwise: let a few teachers be served at once,
    # and turn new work away (with a message) rather than queue without bound.
    demo.queue(default_concurrency_limit=4, max_size=64)
    return demo
