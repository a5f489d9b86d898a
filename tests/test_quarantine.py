"""Bad input ends as a quarantined document with a reason a person understands — never a crash."""
import io
import zipfile

import pytest

from conftest import CORPUS, SAMPLES
from extract.pipeline import extract_document, extract_isolated


def write(path, data: bytes):
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def store(tmp_path):
    return str(tmp_path / "store")


def test_empty_file(tmp_path, store):
    result = extract_document(write(tmp_path / "empty.pdf", b""), store)
    assert (result.status, result.reason_code) == ("quarantined", "empty_file")


@pytest.mark.corpus
def test_html_saved_as_pdf(store):
    result = extract_document(str(CORPUS / "重庆市财政局_2026_actually_HTML_not_pdf.pdf"), store)
    assert (result.status, result.reason_code) == ("quarantined", "html_not_pdf")


@pytest.mark.corpus
def test_scanned_pdf_without_text_layer(store):
    result = extract_document(str(CORPUS / "长沙_公安局交警_2026_SCANNED.pdf"), store)
    assert (result.status, result.reason_code) == ("quarantined", "no_text_layer")
    assert "OCR" in result.reason


def test_truncated_pdf(tmp_path, store):
    data = (SAMPLES / "seed002_budget_grid.pdf").read_bytes()
    result = extract_document(write(tmp_path / "cut.pdf", data[: len(data) // 3]), store)
    assert result.status == "quarantined" and result.reason_code in ("corrupt", "no_recognised_form")


def test_unsupported_type(tmp_path, store):
    result = extract_document(write(tmp_path / "picture.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), store)
    assert (result.status, result.reason_code) == ("quarantined", "unsupported_type")


def test_decompression_bomb(tmp_path, store):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    result = extract_document(write(tmp_path / "bomb.xlsx", buffer.getvalue()), store)
    assert (result.status, result.reason_code) == ("quarantined", "archive_bomb")


def test_no_recognisable_form(tmp_path, store):
    result = extract_document(write(tmp_path / "notes.txt", "会议纪要\n今天讨论了预算编制工作。\n".encode()), store)
    assert (result.status, result.reason_code) == ("quarantined", "no_recognised_form")


def test_encrypted_pdf(tmp_path, store):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("user-secret", ownerPassword="owner"))
    c.drawString(100, 700, "2023 budget")
    c.save()
    result = extract_document(str(path), store)
    assert (result.status, result.reason_code) == ("quarantined", "encrypted")
    assert "password" in result.reason


def test_memory_limit_quarantines_instead_of_killing_the_run(store):
    result = extract_isolated(str(SAMPLES / "seed002_budget.txt"), store, memory_mb=120)
    assert (result.status, result.reason_code) == ("quarantined", "out_of_memory")


def test_time_limit_quarantines_instead_of_hanging(store):
    result = extract_isolated(str(SAMPLES / "seed002_budget_grid.pdf"), store, timeout=0.01)
    assert (result.status, result.reason_code) == ("quarantined", "timeout")
