"""设计方案与反思 tab: points, subject, grade, topic → an outline preview and .docx/.md files to download."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

import gradio as gr

from assistant.ui.options import (
    ENVIRONMENTS,
    REGIONS,
    ability_choices,
    environment_arg,
    not_ready,
    region_arg,
    text_arg,
)

__all__ = ["DrafterCache", "KINDS", "draft_files", "render_status", "make_draft", "draft_view",
           "build_drafting_tab"]


class DrafterCache:
    """One Drafter per loaded Advisor, built on first use (it reads the templates and cases once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._advisor = None
        self._drafter = None

    def get(self, advisor):
        """The Drafter for this advisor."""
        with self._lock:
            if self._drafter is None or self._advisor is not advisor:
                from assistant.drafting.drafter import Drafter

                self._drafter = Drafter.load(advisor.settings.corpus_dir, advisor.rules,
                                             chat_model=advisor.chat_model)
                self._advisor = advisor
            return self._drafter


def _file_stem(kind: str, codes: list[str], subject: str | None, topic: str | None) -> str:
    name = "-".join([kind, "".join(codes), subject or "", topic or ""]).strip("-")
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", name)[:60] or kind


DRAFTS_DIR = Path(tempfile.gettempdir()) / "advisor-drafts"
DRAFT_TTL = 600  # seconds a written draft stays on disk: Gradio copies it to its own cache when it is served


def sweep(root: Path, ttl: float) -> int:
    """Remove the folders under root older than ttl seconds; how many were removed."""
    removed, now = 0, time.time()
    for folder in root.glob("draft-*"):
        try:
            if now - folder.stat().st_mtime > ttl:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except FileNotFoundError:  # another request swept it first
            continue
    return removed


def draft_files(draft, stem: str, folder: Path | None = None) -> list[str]:
    """Write the draft as .docx and .md into a fresh folder under DRAFTS_DIR (served by Gradio from there);
    the paths. Folders older than DRAFT_TTL are swept first, so drafts never pile up on disk."""
    from assistant.drafting.export import to_docx

    if folder is None:
        DRAFTS_DIR.mkdir(parents=True, exist_ok=True)
        sweep(DRAFTS_DIR, DRAFT_TTL)
        folder = Path(tempfile.mkdtemp(prefix="draft-", dir=DRAFTS_DIR))
    folder = Path(folder)
    md, docx = folder / f"{stem}.md", folder / f"{stem}.docx"
    md.write_text(draft.to_markdown(), encoding="utf-8")
    to_docx(draft, docx)
    return [str(docx), str(md)]


KINDS = {"设计方案": "design", "教学反思": "reflection"}
VERDICTS = {"VALID": "✔ 符合所在地区的规则", "INVALID": "✖ 与所在地区的规则不符",
            "NEEDS_INFO": "△ 部分规则缺少信息未能核对"}


def render_status(draft) -> str:
    """One line on the draft: rule verdict, completeness, and each broken rule."""
    e = html.escape
    done = draft.completeness
    lines = [f"**规则核验：{VERDICTS.get(draft.verdict.value, draft.verdict.value)}；"
             f"结构：{'完整' if done.complete else '缺少 ' + '、'.join(e(m) for m in done.missing)}**"]
    lines += [f"- {e(v.message)}" for v in draft.violations]
    return "\n".join(lines)


def make_draft(holder, cache: DrafterCache, kind: str, codes: list[str] | None, subject: str, grade: str,
               topic: str, environment: str, region: str, tools: str) -> tuple[str, str, list[str] | None]:
    """(status, outline Markdown, [docx, md]) for the form; a message and no files when it cannot be."""
    if holder.advisor is None:
        return not_ready(holder), "", None
    codes = [c for c in codes or [] if c]
    if not codes:
        return "请至少选择一个微能力点。", "", None
    tool_list = [t.strip() for t in re.split(r"[,，、;；\s]+", tools or "") if t.strip()] or None
    name = kind if kind in KINDS else "设计方案"
    try:
        build = getattr(cache.get(holder.advisor), KINDS[name])
        draft = build(codes, text_arg(subject), text_arg(grade), text_arg(topic),
                      environment=environment_arg(environment), tools=tool_list, region=region_arg(region))
    except ValueError as e:
        return f"⚠ {html.escape(str(e))}", "", None
    stem = _file_stem(name, codes, text_arg(subject), text_arg(topic))
    return render_status(draft), draft.to_markdown(), draft_files(draft, stem)


def draft_view(holder, cache: DrafterCache, *form) -> tuple:
    """make_draft's results as updates: the preview and downloads appear once there is something to show."""
    status, outline, files = make_draft(holder, cache, *form)
    return (status, gr.update(value=outline, visible=bool(outline)),
            gr.update(value=files, visible=bool(files)))


def build_drafting_tab(holder) -> list:
    """The tab's components and events; returns [points, subject, grade, environment, region] to pre-fill."""
    gr.Markdown("选好微能力点，填上学科、年级和课题，生成《设计方案》（含教学过程表）或《教学反思》的大纲，"
                "可下载 Word 和 Markdown。")
    kind = gr.Radio(list(KINDS), value="设计方案", label="要起草的材料", elem_id="draft-kind")
    engine = holder.rules or (holder.advisor.rules if holder.advisor is not None else None)
    points = gr.Dropdown(ability_choices(engine), multiselect=True, label="微能力点", allow_custom_value=True,
                         elem_id="draft-points", info="可多选；从“微能力推荐”带过来的会自动填好")
    with gr.Row():
        subject = gr.Textbox(label="学科", placeholder="如 数学", min_width=120, max_length=20,
                             elem_id="draft-subject")
        grade = gr.Textbox(label="年级", placeholder="如 七年级", min_width=120, max_length=20,
                           elem_id="draft-grade")
        topic = gr.Textbox(label="课题", placeholder="如 一元一次方程", min_width=160, max_length=60,
                           elem_id="draft-topic")
    with gr.Row():
        environment = gr.Dropdown(ENVIRONMENTS, value=ENVIRONMENTS[0], label="学校环境", min_width=120)
        region = gr.Dropdown(REGIONS, value=REGIONS[0], label="地区", min_width=120, allow_custom_value=True)
        tools = gr.Textbox(label="使用的工具（可选）", placeholder="如 希沃白板，问卷星", min_width=160,
                           max_length=100)
    button = gr.Button("生成大纲", variant="primary", elem_id="draft-button")
    status = gr.Markdown(elem_id="draft-status")
    files = gr.File(label="下载（Word / Markdown）", file_count="multiple", interactive=False,
                    elem_id="draft-files", visible=False)
    preview = gr.Markdown(elem_id="draft-preview", max_height=640, container=True, visible=False)
    cache = DrafterCache()
    button.click(partial(draft_view, holder, cache),
                 [kind, points, subject, grade, topic, environment, region, tools], [status, preview, files],
                 api_name="draft")
    # Draft → review: the teacher fills the outline in Word, then checks it here against the same points and
    # region the form already holds.
    with gr.Accordion("写好后上传自查", open=False):
        gr.Markdown("把填写好的方案或反思（.docx .md .txt）传上来，按上面选的能力点和地区检查缺了什么、哪里与规定不符。")
        mine = gr.File(label="我写好的草稿", file_types=[".docx", ".md", ".txt"], elem_id="draft-self-file")
        check = gr.Button("自查", elem_id="draft-self-check")
        verdict = gr.Markdown(elem_id="draft-self-out")

    def self_check(file, codes, place):
        from assistant.ui.trainer import review_draft_view

        return review_draft_view(holder, cache, file, codes, place)

    check.click(self_check, [mine, points, region], verdict)
    return [points, subject, grade, environment, region]
