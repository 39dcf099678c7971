"""The exported Word file as a school opens it: Word 2013+ layout (no 兼容模式), A4, fill-in fields, page numbers,
rendered by LibreOffice Writer (Debian's libreoffice-writer-nogui) to PDF and then to page images
(tests/artifacts/12-docx-page-*.png, looked at)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from assistant.drafting import Drafter
    from assistant.drafting.export import to_docx
    from assistant.rules import RuleEngine

    drafter = Drafter.load(CORPUS, RuleEngine.load(CORPUS))
    draft = drafter.design(["A1", "B2"], "物理", "初中二年级", "浮力", region="北京")
    return to_docx(draft, tmp_path_factory.mktemp("docx") / "浮力设计方案.docx")


def test_the_xml_asks_for_no_compatibility_mode_and_numbers_its_pages(exported):
    with zipfile.ZipFile(exported) as z:
        settings = z.read("word/settings.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
        footers = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer"))
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert 'w:w="11906"' in document and 'w:h="16838"' in document  # A4 in twentieths of a point
    assert "PAGE" in footers and "NUMPAGES" in footers
    for label in ("学校", "教师", "学科", "年级", "课题", "日期"):
        assert f"<w:t>{label}</w:t>" in document


def test_libreoffice_lays_it_out_on_a4_pages_with_page_numbers(exported, tmp_path):
    if not Path(SOFFICE).exists():
        pytest.fail("没有找到 LibreOffice（soffice）。请运行 `make test`（会安装 libreoffice-writer-nogui）。")
    import pypdf
    import pypdfium2 as pdfium

    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(exported)],
                          capture_output=True, text=True, timeout=180)
    pdf_path = tmp_path / (exported.stem + ".pdf")
    assert pdf_path.exists(), done.stderr
    reader = pypdf.PdfReader(str(pdf_path))
    assert len(reader.pages) >= 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4, not US Letter (612 × 792)
    first = re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert "第1页" in first and f"共{len(reader.pages)}页" in first and "物理" in first
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(str(pdf_path))
    for i in (0, len(pdf) - 1):
        pdf[i].render(scale=1.2).to_pil().save(ARTIFACTS / f"12-docx-page-{i + 1}.png")
