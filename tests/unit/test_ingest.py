import pytest

from assistant.corpus import CorpusError, load_documents
from assistant.corpus.ingest import add_document, extract_text

TEXT = "南京市提升工程2.0校本研修安排\n一、总体要求\n各校于9月底前完成校本研修方案备案，每位教师选择3个微能力点。\n"


def _pdf_bytes(line: str) -> bytes:
    """A minimal one-page PDF with one line of ASCII text (pypdf reads it back)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def _write(tmp_path, suffix):
    path = tmp_path / f"upload{suffix}"
    if suffix in (".txt", ".md"):
        path.write_text(TEXT, encoding="utf-8")
    elif suffix == ".docx":
        from docx import Document

        d = Document()
        for line in TEXT.splitlines():
            d.add_paragraph(line)
        table = d.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "线上"
        table.rows[0].cells[1].text = "25学时"
        d.save(path)
    else:
        path.write_bytes(_pdf_bytes("School plan: every teacher completes fifty hours of training."))
    return path


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".pdf"])
def test_each_supported_format_is_extracted(tmp_path, suffix):
    text = extract_text(_write(tmp_path, suffix))
    if suffix == ".pdf":
        assert "fifty hours" in text
    else:
        assert "校本研修方案备案" in text
    if suffix == ".docx":
        assert "25学时" in text  # tables are read too


def test_add_document_appends_to_manifest_and_keeps_comments(corpus_copy, tmp_path):
    policies = corpus_copy / "policies"
    before = (policies / "manifest.yaml").read_text(encoding="utf-8")
    doc = add_document(policies, _write(tmp_path, ".docx"), "江苏", "2.0", "city", title="南京市校本研修安排",
                       doc_id="nanjing-2.0-school")
    after = (policies / "manifest.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and the seed entries are untouched
    ids = [d.id for d in load_documents(policies)]
    assert ids[-1] == "nanjing-2.0-school" and doc.title == "南京市校本研修安排"
    assert "校本研修方案备案" in (policies / "nanjing-2.0-school.txt").read_text(encoding="utf-8")


BAD = [
    ("empty.txt", b"", "没有可用的文字内容"),
    ("spaces.md", "   \n\n  ".encode(), "没有可用的文字内容"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "无法读取"),
    ("broken.pdf", b"%PDF-1.4 garbage", "无法读取"),
    ("image.png", b"\x89PNG", "不支持的文件类型"),
    ("latin1.txt", bytes([0xFF, 0xFE, 0xFA]) * 20, "编码"),
]


@pytest.mark.parametrize("name,data,message", BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_refused_and_the_corpus_is_unchanged(corpus_copy, tmp_path, name, data, message):
    policies = corpus_copy / "policies"
    snapshot = {p.name: p.read_bytes() for p in policies.iterdir()}
    bad = tmp_path / name
    bad.write_bytes(data)
    with pytest.raises(CorpusError, match=message):
        add_document(policies, bad, "北京", "2.0", "provincial")
    assert {p.name: p.read_bytes() for p in policies.iterdir()} == snapshot


def test_missing_file_and_duplicate_id_are_refused(corpus_copy, tmp_path):
    policies = corpus_copy / "policies"
    with pytest.raises(CorpusError, match="不存在"):
        add_document(policies, tmp_path / "nope.txt", "北京", "2.0", "provincial")
    with pytest.raises(CorpusError, match="已存在"):
        add_document(policies, _write(tmp_path, ".txt"), "北京", "2.0", "provincial", doc_id="beijing-2.0-guidance")
