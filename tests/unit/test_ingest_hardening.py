"""Ingest under stress: concurrent writers all land, odd encodings are read or refused (never mojibake),
decompression bombs and paragraph floods are refused before they cost memory, a full disk changes nothing,
and a region must be named exactly."""

from __future__ import annotations

import errno
import multiprocessing
import os
import zipfile
from pathlib import Path

import pytest
import yaml

from assistant.corpus import ingest
from assistant.corpus.errors import CorpusError
from assistant.rules.jurisdiction import default_gazetteer

TEXT = "南京市补充通知：全市教师须在12月底前完成校本应用考核，考核结果录入管理系统。"


@pytest.fixture
def policies(corpus_copy) -> Path:
    return corpus_copy / "policies"


def _ids(policies: Path) -> set[str]:
    return {d["id"] for d in yaml.safe_load((policies / "manifest.yaml").read_text(encoding="utf-8"))["documents"]}


def _one(args):
    policies, path, doc_id = args
    ingest.add_document(Path(policies), Path(path), "江苏省南京市", "2.0", "city", doc_id=doc_id)
    return doc_id


def test_concurrent_ingests_all_land(policies, tmp_path):
    jobs = []
    for i in range(8):
        f = tmp_path / f"n{i}.txt"
        f.write_text(f"{TEXT}（第{i}份）", encoding="utf-8")
        jobs.append((str(policies), str(f), f"user-concurrent-{i}"))
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        done = pool.map(_one, jobs, chunksize=1)
    assert set(done) <= _ids(policies) and len(done) == 8
    assert all((policies / f"{d}.txt").is_file() for d in done)


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16"])
def test_other_encodings_are_read_as_written(tmp_path, encoding):
    text = "南京市補充通知：全市教師須在十二月底前完成校本應用考核，考核結果錄入管理系統。" * 3
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode(encoding))
    assert ingest.extract_text(path) == text


def test_bytes_that_are_no_text_are_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(128, 256)) * 40)
    with pytest.raises(CorpusError, match="编码"):
        ingest.extract_text(path)


def test_a_decompression_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (ingest.MAX_DOCX_UNPACKED + 1_000_000))
    assert path.stat().st_size < 200_000
    with pytest.raises(CorpusError, match="解压后过大"):
        ingest.extract_text(path)


def test_a_paragraph_flood_is_refused(tmp_path, monkeypatch):
    from docx import Document

    monkeypatch.setattr(ingest, "MAX_PARAGRAPHS", 50)
    doc = Document()
    for i in range(60):
        doc.add_paragraph(f"第{i}段")
    path = tmp_path / "many.docx"
    doc.save(str(path))
    with pytest.raises(CorpusError, match="段落过多"):
        ingest.extract_text(path)


def test_a_full_disk_changes_nothing(policies, tmp_path, monkeypatch):
    source = tmp_path / "n.txt"
    source.write_text(TEXT, encoding="utf-8")
    before = (policies / "manifest.yaml").read_bytes()
    files = set(os.listdir(policies))
    real = os.replace

    def full(src, dst):
        if str(dst).endswith("manifest.yaml"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(ingest.os, "replace", full)
    with pytest.raises(CorpusError, match="磁盘已满"):
        ingest.add_document(policies, source, "江苏省南京市", "2.0", "city", doc_id="user-full-disk")
    assert (policies / "manifest.yaml").read_bytes() == before
    assert set(os.listdir(policies)) - {".manifest.lock"} == files - {".manifest.lock"}  # no text, no .tmp left


@pytest.mark.parametrize("name", ["北京", "北京市", "北京市海淀区", "海淀区", "瓦房店", "南京", "江苏省南京市", "全国"])
def test_exact_region_names_resolve(name):
    assert default_gazetteer().resolve_exact(name).known


@pytest.mark.parametrize("name", ["北京xyz", "上海北京", '北京"; rm -rf / #', "", "火星"])
def test_anything_else_is_refused_with_what_was_recognised(name):
    with pytest.raises(ValueError, match="无法准确识别地区"):
        default_gazetteer().resolve_exact(name)


def test_a_paragraph_flood_is_counted_before_it_is_parsed(tmp_path, monkeypatch):
    """2.5 million empty paragraphs in a few hundred KB: refused from the raw XML, without python-docx."""
    import time

    path = tmp_path / "flood.docx"
    body = b"<w:p/>" * 2_500_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"<w:document><w:body>" + body + b"</w:body></w:document>")
    monkeypatch.setattr("docx.Document", lambda *_a, **_k: pytest.fail("parsed before counting"))
    started = time.monotonic()
    with pytest.raises(CorpusError, match="段落过多"):
        ingest.extract_text(path)
    assert time.monotonic() - started < 10


def test_a_pdf_with_too_many_pages_is_refused(tmp_path, monkeypatch):
    from pypdf import PdfWriter

    monkeypatch.setattr(ingest, "MAX_PDF_PAGES", 20)
    writer = PdfWriter()
    for _ in range(21):
        writer.add_blank_page(width=200, height=200)
    path = tmp_path / "long.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(CorpusError, match="页数过多"):
        ingest.extract_text(path)


def test_extraction_past_its_time_budget_is_stopped(tmp_path, monkeypatch):
    import time

    monkeypatch.setattr(ingest, "EXTRACT_SECONDS", 1.0)
    from tests.unit.slow_parser import slow

    monkeypatch.setattr(ingest, "_docx_text", slow)
    path = tmp_path / "slow.docx"
    path.write_bytes(b"PK")
    started = time.monotonic()
    with pytest.raises(CorpusError, match="读取超时"):
        ingest.extract_text(path)
    assert time.monotonic() - started < 10
