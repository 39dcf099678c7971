"""培训者 tab: add a local document, review the rules proposed from it, remove a document.

Every act goes through the same library calls as the CLI and the API (rules/local.py, rules/review.py) and ends
with holder.refresh(), so answers and checks follow at once (a new document once its index is rebuilt).
"""

from __future__ import annotations

import html
from pathlib import Path

import gradio as gr

from assistant.rules.review import HIGH_CONFIDENCE, describe_params, parse_param

__all__ = ["build_trainer_tab", "review_table", "TABLE_HEADERS", "upload_document", "act_on_candidates",
           "edit_candidate", "remove_document_ui"]

TABLE_HEADERS = ["选中", "编号", "置信度", "文件", "事项", "提取结果", "原文（【】内为引文）", "提示"]
STATUSES = {"待审核": "pending", "已生效": "accepted", "已驳回": "rejected", "全部": None}


def _corpus(holder) -> Path | None:
    settings = getattr(holder, "settings", None)
    return Path(settings.corpus_dir) if settings is not None else None


def _engine(holder):
    from assistant.ui.rules import _engine as engine

    return engine(holder)


def _who(request: gr.Request | None) -> str:
    name = getattr(request, "username", None) if request is not None else None
    return name or "培训者"


def review_table(holder, region: str | None, status: str) -> tuple[list[list], str]:
    """The candidates as table rows, and a one-line summary (or why there is nothing to show)."""
    from assistant.rules.review import ReviewQueue, review_rows

    corpus, engine = _corpus(holder), _engine(holder)
    if corpus is None or engine is None:
        return [], "规则尚未加载，或本服务未配置语料目录。"
    try:
        rows = review_rows(engine, ReviewQueue(corpus), (region or "").strip() or None, STATUSES.get(status, "pending"))
    except ValueError as e:
        return [], f"⚠ {e}"
    table = []
    for r in rows:
        hints = r["notes"] + [f"⚠ {c}" for c in r["conflicts"]]
        table.append([False, r["id"], round(r["confidence"], 2), r["title"], r["topic_label"],
                      describe_params(r["rule"]["params"]), in_context(r["rule"]["source"]["quote"], r["context"]),
                      "；".join(hints)])
    high = sum(1 for r in rows if r["confidence"] >= HIGH_CONFIDENCE and r["status"] == "pending")
    summary = f"共 {len(rows)} 条" + (f"，其中高置信（≥{HIGH_CONFIDENCE}）待审核 {high} 条" if high else "") + "。"
    return table, summary if rows else "没有符合条件的候选规则。上传文件后，这里会列出从中提取的要求。"


def in_context(quote: str, context: str, width: int = 24) -> str:
    """The quote marked 【】 inside the words around it: …前文【引文】后文…"""
    at = context.find(quote)
    if at < 0:
        return f"【{quote}】"
    before = context[max(0, at - width):at].replace("\n", " ").lstrip()
    after = context[at + len(quote):at + len(quote) + width].replace("\n", " ").rstrip()
    return ("…" if at > width else "") + before + f"【{quote}】" + after + ("…" if len(context) > at + len(quote) + width else "")


def _selected(table) -> list[str]:
    rows = table.values.tolist() if hasattr(table, "values") else (table or [])
    return [str(r[1]) for r in rows if r and r[0] in (True, "true", "True", 1)]


def act_on_candidates(holder, act: str, table, region: str | None, request: gr.Request | None = None) -> str:
    """Accept or reject the ticked rows, or accept every high-confidence pending one of the region."""
    from assistant.rules.review import ReviewQueue, region_filter

    corpus, engine = _corpus(holder), _engine(holder)
    if corpus is None or engine is None:
        return "规则尚未加载。"
    queue, titles = ReviewQueue(corpus), {d.id: d.title for d in engine.documents}
    try:
        if act == "high":
            done = queue.accept(None, _who(request), titles, in_region=region_filter(engine, region),
                                min_confidence=HIGH_CONFIDENCE)
            message = f"已通过 {len(done)} 条高置信候选规则。"
        else:
            ids = _selected(table)
            if not ids:
                return "请先在表格第一列勾选要处理的候选。"
            if act == "accept":
                message = f"已通过 {len(queue.accept(ids, _who(request), titles))} 条。"
            else:
                message = f"已驳回 {len(queue.reject(ids, _who(request), titles))} 条。"
    except ValueError as e:
        return f"⚠ {e}"
    if hasattr(holder, "refresh"):
        holder.refresh()
    return message + "回答与核验即刻按新规则执行。"


def edit_candidate(holder, cid: str, params: str, request: gr.Request | None = None) -> str:
    """Change a candidate's parameters: 'value=60' or 'value=60, op=>='."""
    from assistant.rules.review import ReviewQueue

    corpus, engine = _corpus(holder), _engine(holder)
    if corpus is None or engine is None:
        return "规则尚未加载。"
    try:
        pairs = dict(parse_param(p) for p in (params or "").replace("；", ";").split(";") if p.strip())
        c = ReviewQueue(corpus).edit((cid or "").strip(), pairs, _who(request),
                                     {d.id: d.title for d in engine.documents})
    except ValueError as e:
        return f"⚠ {e}"
    if hasattr(holder, "refresh"):
        holder.refresh()
    return f"已修改 {html.escape(c.id)}：{html.escape(describe_params(c.rule.params))}" + \
        ("（已生效）" if c.status == "accepted" else "（仍待审核）")


def upload_document(holder, file, region: str, title: str, supersedes: str) -> str:
    """Ingest the uploaded file for the region; say what was added and how many rules wait for review."""
    from assistant.rules.local import ingest_document

    corpus = _corpus(holder)
    if corpus is None:
        return "本服务未配置语料目录，不能添加文件。"
    if file is None:
        return "请先选择文件（.docx .pdf .txt .md）。"
    if not (region or "").strip():
        return "请填写文件适用的地区，区县请连同上级写，如 南京市鼓楼区。"
    path = Path(file if isinstance(file, str) else file.name)
    if path.suffix.lower() not in (".docx", ".pdf", ".txt", ".md"):
        return f"⚠ 不支持的文件类型：{path.suffix or '无扩展名'}（支持 .docx .pdf .txt .md）"
    try:
        result = ingest_document(corpus, path, region.strip(), title=(title or "").strip() or None,
                                 supersedes=(supersedes or "").strip() or None)
    except ValueError as e:
        return "⚠ " + str(e).replace(str(path), path.name)
    if hasattr(holder, "refresh"):
        holder.refresh()
    r, d = result, result.document
    high = sum(1 for c in r.candidates if c.confidence >= HIGH_CONFIDENCE)
    lines = [f"已添加：《{html.escape(d.title)}》（{html.escape(r.region.canonical or '')}），正在更新索引。"]
    if r.learned_region:
        lines.append(f"新登记地区：{html.escape(r.region.canonical)}，上级：{html.escape(' → '.join(r.region.chain[1:]))}。")
    lines.append(f"提取候选规则 {len(r.candidates)} 条（高置信 {high} 条），请在下方审核；审核通过前不作为规则执行。")
    return "\n\n".join(lines)


def remove_document_ui(holder, doc_id: str) -> str:
    from assistant.rules.local import remove_document

    corpus = _corpus(holder)
    if corpus is None:
        return "本服务未配置语料目录。"
    if not (doc_id or "").strip():
        return "请选择要删除的文件。"
    try:
        doc = remove_document(corpus, doc_id.strip())
    except ValueError as e:
        return f"⚠ {e}"
    if hasattr(holder, "refresh"):
        holder.refresh()
    return f"已删除《{html.escape(doc.title)}》及其规则。"


def school_plan_view(holder, cache, region: str, kind: str) -> tuple:
    """A school's 一划两案 outline for a region: preview and Word/Markdown files."""
    from assistant.ui.drafting import draft_files, render_status
    from assistant.ui.options import region_arg

    if holder.advisor is None:
        return "索引加载中，请稍候再试。", gr.update(visible=False), gr.update(visible=False)
    kinds = {"校本研修方案": "研修", "校本应用考核方案": "考核", "两者": "both"}
    try:
        draft = cache.get(holder.advisor).school_plan(region_arg(region), kinds.get(kind, "both"))
    except ValueError as e:
        return f"⚠ {html.escape(str(e))}", gr.update(visible=False), gr.update(visible=False)
    files = draft_files(draft, f"学校方案-{region_arg(region) or '全国'}")
    return render_status(draft), gr.update(value=draft.to_markdown(), visible=True), gr.update(value=files,
                                                                                               visible=True)


def review_draft_view(holder, cache, file, codes: list[str] | None, region: str) -> str:
    """A teacher's uploaded draft (.docx .md .txt) reviewed against the chosen points and the region's rules."""
    from assistant.ui.options import region_arg

    if holder.advisor is None:
        return "索引加载中，请稍候再试。"
    if file is None:
        return "请先上传教师的草稿（.docx .md .txt）。"
    codes = [c for c in codes or [] if c]
    if not codes:
        return "请选择草稿对应的微能力点。"
    path = Path(file if isinstance(file, str) else file.name)
    try:
        review = cache.get(holder.advisor).review(path, codes, region=region_arg(region))
    except ValueError as e:
        return "⚠ " + html.escape(str(e).replace(str(path), path.name))
    return review.to_markdown()


def _ingested(holder) -> list[tuple[str, str]]:
    engine = _engine(holder)
    if engine is None:
        return []
    return [(f"{d.title}（{d.region}）", d.id) for d in engine.documents if d.origin == "ingested"]


def build_trainer_tab(holder) -> None:
    """The tab's components and events."""
    gr.Markdown("**添加本地文件**：上传区县或学校的提升工程2.0方案，系统会提取其中的硬性要求作为候选规则；"
                "候选规则经您审核通过后才会用于回答和核验。")
    with gr.Row():
        file = gr.File(label="文件（.docx .pdf .txt .md）", file_types=[".docx", ".pdf", ".txt", ".md"], scale=2,
                       elem_id="trainer-file")
        with gr.Column(scale=2):
            region = gr.Textbox(label="适用地区", placeholder="如 南京市鼓楼区、成都市武侯区", elem_id="trainer-region")
            title = gr.Textbox(label="标题（可不填，默认取文件首行）")
            supersedes = gr.Dropdown(label="取代旧文件（可不选）", choices=[("（不取代）", "")], value="",
                                     allow_custom_value=False)
    upload = gr.Button("添加文件并提取规则", variant="primary", elem_id="trainer-upload")
    upload_out = gr.Markdown(elem_id="trainer-upload-out")

    gr.Markdown("**审核候选规则**：勾选第一列后通过或驳回；修改数值请在下方填写编号和参数。")
    with gr.Row():
        review_region = gr.Textbox(label="地区（留空为全部）", scale=2)
        status = gr.Radio(list(STATUSES), value="待审核", label="状态", scale=3)
        refresh = gr.Button("刷新列表", scale=1)
    summary = gr.Markdown(elem_id="trainer-summary")
    table = gr.Dataframe(headers=TABLE_HEADERS, datatype=["bool", "str", "number", "str", "str", "str", "str", "str"],
                         interactive=True, wrap=True, label="候选规则", elem_id="trainer-table", column_widths=[
                             "44px", "150px", "64px", "150px", "100px", "160px", "320px", "150px"])  # a phone scrolls sideways
    with gr.Row():
        accept = gr.Button("通过所选", variant="primary")
        reject = gr.Button("驳回所选")
        accept_high = gr.Button(f"一键通过高置信（≥{HIGH_CONFIDENCE}）", elem_id="trainer-accept-high")
    act_out = gr.Markdown(elem_id="trainer-act-out")
    with gr.Row():
        cid = gr.Textbox(label="候选编号", placeholder="从表格“编号”列复制", scale=2)
        params = gr.Textbox(label="新参数", placeholder="如 value=60；op=>=", scale=2)
        edit = gr.Button("修改", scale=1)
    edit_out = gr.Markdown()

    from assistant.ui.drafting import DrafterCache
    from assistant.ui.options import REGIONS, ability_choices

    cache = DrafterCache()
    with gr.Accordion("学校方案提纲（一划两案）", open=False, elem_id="trainer-plan"):
        with gr.Row():
            plan_region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", allow_custom_value=True, scale=2,
                                      elem_id="trainer-plan-region")
            plan_kind = gr.Radio(["校本研修方案", "校本应用考核方案", "两者"], value="两者", label="方案", scale=3)
            plan_button = gr.Button("生成提纲", scale=1, elem_id="trainer-plan-button")
        plan_status = gr.Markdown(elem_id="trainer-plan-status")
        plan_files = gr.File(label="下载（Word / Markdown）", file_count="multiple", interactive=False, visible=False)
        plan_preview = gr.Markdown(max_height=480, container=True, visible=False, elem_id="trainer-plan-preview")
    with gr.Accordion("审阅教师草稿", open=False, elem_id="trainer-draft"):
        with gr.Row():
            draft_file = gr.File(label="草稿（.docx .md .txt）", file_types=[".docx", ".md", ".txt"], scale=2,
                                 elem_id="trainer-draft-file")
            with gr.Column(scale=2):
                draft_points = gr.Dropdown(ability_choices(_engine(holder)), multiselect=True, label="对应的微能力点",
                                           allow_custom_value=True, elem_id="trainer-draft-points")
                draft_region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", allow_custom_value=True)
        review_button = gr.Button("审阅", elem_id="trainer-review-button")
        review_out = gr.Markdown(elem_id="trainer-review-out")
    plan_button.click(lambda r, k: school_plan_view(holder, cache, r, k), [plan_region, plan_kind],
                      [plan_status, plan_preview, plan_files])
    review_button.click(lambda f, c, r: review_draft_view(holder, cache, f, c, r),
                        [draft_file, draft_points, draft_region], review_out)

    gr.Markdown("**删除文件**：只能删除培训者添加的文件；它的规则一并删除，其他内容不变。")
    with gr.Row():
        doc = gr.Dropdown(label="文件", choices=[], scale=3)
        remove = gr.Button("删除", variant="stop", scale=1)
    remove_out = gr.Markdown()

    def listing(r, s):
        rows, text = review_table(holder, r, s)
        return rows, text

    def documents():
        docs = _ingested(holder)
        return gr.update(choices=docs, value=None), gr.update(choices=[("（不取代）", "")] + docs, value="")

    upload.click(lambda f, r, t, s: upload_document(holder, f, r, t, s), [file, region, title, supersedes],
                 upload_out).then(listing, [review_region, status], [table, summary]).then(documents, None,
                                                                                            [doc, supersedes])
    refresh.click(listing, [review_region, status], [table, summary]).then(documents, None, [doc, supersedes])
    status.change(listing, [review_region, status], [table, summary])

    def act(kind):
        def run(t, r, request: gr.Request):
            return act_on_candidates(holder, kind, t, r, request)
        return run

    for button, kind in ((accept, "accept"), (reject, "reject"), (accept_high, "high")):
        button.click(act(kind), [table, review_region], act_out).then(listing, [review_region, status],
                                                                      [table, summary])

    def do_edit(c, p, request: gr.Request):
        return edit_candidate(holder, c, p, request)

    edit.click(do_edit, [cid, params], edit_out).then(listing, [review_region, status], [table, summary])
    remove.click(lambda d: remove_document_ui(holder, d), doc, remove_out).then(
        listing, [review_region, status], [table, summary]).then(documents, None, [doc, supersedes])
    return listing, documents, review_region, status, table, summary, doc, supersedes
