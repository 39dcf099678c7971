"""Reading a teacher's own draft: pasted text, or a .docx/.md/.txt file, as Markdown-like text.

A .docx keeps its structure: headings become '#' lines and tables '|' rows, so one parser reads all three.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

__all__ = ["read_draft", "docx_text", "MAX_DRAFT_CHARS", "MAX_FILE_BYTES", "SUFFIXES"]

MAX_DRAFT_CHARS = 60_000
MAX_FILE_BYTES = 10 * 1024 * 1024
SUFFIXES = (".docx", ".md", ".markdown", ".txt")


def _heading_level(style_name: str) -> int | None:
    """'Heading 2' / '标题 2' → 2; 'Title' / '标题' → 1; anything else → None."""
    name = (style_name or "").strip()
    for prefix in ("Heading", "heading", "标题"):
        if name.startswith(prefix):
            rest = name[len(prefix):].strip()
            if rest.isdigit():
                return int(rest)
            if not rest:
                return 1
    return 1 if name in ("Title", "title") else None


def docx_text(data: bytes) -> str:
    """A .docx's paragraphs (headings as '#' lines) and tables (as '|' rows) in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(data))
    except Exception as e:  # noqa: BLE001 - zip, package and XML errors all mean the same to a teacher
        raise ValueError("无法读取 .docx 文件：文件已损坏或不是 Word 文档") from e
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            level = _heading_level(paragraph.style.name if paragraph.style is not None else "")
            lines.append(f"{'#' * min(level, 6)} {text}" if level else text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [c.text.replace("\n", " ").strip() for c in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Chinese Windows Notepad often saves)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别文件编码，请另存为 UTF-8 文本或 .docx")


def _looks_like_path(source: str) -> bool:
    return "\n" not in source and len(source) < 500 and source.strip().lower().endswith(SUFFIXES)


def read_draft(source: str | Path | bytes, filename: str | None = None) -> str:
    """The draft's text: a Path (or path-like str) read by suffix, bytes by `filename`, else pasted text."""
    if isinstance(source, bytes):
        suffix = Path(filename or "draft.docx").suffix.lower()
        if len(source) > MAX_FILE_BYTES:
            raise ValueError("文件过大（不超过10MB）")
        text = docx_text(source) if suffix == ".docx" else _decode(source)
    elif isinstance(source, Path) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source).expanduser()
        if path.suffix.lower() not in SUFFIXES:
            raise ValueError(f"不支持的文件类型：{path.suffix}（可用 .docx、.md、.txt）")
        if not path.is_file():
            raise ValueError(f"找不到文件：{path}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError("文件过大（不超过10MB）")
        data = path.read_bytes()
        text = docx_text(data) if path.suffix.lower() == ".docx" else _decode(data)
    else:
        text = str(source or "")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValueError("草稿内容为空，请粘贴文字或提供 .docx/.md/.txt 文件")
    if len(text) > MAX_DRAFT_CHARS:
        raise ValueError(f"草稿过长（不超过{MAX_DRAFT_CHARS}字）")
    return text
