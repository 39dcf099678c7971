"""问答 tab: a streamed, checked answer with its badge and expandable citations; history and feedback per
session.

The session token lives in gr.State, one per page load, so a browser session reads only its own history.
"""

from __future__ import annotations

import html
import time
from functools import partial
from typing import Iterator

import gradio as gr

from assistant.store import UnknownMessage, new_session_id
from assistant.ui.options import REGIONS, not_ready, plain_links, region_arg

__all__ = ["BADGES", "EXAMPLES", "render_answer", "answer_pieces", "session_history", "ask_stream",
           "give_feedback", "new_conversation", "build_ask_tab"]

EXAMPLES = ["北京线上要学多少学时？", "瓦房店每个老师要选几个微能力点？", "学校信息化管理团队由哪些人组成？",
            "江苏实践应用学时有什么要求？"]
BADGES = {"grounded": "✔ 已核验", "corrected": "✎ 已更正", "partial": "ⓘ 相关规定，仅供参考", "refused": "✖ 无依据"}
# Inline colours: the chat's Markdown keeps style attributes, and the app's global CSS is not ours to set.
BADGE_COLOURS = {"grounded": ("#e3f4e8", "#1b6b35"), "corrected": ("#fff3d6", "#7a5200"),
                 "partial": ("#e8eef8", "#234a7a"), "refused": ("#fde4e4", "#9b1c1c")}
HISTORY_TURNS = 20
STREAM_PIECES = 40  # at most this many pieces per answer, of at least 3 characters each
STREAM_DELAY = 0.03  # seconds between pieces: a long answer streams in about 1.2 s


def _badge(answer) -> str:
    verdict = answer.grounding.verdict
    background, colour = BADGE_COLOURS[verdict]
    style = (f"display:inline-block;padding:1px 10px;border-radius:12px;background:{background};"
             f"color:{colour};font-weight:600")
    return f'<span class="badge badge-{verdict}" style="{style}">{BADGES[verdict]}</span>'


def _text(text: str) -> str:
    return html.escape(plain_links(text)).replace("\n", "  \n")


def tab_hints(answer) -> list[str]:
    """For a refused or partial answer, the tabs that can help with what was asked (the API has no tabs: UI
    only)."""
    if not answer.refused and answer.grounding.verdict != "partial":
        return []
    from assistant.corpus.lexicon import default_lexicon

    routes = default_lexicon().routes
    question = answer.question or ""
    hints = []
    if answer.intent == "out_of_scope" and routes["draft_request"].search(question):
        hints.append("要写设计方案或教学反思，可以到「设计方案与反思」页生成提纲。")
    if routes["point_words"].search(question):
        hints.append("要按自己的情况挑选微能力点，可以到「微能力推荐」页；要核对选的点是否符合本地要求，到「政策与规则」页。")
    if answer.intent != "out_of_scope":
        hints.append("可以到「政策检索」页直接查看文件原文；本地文件没有收录的，请培训者在「培训者」页添加。")
    return hints[:2]


def render_answer(answer) -> str:
    """The checked answer with its badge, then each citation as a collapsible exact quote; a refusal says which
    tab can help."""
    out = [_badge(answer), _text(answer.answer)]
    out += [f"<small>{html.escape(h)}</small>" for h in tab_hints(answer)]
    for c in answer.citations:
        where = html.escape(f"《{c.title}》{(' › ' + c.section) if c.section else ''}")
        out.append(f"<details><summary>[{c.n}] {where}</summary>\n\n> {html.escape(plain_links(c.quote))}\n\n</details>")
    for v in answer.grounding.violations:
        out.append(f"<small>已更正：{html.escape(v.message)}</small>")
    return "\n\n".join(out)


def answer_pieces(answer, step: int | None = None) -> Iterator[str]:
    """The answer as growing Markdown (badge first, then more and more text), ending with the full rendering.

    The whole answer has already passed the guard, so showing it piece by piece shows nothing unchecked.
    """
    text = answer.answer
    step = step or max(3, -(-len(text) // STREAM_PIECES))
    for end in range(step, len(text), step):
        yield f"{_badge(answer)}\n\n{_text(text[:end])}▍"
    yield render_answer(answer)


def session_history(store, session_id: str | None, limit: int = HISTORY_TURNS) -> list[dict]:
    """The turns this browser session's token names, as {role, content} for the advisor."""
    if store is None or not session_id:
        return []
    return [{"role": m["role"], "content": m["content"]} for m in store.history(session_id, limit)]


def ask_stream(holder, question: str, region: str, chat: list | None, session_id: str | None
               ) -> Iterator[tuple[list, str | None, str, str]]:
    """Yield (chat, last message id, question box, feedback note) while the answer grows."""
    chat = list(chat or [])
    question = (question or "").strip()
    if not question:
        yield chat, gr.skip(), "", "请先输入问题。"
        return
    chat.append({"role": "user", "content": html.escape(question)})
    if hasattr(holder, "follow"):
        holder.follow()  # a trainer changed documents or rules: answer from them
    if holder.advisor is None:
        yield chat + [{"role": "assistant", "content": not_ready(holder)}], None, question, ""
        return
    yield chat + [{"role": "assistant", "content": "正在查找依据并核验……"}], gr.skip(), "", ""
    session_id = session_id or new_session_id()
    try:
        answer = holder.advisor.ask(question, region=region_arg(region),
                                    history=session_history(holder.store, session_id))
    except ValueError as e:
        yield chat + [{"role": "assistant", "content": f"⚠ {html.escape(str(e))}"}], None, question, ""
        return
    message_id = None
    if holder.store is not None:
        meta = {"verdict": answer.grounding.verdict, "citations": len(answer.citations)}
        message_id = holder.store.append_turn(session_id, question, answer.answer, {"region": region_arg(region)},
                                              meta)
    for piece in answer_pieces(answer):
        yield chat + [{"role": "assistant", "content": piece}], gr.skip(), "", ""
        time.sleep(STREAM_DELAY)
    yield chat + [{"role": "assistant", "content": render_answer(answer)}], message_id, "", ""


def give_feedback(holder, rating: int, session_id: str | None, message_id: str | None,
                  comment: str | None) -> tuple[str, str]:
    """Store a thumbs up or down (and a comment) for the last answer; returns (note, comment box)."""
    if not session_id or not message_id or holder.store is None:
        return "请先提问，再评价回答。", comment or ""
    try:
        created = holder.store.add_feedback(session_id, message_id, rating, (comment or "").strip() or None)
    except UnknownMessage:
        return "该会话中没有这条回答。", comment or ""
    if not created:
        return "这条回答已经评价过了。", ""
    return ("已记录：有帮助，谢谢！" if rating > 0 else "已记录：没帮助，我们会改进。谢谢反馈！"), ""


def new_conversation() -> tuple[list, str, None, str]:
    """A fresh chat under a new session token (the old history stays with the old token)."""
    return [], new_session_id(), None, ""


def build_ask_tab(holder) -> None:
    """The 问答 tab's components and events (call inside a gr.Tab)."""
    session = gr.State(new_session_id)  # called per page load: one token per browser session
    last_message = gr.State(None)
    # No floating label over the first bubble; the box grows with the screen (a phone sees whole quotes).
    chat = gr.Chatbot(label="对话", show_label=False, height="70vh", min_height=320, elem_id="ask-chat",
                      buttons=["copy"],
                      placeholder="问我提升工程2.0的政策、学时、微能力点、考核……每句回答都核对过原文。")
    with gr.Row(equal_height=True):
        question = gr.Textbox(label="你的问题", placeholder="例如：北京线上要学多少学时？", scale=4,
                              min_width=220, elem_id="ask-question", max_length=1000)
        region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", scale=1, min_width=120,
                             allow_custom_value=True, elem_id="ask-region")
    with gr.Row():
        ask_button = gr.Button("提问", variant="primary", elem_id="ask-button", scale=3)
        clear_button = gr.Button("新对话", variant="secondary", scale=1, min_width=90)
    gr.Examples(EXAMPLES, inputs=[question], label="示例问题")
    with gr.Accordion("评价上一条回答", open=False, elem_id="ask-feedback"):
        comment = gr.Textbox(label="补充意见（可选）", lines=1, max_length=1000, elem_id="feedback-comment")
        with gr.Row():
            up = gr.Button("✔ 有帮助", size="sm", elem_id="feedback-up")
            down = gr.Button("✖ 没帮助", size="sm", elem_id="feedback-down")
        note = gr.Markdown(elem_id="feedback-note")

    ask = partial(ask_stream, holder)
    outputs = [chat, last_message, question, note]
    ask_button.click(ask, [question, region, chat, session], outputs, api_name="ask", concurrency_limit=4)
    question.submit(ask, [question, region, chat, session], outputs, concurrency_limit=4)
    clear_button.click(new_conversation, None, [chat, session, last_message, note])
    up.click(partial(give_feedback, holder, 1), [session, last_message, comment], [note, comment])
    down.click(partial(give_feedback, holder, -1), [session, last_message, comment], [note, comment])
