"""The Gradio UI (Chinese), reading the same Advisor as the API."""

from __future__ import annotations

import html

import gradio as gr

__all__ = ["build_ui", "REGIONS", "render_results", "render_answer", "render_recommendation"]

REGIONS = ["（不限地区）", "北京", "江苏", "南京", "瓦房店", "大连", "广东", "上海", "其他地区"]
ENVIRONMENTS = ["（未说明）", "多媒体", "混合", "智慧"]
EXAMPLES = ["北京线上课程要学多少学时？", "瓦房店每个老师要选几个微能力点？", "学校信息化管理团队由哪些人组成？",
            "江苏实践应用学时有什么要求？"]
BADGES = {"grounded": "✅ 已核验", "corrected": "✏️ 已更正", "refused": "⛔ 无依据"}


def _region(value: str | None) -> str | None:
    return None if not value or value.startswith("（") or value == "其他地区" else value


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


def render_answer(answer) -> str:
    """The checked answer with its badge, then each citation as a collapsible exact quote."""
    out = [f"**{BADGES[answer.grounding.verdict]}**", html.escape(answer.answer).replace("\n", "  \n")]
    for c in answer.citations:
        where = html.escape(f"《{c.title}》{(' › ' + c.section) if c.section else ''}")
        out.append(f"<details><summary>[{c.n}] {where}</summary>\n\n> {html.escape(c.quote)}\n\n</details>")
    for v in answer.grounding.violations:
        out.append(f"<small>已更正：{html.escape(v.message)}</small>")
    return "\n\n".join(out)


def render_recommendation(data: dict) -> str:
    """Three cards as Markdown: code, name, reason, what to submit, a case; then assumptions and rules."""
    out = [f"> 假设：{html.escape(a)}" for a in data.get("assumptions", [])]
    if data.get("question"):
        out.append(f"**还想确认一下：** {html.escape(data['question'])}")
    for i, p in enumerate(data["picks"], 1):
        case = f"\n\n参考案例：{html.escape(p['case']['title'])}" if p.get("case") else ""
        out.append(f"### {i}. {p['code']} {html.escape(p['name'])}\n{p['dimension']} · {p['environment']}教学环境\n\n"
                   f"{html.escape(p['reason'])}\n\n需提交：{html.escape('、'.join(p.get('submit') or []))}{case}")
    if data.get("runners_up"):
        out.append("备选：" + "，".join(f"{r['code']} {html.escape(r['name'])}" for r in data["runners_up"]))
    for v in data.get("violations", []):
        out.append(f"规则提示：{html.escape(v['message'])}")
    return "\n\n".join(out)


def build_ui(holder) -> gr.Blocks:
    """The Blocks app; each handler fetches the advisor from the holder so it works once loading ends."""

    def ready():
        return holder.advisor is not None

    def not_ready() -> str:
        return holder.error or "索引加载中，请稍候再试。"

    def do_search(query: str, region: str, k: float) -> str:
        if not ready():
            return not_ready()
        try:
            return render_results(holder.advisor.search(query, region=_region(region), k=int(k)))
        except ValueError as e:
            return f"⚠️ {e}"

    def do_ask(question: str, region: str, history: list) -> tuple[str, list]:
        if not ready():
            return not_ready(), history
        try:
            answer = holder.advisor.ask(question, region=_region(region), history=history)
        except ValueError as e:
            return f"⚠️ {e}", history
        turns = (history + [{"role": "user", "content": question},
                            {"role": "assistant", "content": answer.answer}])[-20:]
        return render_answer(answer), turns

    def do_recommend(text: str, region: str, environment: str, subject: str, grade: str) -> str:
        if not ready():
            return not_ready()
        env = None if environment.startswith("（") else environment
        try:
            rec = holder.advisor.recommend(text, _region(region), env, subject or None, grade or None)
        except ValueError as e:
            return f"⚠️ {e}"
        return render_recommendation(rec.to_json())

    def do_rules(region: str, abilities: str, environment: str) -> str:
        rules = holder.advisor.rules if ready() else getattr(holder, "rules", None)
        if rules is None:
            return not_ready()
        env = None if environment.startswith("（") else environment
        try:
            if abilities.strip():
                codes = [c.strip() for c in abilities.replace("，", ",").split(",") if c.strip()]
                result = rules.check_selection(codes, _region(region), env)
                lines = [f"**结论：{result.verdict.value}**"]
                lines += [f"- {html.escape(v.message)}（{v.doc_id or '项目默认'}：{html.escape(v.quote or '')}）"
                          for v in result.violations]
                lines += [f"- 说明：{html.escape(n)}" for n in result.notes]
                return "\n".join(lines)
            jurisdiction = rules.jurisdiction(_region(region), "2.0")
            lines = [f"> {html.escape(n)}" for n in jurisdiction.notes]
            for r in rules.rules(_region(region), "2.0"):
                src = f"{r.source.doc_id}：“{html.escape(r.source.quote)}”" if r.source else (r.reference or "项目默认")
                lines.append(f"- {html.escape(r.message)}  \n  <small>{src}</small>")
            return "\n".join(lines)
        except ValueError as e:
            return f"⚠️ {e}"

    with gr.Blocks(title="提升工程2.0 智能顾问", analytics_enabled=False) as demo:
        gr.Markdown("# 提升工程2.0 智能顾问\n依据收录的政策文件作答，每句话都经过规则和原文核验，并给出出处。")
        with gr.Tab("问答"):
            history = gr.State([])
            with gr.Row():
                question = gr.Textbox(label="你的问题", placeholder="例如：北京线上要学多少学时？", scale=4,
                                      elem_id="ask-question")
                ask_region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", scale=1)
            ask_button = gr.Button("提问", variant="primary", elem_id="ask-button")
            answer_box = gr.Markdown(elem_id="ask-answer")
            gr.Examples(EXAMPLES, inputs=[question])
            ask_button.click(do_ask, [question, ask_region, history], [answer_box, history], api_name="ask")
            question.submit(do_ask, [question, ask_region, history], [answer_box, history])
        with gr.Tab("微能力推荐"):
            gap = gr.Textbox(label="用自己的话说说遇到的困难", lines=3, elem_id="rec-text",
                             placeholder="例如：我不会做微课，学校有机房，学生在家用平台做作业")
            with gr.Row():
                rec_region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区")
                rec_env = gr.Dropdown(ENVIRONMENTS, value=ENVIRONMENTS[0], label="学校环境")
                subject = gr.Textbox(label="学科（可选）")
                grade = gr.Textbox(label="年级（可选）")
            rec_button = gr.Button("推荐三个微能力点", variant="primary", elem_id="rec-button")
            rec_out = gr.Markdown(elem_id="rec-result")
            rec_button.click(do_recommend, [gap, rec_region, rec_env, subject, grade], rec_out, api_name="recommend")
        with gr.Tab("政策检索"):
            with gr.Row():
                query = gr.Textbox(label="关键词或问题", placeholder="例如：校本应用考核流程", scale=4)
                region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", scale=1)
            k = gr.Slider(1, 10, value=5, step=1, label="返回条数")
            button = gr.Button("检索", variant="primary")
            output = gr.Markdown(elem_id="search-results")
            button.click(do_search, [query, region, k], output, api_name="search")
            query.submit(do_search, [query, region, k], output)
        with gr.Tab("政策与规则"):
            with gr.Row():
                rule_region = gr.Dropdown(REGIONS, value="北京", label="地区")
                codes = gr.Textbox(label="要核验的能力点（可选，如 A1,B2,B9）")
                rule_env = gr.Dropdown(ENVIRONMENTS, value=ENVIRONMENTS[0], label="学校环境")
            rule_button = gr.Button("查看规则 / 核验", variant="primary")
            rule_out = gr.Markdown()
            rule_button.click(do_rules, [rule_region, codes, rule_env], rule_out, api_name="rules")
    return demo
