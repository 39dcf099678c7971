"""Export a draft as Markdown or .docx (real headings, a real table, an East-Asian font Word and WPS honour).

Usage:
    path = to_docx(draft, Path("设计方案.docx"))
    text = to_markdown(draft)

Completeness is recomputed before either export, so what is written always carries a current check.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.drafting.completeness import with_completeness
from assistant.drafting.model import PROCESS_HEADER, Draft, Section
from assistant.rules.results import verdict_label

__all__ = ["to_markdown", "to_docx", "docx_bytes", "safe_cell", "BODY_FONT", "HEADING_FONT"]

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SOURCE = {"规范": "规范", "项目默认": "项目默认", "文件": "依据文件", "输入": "教师填写"}


def safe_cell(text: str) -> str:
    """Cell text a spreadsheet will not run as a formula ('=1+1' → "'=1+1"), minus XML-illegal characters."""
    text = _XML_ILLEGAL.sub("", str(text or ""))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _md_cell(text: str) -> str:
    return safe_cell(text).replace("|", "\\|").replace("\n", "<br>")


def _indicator_lines(section: Section) -> list[str]:
    return [f"- {i.level}" + (f"｜{i.point} {i.evidence or ''}".rstrip() if i.point else "") + f"：{i.text}"
            for i in section.indicators]


def _md_section(section: Section, draft: Draft) -> list[str]:
    out = ["#" * (section.level + 1) + " " + section.heading, ""]
    if section.source in ("规范", "项目默认") and section.level >= 2:
        out += [f"> 要求来源：{_SOURCE[section.source]}", ""]
    if section.body:
        out += [section.body.replace("\n", "  \n"), ""]
    if section.table:
        out += ["| " + " | ".join(PROCESS_HEADER) + " |", "|" + "---|" * len(PROCESS_HEADER)]
        out += ["| " + " | ".join(_md_cell(c) for c in row.cells()) + " |" for row in draft.process]
        out.append("")
    if section.prompts:
        out += ["**思考提示**", ""] + [f"- {p}" for p in section.prompts] + [""]
    if section.indicators:
        out += ["**对应评价指标（项目默认措辞）**", ""] + _indicator_lines(section) + [""]
    return out


def _tail(draft: Draft) -> list[str]:
    """Checks and sources after the sections: verdict, corrections, completeness, notes, citations."""
    c = draft.completeness
    out = ["## 核验与出处", "", f"- 规则核验：{verdict_label(draft.verdict)}"]
    out += [f"- 不符合：{v.message}" + (f"（原文：“{v.quote}”）" if v.quote else "") for v in draft.violations]
    out.append(f"- 完整性检查：{'完整' if c.complete else '不完整'}（共{c.sections}节）")
    out += [f"  - 缺少：{m}" for m in c.missing]
    out += [f"- 已更正：“{x.original}” → “{x.corrected or '（删除）'}”（{x.message or ''}）" for x in draft.corrections]
    out += [f"- 说明：{n}" for n in draft.notes]
    if draft.citations:
        out += ["", "### 引用", ""]
        out += [f"[{c.n}] 《{c.title}》{(' ' + c.section) if c.section else ''}：“{c.quote}”"
                for c in draft.citations]
    return out + [""]


def to_markdown(draft: Draft) -> str:
    """The whole draft as Markdown: title, sections (with the process table), checks and citations."""
    draft = with_completeness(draft)
    lines = [f"# {draft.title}", ""]
    for section in draft.sections:
        lines += _md_section(section, draft)
    return "\n".join(lines + _tail(draft))


def _east_asian(style, font: str) -> None:
    """Set the style's fonts, including w:eastAsia, and drop theme fonts that would override them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style.font.name = font
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def _styles(doc) -> None:
    _east_asian(doc.styles["Normal"], BODY_FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        _east_asian(doc.styles[name], HEADING_FONT)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)


def _table(doc, draft: Draft) -> None:
    table = doc.add_table(rows=1, cols=len(PROCESS_HEADER))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, PROCESS_HEADER):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for row in draft.process:
        for cell, text in zip(table.add_row().cells, row.cells()):
            cell.text = safe_cell(text)


def _paragraphs(doc, text: str, style: str | None = None) -> None:
    for line in text.splitlines():
        if line.strip():
            doc.add_paragraph(_XML_ILLEGAL.sub("", line), style=style)


def _docx_section(doc, section: Section, draft: Draft) -> None:
    doc.add_heading(_XML_ILLEGAL.sub("", section.heading), level=min(section.level, 4))
    if section.source in ("规范", "项目默认") and section.level >= 2:
        doc.add_paragraph(f"要求来源：{_SOURCE[section.source]}")
    _paragraphs(doc, section.body)
    if section.table:
        _table(doc, draft)
    if section.prompts:
        doc.add_paragraph().add_run("思考提示").bold = True
        _paragraphs(doc, "\n".join(section.prompts), style="List Bullet")
    if section.indicators:
        doc.add_paragraph().add_run("对应评价指标（项目默认措辞）").bold = True
        _paragraphs(doc, "\n".join(line[2:] for line in _indicator_lines(section)), style="List Bullet")


def _a4(doc) -> None:
    """A4 paper with the margins of Chinese official documents (GB/T 9704: 37/35/28/26 mm), not US Letter."""
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _modern(doc) -> None:
    """Word 2013+ layout (compatibilityMode 15): Word and WPS open it without “兼容模式”."""
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word, WPS and LibreOffice fill in when they lay the page out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        elif text == code:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {code} "
        else:
            node = OxmlElement("w:t")
            node.text = text
        run._r.append(node)


def _page_numbers(doc) -> None:
    """第 X 页 共 Y 页, centred in every page's footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in doc.sections:
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("第 ")
        _field(p, "PAGE")
        p.add_run(" 页 共 ")
        _field(p, "NUMPAGES")
        p.add_run(" 页")


# The lines a teacher fills in by hand or on screen; known values are printed, the rest left blank.
_FIELDS = (("学校", None), ("教师", None), ("学科", "subject"), ("年级", "grade"), ("课题", "topic"),
           ("日期", None))


def _fill_in(doc, draft: Draft) -> None:
    """A two-column table of 学校/教师/学科/年级/课题/日期 under the title (school plans: 学校 and 日期 only)."""
    fields = _FIELDS if draft.kind != "school_plan" else (("学校", None), ("日期", None))
    rows = [fields[i:i + 2] for i in range(0, len(fields), 2)]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = doc.styles["Table Grid"]
    blank = "　" * 8
    for r, pair in zip(table.rows, rows):
        for i, (label, key) in enumerate(pair):
            r.cells[2 * i].text = label
            value = draft.meta.get(key) if key else None
            r.cells[2 * i + 1].text = safe_cell(str(value)) if value else blank


def _document(draft: Draft):
    import docx

    draft = with_completeness(draft)
    doc = docx.Document()
    _a4(doc)
    _modern(doc)
    _styles(doc)
    _page_numbers(doc)
    doc.core_properties.title = draft.title[:250]
    doc.add_heading(_XML_ILLEGAL.sub("", draft.title), level=0)
    _fill_in(doc, draft)
    for section in draft.sections:
        _docx_section(doc, section, draft)
    tail = _tail(draft)
    doc.add_heading(tail[0].lstrip("# "), level=1)
    for line in tail[1:]:
        if line.startswith("### "):
            doc.add_heading(line[4:], level=2)
        elif line.strip():
            _paragraphs(doc, re.sub(r"^\s*- ", "", line))
    return doc


def to_docx(draft: Draft, path: Path | str) -> Path:
    """Write the draft as a .docx file and return its path."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise ValueError(f"导出文件须以 .docx 结尾：{path.name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    _document(draft).save(str(path))
    return path


def docx_bytes(draft: Draft) -> bytes:
    """The .docx file's bytes (for an API response)."""
    from io import BytesIO

    buffer = BytesIO()
    _document(draft).save(buffer)
    return buffer.getvalue()
