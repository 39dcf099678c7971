"""政策与规则 tab: the rules governing a region with their sources; checks of a selection or an hours plan."""

from __future__ import annotations

import html
import re
from functools import partial

import gradio as gr

from assistant.ui.options import ENVIRONMENTS, REGIONS, environment_arg, not_ready, region_arg

__all__ = ["VERDICT_LABELS", "render_rules", "render_check", "parse_plan", "parse_codes", "show_rules",
           "check_selection", "check_hours", "build_rules_tab"]

VERDICT_LABELS = {"VALID": "✔ 符合要求", "INVALID": "✖ 不符合要求",
                  "NEEDS_INFO": "△ 信息不足，部分规则未能核对"}
KINDS = {"requirement": "要求", "fact": "事实", "default": "项目默认"}


def _engine(holder):
    if hasattr(holder, "follow"):
        holder.follow()
    if getattr(holder, "rules", None) is not None:
        return holder.rules  # the newest: it follows a trainer's change at once
    return holder.advisor.rules if holder.advisor is not None else None


def _texts(holder) -> dict[str, str]:
    """The loaded documents' texts (to show a rule's words in their paragraph); empty while loading."""
    advisor = getattr(holder, "advisor", None)
    return advisor.corpus.texts if advisor is not None else {}


def _titles(engine) -> dict[str, str]:
    return {d.id: d.title for d in engine.documents}


def render_rules(engine, region: str | None) -> str:
    """Governing documents, notes, then every rule with the words of the document that sets it."""
    e, titles = html.escape, _titles(engine)
    j = engine.jurisdiction(region, "2.0")
    lines = [f"**适用文件（{e(j.region.canonical or '全国')}，由近及远）：**"]
    lines += [f"1. 《{e(d.title)}》{e(d.doc_no or '')}" for d in j.documents]
    lines += [f"\n> {e(n)}" for n in j.notes]
    rules = engine.rules(region, "2.0")
    lines.append(f"\n**规则（{len(rules)} 条），按文件分组，点开查看：**")
    # One fold per source, the most local open: a phone does not scroll through 8,000 px of rules.
    groups: dict[str, list] = {}
    for r in rules:
        if r.source:
            name = f"《{titles.get(r.source.doc_id, r.source.doc_id)}》"
        else:
            name = "外部参考文件" if r.reference else "项目默认（常见做法，以当地方案为准）"
        groups.setdefault(name, []).append(r)
    for i, (name, group) in enumerate(groups.items()):
        items = []
        for r in group:
            src = f"“{e(r.source.quote)}”" if r.source else e(r.reference or "项目默认")
            items.append(f"<li>【{KINDS.get(r.kind, r.kind)}】{e(r.message)}<br><small>{src}</small></li>")
        lines.append(f"<details{' open' if i == 0 else ''}><summary>{e(name)}（{len(group)} 条）</summary>"
                     f"<ul>{''.join(items)}</ul></details>")
    return "\n".join(lines)


def source_context(texts: dict[str, str] | None, doc_id: str | None, quote: str | None, width: int = 90) -> str:
    """The paragraph around a rule's quote in its document, the quote in bold (empty when it cannot be found)."""
    text = (texts or {}).get(doc_id or "")
    if not text or not quote:
        return ""
    at = text.find(quote)
    if at < 0:
        return ""
    start = max(text.rfind("\n", 0, at) + 1, at - width)
    end = text.find("\n", at + len(quote))
    end = min(end if end >= 0 else len(text), at + len(quote) + width)
    e = html.escape
    return ("…" if start > 0 and text[start - 1] != "\n" else "") + e(text[start:at]) + f"<b>{e(quote)}</b>" + \
        e(text[at + len(quote):end]) + ("…" if end < len(text) and text[end] != "\n" else "")


def render_check(result, titles: dict[str, str] | None = None, texts: dict[str, str] | None = None) -> str:
    """A check's verdict, each broken rule with its source words (and, where the document is loaded, the
    paragraph around them), and the notes."""
    e, titles = html.escape, titles or {}
    verdict = result.verdict.value
    lines = [f"**结论：{VERDICT_LABELS.get(verdict, verdict)}**"]
    for v in result.violations:
        where = f"《{e(titles.get(v.doc_id, v.doc_id))}》" if v.doc_id else "项目默认"
        quote = f"：“{e(v.quote)}”" if v.quote else ""
        lines.append(f"- {e(v.message)}  \n  <small>{where}{quote}</small>")
        around = source_context(texts, v.doc_id, v.quote)
        if around:
            lines.append(f"  <details><summary><small>查看原文</small></summary><small>{around}</small></details>")
    lines += [f"- 说明：{e(n)}" for n in result.notes]
    return "\n".join(lines)


def parse_codes(text: str) -> list[str]:
    """'A1, B2，B9 C3' → ['A1', 'B2', 'B9', 'C3'] (names are kept whole when separated by commas)."""
    parts = re.split(r"[,，、;；\n]+|\s+(?=[A-Za-zＡ-Ｚａ-ｚ]\s*\d)", text or "")
    return [c.strip() for c in parts if c.strip()]


def parse_plan(text: str) -> dict[str, str]:
    """「线上20学时，线下30学时」, 「线上=25，线下=25」, 「线上：25」 → {'线上': '20', …}; ValueError if unclear."""
    from assistant.rules.hours import parse_plan_text

    return parse_plan_text(text)


def show_rules(holder, region: str) -> str:
    """Markdown of the region's rules."""
    engine = _engine(holder)
    if engine is None:
        return not_ready(holder)
    try:
        return render_rules(engine, region_arg(region))
    except ValueError as e:
        return f"⚠ {html.escape(str(e))}"


def check_selection(holder, region: str, codes: str, environment: str) -> str:
    """Markdown verdict on a selection of points."""
    engine = _engine(holder)
    if engine is None:
        return not_ready(holder)
    try:
        result = engine.check_selection(parse_codes(codes), region_arg(region), environment_arg(environment))
    except ValueError as e:
        return f"⚠ {html.escape(str(e))}"
    return render_check(result, _titles(engine), _texts(holder))


def check_hours(holder, region: str, plan: str) -> str:
    """Markdown verdict on an hours plan such as 线上=25，线下=25."""
    engine = _engine(holder)
    if engine is None:
        return not_ready(holder)
    try:
        result = engine.check_hours(parse_plan(plan), region_arg(region))
    except ValueError as e:
        return f"⚠ {html.escape(str(e))}"
    return render_check(result, _titles(engine), _texts(holder))


def build_rules_tab(holder) -> None:
    """The tab's components and events (call inside a gr.Tab)."""
    region = gr.Dropdown(REGIONS, value="北京", label="地区", allow_custom_value=True, elem_id="rules-region")
    with gr.Accordion("核验选点", open=True):
        with gr.Row():
            codes = gr.Textbox(label="微能力点", placeholder="如 A1, B2, B9", min_width=200, scale=3,
                               elem_id="rules-codes")
            environment = gr.Dropdown(ENVIRONMENTS, value=ENVIRONMENTS[0], label="学校环境", min_width=120,
                                      scale=1)
        check_codes = gr.Button("核验选点", variant="primary", elem_id="rules-check-codes")
    with gr.Accordion("核验学时计划", open=True):
        plan = gr.Textbox(label="学时计划", placeholder="如 线上=25，线下=25", elem_id="rules-plan")
        check_plan = gr.Button("核验学时", variant="primary", elem_id="rules-check-hours")
    check_out = gr.Markdown(elem_id="rules-check")
    show = gr.Button("查看该地区的全部规则及出处", elem_id="rules-show")
    rules_out = gr.Markdown(elem_id="rules-list")
    check_codes.click(partial(check_selection, holder), [region, codes, environment], check_out,
                      api_name="rules")
    check_plan.click(partial(check_hours, holder), [region, plan], check_out, api_name="hours")
    plan.submit(partial(check_hours, holder), [region, plan], check_out)
    show.click(partial(show_rules, holder), [region], rules_out, api_name="rules_list")
