"""Adding a trainer's own document (.txt, .md, .docx, .pdf) to the corpus, all or nothing."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.corpus.documents import MANIFEST, load_documents
from assistant.corpus.errors import CorpusError, describe_validation
from assistant.types import Document

__all__ = ["SUFFIXES", "extract_text", "add_document", "corpus_lock", "write_atomic", "MAX_TEXT_CHARS"]

SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_TEXT_CHARS = 2_000_000
MIN_TEXT_CHARS = 20
MAX_DOCX_UNPACKED = 50_000_000
MAX_PARAGRAPHS = 50_000
MAX_PDF_PAGES = 500
EXTRACT_SECONDS = 60.0
MAX_CHAOS = 0.2
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEVEL_BY_DEPTH = {1: "national", 2: "provincial", 3: "city", 4: "county"}


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8, or the encoding charset-normalizer is confident of (GB18030, Big5…); a guess is refused, never
    stored as mojibake."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.chaos > MAX_CHAOS or not _CJK.search(str(best)):
        raise CorpusError(f"{path}: 无法可靠识别文本编码（请另存为 UTF-8 后再添加）")
    return str(best)


def _docx_text(path: Path, max_unpacked: int = MAX_DOCX_UNPACKED, max_paragraphs: int = MAX_PARAGRAPHS) -> str:
    import zipfile

    from docx import Document as Docx

    with zipfile.ZipFile(path) as z:  # a small file that unpacks to gigabytes is refused before parsing
        unpacked = sum(i.file_size for i in z.infolist())
        if unpacked > max_unpacked:
            raise CorpusError(f"{path}: 解压后过大（{unpacked // 1_000_000} MB，上限 {max_unpacked // 1_000_000} MB）")
        paragraphs = _count_paragraphs(z) if "word/document.xml" in z.namelist() else 0
    if paragraphs > max_paragraphs:  # counted on the raw XML, before the parser builds millions of objects
        raise CorpusError(f"{path}: 段落过多（{paragraphs} 段，上限 {max_paragraphs} 段）")
    doc = Docx(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _child(fn, path: Path, kwargs: dict, conn) -> None:
    try:
        conn.send(("ok", fn(path, **kwargs)))
    except CorpusError as e:
        conn.send(("corpus", str(e)))
    except Exception as e:  # noqa: BLE001 - the parent turns it into one clear message
        conn.send(("error", type(e).__name__))
    finally:
        conn.close()


def _with_budget(fn, path: Path, seconds: float, **kwargs) -> str:
    """fn(path) in a child process that is killed when it runs past `seconds`. The child is spawned, not forked:
    a fork of a process with threads (a server, a test run) can inherit a lock held by another thread."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, path, kwargs, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise CorpusError(f"{path}: 读取超时（超过 {seconds:g} 秒），文件可能过于复杂或已损坏")
        kind, value = parent.recv()
    except EOFError:
        kind, value = "error", "子进程意外退出"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if kind == "ok":
        return value
    if kind == "corpus":
        raise CorpusError(value)
    raise CorpusError(f"{path}: 文件已损坏或格式不符，无法读取（{value}）")


def _count_paragraphs(z) -> int:
    """Paragraph elements in word/document.xml, read in pieces (bounded memory)."""
    count, tail = 0, b""
    with z.open("word/document.xml") as f:
        while chunk := f.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<w:p>") + data.count(b"<w:p ") + data.count(b"<w:p/>")
            tail = data[-6:]
            count -= tail.count(b"<w:p>") + tail.count(b"<w:p ") + tail.count(b"<w:p/>")
    return count + tail.count(b"<w:p>") + tail.count(b"<w:p ") + tail.count(b"<w:p/>")


def _pdf_text(path: Path, max_pages: int = MAX_PDF_PAGES) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise CorpusError(f"{path}: PDF 已加密，无法读取")
    if len(reader.pages) > max_pages:
        raise CorpusError(f"{path}: 页数过多（{len(reader.pages)} 页，上限 {max_pages} 页）")
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def extract_text(path: Path) -> str:
    """The plain text of a supported file; anything unreadable raises CorpusError naming the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(f"{path}: 不支持的文件类型 {suffix or '(无扩展名)'}，仅支持 {'、'.join(SUFFIXES)}")
    if not path.is_file():
        raise CorpusError(f"{path}: 文件不存在")
    try:
        if suffix in (".txt", ".md"):
            text = _decode(path.read_bytes(), path)
        elif suffix == ".docx":  # parsers of crafted files can run long: they get a time budget in a child
            text = _with_budget(_docx_text, path, EXTRACT_SECONDS, max_unpacked=MAX_DOCX_UNPACKED,
                                max_paragraphs=MAX_PARAGRAPHS)
        else:
            text = _with_budget(_pdf_text, path, EXTRACT_SECONDS, max_pages=MAX_PDF_PAGES)
    except CorpusError:
        raise
    except Exception as e:  # noqa: BLE001 - every parser failure becomes one clear message
        raise CorpusError(f"{path}: 文件已损坏或格式不符，无法读取（{type(e).__name__}）") from e
    text = text.replace("\r\n", "\n").replace("\x00", "")
    if len(re.sub(r"\s", "", text)) < MIN_TEXT_CHARS:
        raise CorpusError(f"{path}: 没有可用的文字内容（扫描版 PDF 需先做文字识别）")
    if len(text) > MAX_TEXT_CHARS:
        raise CorpusError(f"{path}: 文本过长（{len(text)} 字），上限 {MAX_TEXT_CHARS} 字")
    return text


def write_atomic(path: Path, data: str) -> None:
    """Write to a temp file, sync, then rename over the target; on any I/O error (a full disk) the temp file
    is removed and the target is untouched."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise CorpusError(f"写入 {path.name} 失败（{e.strerror or type(e).__name__}：磁盘已满或没有写权限？），语料未改动") from e


def add_document(
    policies_dir: Path,
    source: Path,
    region: str,
    program: str,
    level: str,
    title: str | None = None,
    doc_id: str | None = None,
    issuer: str | None = None,
    doc_no: str | None = None,
    date: str | None = None,
) -> Document:
    """Extract, validate, then write the text and the manifest entry; on any error nothing changes. Writers
    take the corpus lock, so concurrent ingests each land (acknowledged means present)."""
    source = Path(source)
    text = extract_text(source)
    with corpus_lock(policies_dir):
        return _add_locked(policies_dir, source, text, region, program, level, title, doc_id, issuer, doc_no, date)


def corpus_lock(policies_dir: Path):
    """The lock every writer of the corpus holds while it reads, changes and rewrites the manifest."""
    from filelock import FileLock

    return FileLock(str(Path(policies_dir) / ".manifest.lock"), timeout=120)


def _add_locked(policies_dir: Path, source: Path, text: str, region: str, program: str, level: str,
                title: str | None, doc_id: str | None, issuer: str | None, doc_no: str | None,
                date: str | None, supersedes: str | None = None) -> Document:
    existing = load_documents(policies_dir)
    if supersedes is not None:
        old = next((d for d in existing if d.id == supersedes), None)
        if old is None:
            raise CorpusError(f"要取代的文件不存在：{supersedes}（用 advisor documents list 查看文件编号）")
        if old.program != program:
            raise CorpusError(f"{supersedes} 是提升工程{old.program}的文件，不能被提升工程{program}的文件取代")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    doc_id = doc_id or f"user-{digest}"
    if not re.fullmatch(r"[a-z0-9][a-z0-9.\-]{2,63}", doc_id):
        raise CorpusError(f"文档 id 不合法：{doc_id}（小写字母、数字、点和连字符，3–64 位）")
    if any(d.id == doc_id for d in existing):
        raise CorpusError(f"文档 id 已存在：{doc_id}（同一文件不能重复添加；如需替换请指定新的 --id）")
    entry = {
        "id": doc_id,
        "file": f"{doc_id}.txt",
        "title": title or _title_of(text) or source.stem,
        "issuer": issuer,
        "doc_no": doc_no,
        "date": date,
        "region": region,
        "level": level,
        "program": program,
        "notes": f"由培训者添加，原文件 {source.name}",
        "origin": "ingested",
    }
    if supersedes is not None:
        entry["supersedes"] = supersedes
    try:
        doc = Document.model_validate(entry)
    except ValidationError as e:
        raise CorpusError(describe_validation(str(source), doc_id, e)) from e

    manifest = policies_dir / MANIFEST
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
    indented = "".join(f"  {line}\n" for line in block.splitlines())
    old = manifest.read_text(encoding="utf-8")
    new = old if old.endswith("\n") else old + "\n"
    new += indented
    parsed = yaml.safe_load(new)
    if not any(d.get("id") == doc_id for d in parsed.get("documents", [])):  # pragma: no cover - defensive
        raise CorpusError(f"{manifest}: 无法追加条目")
    # Text first, manifest last: until the manifest names it, the new file is not part of the corpus.
    write_atomic(policies_dir / doc.file, text)
    try:
        write_atomic(manifest, new)
    except CorpusError:
        (policies_dir / doc.file).unlink(missing_ok=True)  # no orphaned text when the manifest could not change
        raise
    return doc


_TITLE_WORDS = ("方案", "通知", "意见", "办法", "细则", "指南", "规划", "计划", "要求", "安排")


def _title_of(text: str) -> str | None:
    """A document's title from its first lines (a plan's name, a notice's heading), if one looks like a title."""
    for line in text.splitlines()[:6]:
        line = re.sub(r"^#+\s*", "", line).strip(" \t　*")
        line = re.sub(r"[（(](?:试行|暂行|征求意见稿|修订)[)）]$", "", line)
        if 6 <= len(line) <= 60 and line.endswith(_TITLE_WORDS) and not re.search(r"[。；;]", line):
            return line
    return None


def level_for_depth(depth: int) -> str:
    """national/provincial/city/county from how many steps the region is below 全国."""
    return _LEVEL_BY_DEPTH.get(depth, "county")
