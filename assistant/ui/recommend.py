"""微能力推荐 tab: three cards, a chart of the four dimensions, one follow-up question, a path to drafting."""

from __future__ import annotations

import html
from functools import partial

import gradio as gr

from assistant.types import DIMENSIONS
from assistant.ui.options import ENVIRONMENTS, REGIONS, environment_arg, not_ready, region_arg, text_arg

__all__ = ["CARD_CSS", "render_recommendation", "render_dimensions", "recommend", "drafting_prefill",
           "build_recommend_tab"]

VERDICTS = {"VALID": "✔ 这组能力点符合所在地区的选点规则", "INVALID": "✖ 这组能力点不符合选点规则",
            "NEEDS_INFO": "△ 还缺少信息，部分规则未能核对"}

# Scoped to the gr.HTML that carries it; theme variables keep it readable in dark mode too.
CARD_CSS = """
.rec-cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; }
.rec-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 12px 14px;
            background: var(--block-background-fill); }
.rec-card h3 { margin: 0 0 4px; font-size: 1.1em; }
.rec-card .code { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 6px;
                  background: var(--color-accent-soft); color: var(--color-accent); font-weight: 700; }
.rec-card .meta { color: var(--body-text-color); opacity: 0.85; font-size: 0.9em; margin: 0 0 8px; }
.rec-card p { margin: 6px 0; line-height: 1.6; }
.rec-card details summary { cursor: pointer; color: var(--body-text-color-subdued); }
.rec-card blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid var(--border-color-primary); }
.rec-question { padding: 10px 12px; border-radius: 8px; background: var(--color-accent-soft);
                margin: 0 0 10px; }
.rec-note { color: var(--body-text-color); opacity: 0.85; margin: 4px 0; }
.dims { max-width: 560px; }
.dims h4 { margin: 4px 0 8px; }
.dim-row { display: grid; grid-template-columns: 5em 1fr 3.5em; align-items: center; gap: 8px;
           margin: 6px 0; }
.dim-track { height: 16px; border-radius: 8px; background: var(--border-color-primary); overflow: hidden; }
.dim-bar { height: 100%; border-radius: 8px; background: var(--color-accent); }
.dim-row.empty .dim-name { color: var(--body-text-color-subdued); }
"""


def _card(i: int, p: dict) -> str:
    e = html.escape
    case = p.get("case")
    case_line = ""
    if case:
        where = "·".join(e(case.get(k) or "") for k in ("subject", "grade"))
        case_line = f"<p><b>参考案例：</b>{e(case['title'])}（{where}）</p>"
    basis = "".join(
        f"<li>{e(c['message'])}" + (f"<blockquote>{e(c['quote'])}</blockquote>" if c.get("quote") else "")
        + "</li>"
        for c in p.get("citations") or [])
    basis_block = ""
    if basis:
        basis_block = (f"<details><summary>政策依据（{len(p['citations'])}条）</summary>"
                       f"<ul>{basis}</ul></details>")
    return (f'<article class="rec-card" data-code="{e(p["code"])}">'
            f'<h3>{i}. <span class="code">{e(p["code"])}</span>{e(p["name"])}</h3>'
            f'<p class="meta">{e(p["dimension"])} · {e(p["environment"])}教学环境</p>'
            f"<p><b>为什么推荐：</b>{e(p['reason'])}</p>"
            f"<p><b>需要提交：</b>{e('、'.join(p.get('submit') or []) or '按当地要求')}</p>"
            f"{case_line}{basis_block}</article>")


def render_recommendation(data: dict) -> str:
    """Three cards as HTML (code, name, reason, what to submit, a case, policy basis), then caveats."""
    e = html.escape
    out = []
    if data.get("question"):
        out.append(f'<p class="rec-question"><b>还想确认一下：</b>{e(data["question"])}</p>')
    cards = "".join(_card(i, p) for i, p in enumerate(data["picks"], 1))
    out.append(f'<div class="rec-cards">{cards}</div>')
    if data.get("verdict") in VERDICTS:
        out.append(f'<p class="rec-note">{VERDICTS[data["verdict"]]}</p>')
    out += [f'<p class="rec-note">假设：{e(a)}</p>' for a in data.get("assumptions") or []]
    if data.get("runners_up"):
        others = "，".join(f"{e(r['code'])} {e(r['name'])}" for r in data["runners_up"])
        out.append(f'<p class="rec-note">备选：{others}</p>')
    out += [f'<p class="rec-note">规则提示：{e(v["message"])}</p>' for v in data.get("violations") or []]
    return "\n".join(out)


def render_dimensions(picks: list[dict]) -> str:
    """A bar per dimension (学情分析/教学设计/学法指导/学业评价) showing how many picks fall in it."""
    counts = {d: 0 for d in DIMENSIONS}
    for p in picks:
        if p.get("dimension") in counts:
            counts[p["dimension"]] += 1
    top = max(len(picks), 1)
    rows = "".join(
        f'<div class="dim-row{"" if n else " empty"}" data-dimension="{d}" data-count="{n}">'
        f'<span class="dim-name">{d}</span>'
        f'<span class="dim-track" role="img" aria-label="{d} {n} 项">'
        f'<span class="dim-bar" style="display:block;width:{round(100 * n / top)}%"></span></span>'
        f'<span>{n} 项</span></div>'
        for d, n in counts.items())
    covered = sum(1 for n in counts.values() if n)
    return f'<div class="dims"><h4>覆盖的维度：{covered}/4</h4>{rows}</div>'


def recommend(holder, text: str, region: str, environment: str, subject: str, grade: str):
    """(cards HTML, chart HTML, recommendation JSON or None, drafting button update)."""
    hidden = gr.update(visible=False)
    if hasattr(holder, "follow"):
        holder.follow()  # a trainer changed documents or rules: answer from them
    if holder.advisor is None:
        return f"<p>{html.escape(not_ready(holder))}</p>", "", None, hidden
    try:
        rec = holder.advisor.recommend(text, region_arg(region), environment_arg(environment),
                                       text_arg(subject), text_arg(grade))
    except ValueError as e:
        return f"<p>⚠ {html.escape(str(e))}</p>", "", None, hidden
    data = rec.to_json()
    shown = gr.update(visible=bool(data["picks"]))
    return render_recommendation(data), render_dimensions(data["picks"]), data, shown


def drafting_prefill(data: dict | None, region: str, environment: str, subject: str, grade: str):
    """Open the drafting tab with the recommended points, region, environment, subject and grade filled in."""
    if not data:
        return (gr.skip(),) * 6
    env = environment_arg(environment) or (data.get("environment") if data.get("environment") in ENVIRONMENTS
                                           else None)
    # What the teacher typed in the form wins; otherwise what the recommendation read from the teacher's text
    # (我是南京的初二数学老师 → 江苏省南京市, 数学, 初中二年级), so the draft's regional checks are not skipped.
    place = region_arg(region) or (data.get("region") if data.get("region") not in (None, "", "全国") else None)
    # Neither says the subject or grade: what the drafting form already holds stays.
    return (gr.Tabs(selected="draft"), [p["code"] for p in data["picks"]],
            subject or data.get("subject") or gr.skip(), grade or data.get("grade") or gr.skip(),
            env or ENVIRONMENTS[0], place or REGIONS[0])


def build_recommend_tab(holder):
    """The tab's components; returns the drafting hand-off's (button, state, region, env, subject, grade)."""
    text = gr.Textbox(label="用自己的话说说遇到的困难", lines=3, elem_id="rec-text", max_length=2000,
                      placeholder="例如：我做的PPT字太多，学生看不清；学校有多媒体教室")
    with gr.Row():
        region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", min_width=120, allow_custom_value=True)
        environment = gr.Dropdown(ENVIRONMENTS, value=ENVIRONMENTS[0], label="学校环境", min_width=120)
        subject = gr.Textbox(label="学科（可选）", min_width=120, max_length=20)
        grade = gr.Textbox(label="年级（可选）", min_width=120, max_length=20)
    button = gr.Button("推荐三个微能力点", variant="primary", elem_id="rec-button")
    cards = gr.HTML(elem_id="rec-result", css_template=CARD_CSS, js_on_load=None)
    chart = gr.HTML(elem_id="rec-dimensions", css_template=CARD_CSS, js_on_load=None)
    state = gr.State(None)
    to_draft = gr.Button("用这三个能力点起草设计方案 →", visible=False, elem_id="rec-to-draft")
    button.click(partial(recommend, holder), [text, region, environment, subject, grade],
                 [cards, chart, state, to_draft], api_name="recommend")
    return to_draft, state, region, environment, subject, grade
