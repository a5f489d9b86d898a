"""Pages read by pdfium give what pages read by pdfminer give.

`extract/readers/pdfium_page.py` builds pdfplumber's objects from pdfium instead of pdfminer. On
real pages chosen for what pdfium's text layer handles differently (runs of spaces, spaces printed
as objects of their own, a figure followed by a space in every cell, a hyphen pdfium takes for a
line-end hyphen, a font the PDF does not embed, text objects it leaves out as blank or as repeats,
text set rotated on a turned page), both sources must give the same characters, the same ruling,
and the same tables with the same cell texts. Boxes agree within a quarter point
(pdfium computes in single precision; for a few fonts its widths differ by a hair).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from extract.readers import pdf as pdf_reader
from extract.readers.pdfium_page import PdfiumPage, with_pdfium

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "corpus" / "real"
WIDE = ROOT.parent / "shared" / "corpus" / "wide"

PAGES = [  # (file, 1-based page, what it exercises)
    (REAL / "dept_budget_shpt_sfj_2026.pdf", 2, "contents page: spaces printed as objects of their own"),
    (REAL / "dept_budget_shpt_sfj_2026.pdf", 6, "prose: a space after a colon and after a list number"),
    (REAL / "dept_budget_shpt_sfj_2026.pdf", 10, "ruled grid: a trailing space after every figure"),
    (REAL / "上海市审计局_2026单位预算.pdf", 11, "ruled grid, one text object per character"),
    (REAL / "广州市统计局_2026部门预算.pdf", 22, "a hyphen pdfium marks as a line-end hyphen"),
    (WIDE / "北京_商务局_2026年部门预算.pdf", 20, "合    计: a run of spaces pdfium folds into one"),
    (ROOT / "samples" / "seed002_budget_hrules.pdf", 3, "rules only, a font the PDF does not embed"),
    # Pages pdfium's text layer leaves text objects out of, or sets text rotated on:
    (REAL / "西安市发改委_2019部门综合预算.pdf", 5, "spaces of a Latin font the PDF does not embed, left out"),
    (WIDE / "福州_科技创新局_2026年部门预算.pdf", 39, "ruled grid, spaces of a Latin font not embedded, left out"),
    (REAL / "重庆市气象局_2026部门预算.pdf", 2, "blank glyphs printed over characters, left out"),
    (WIDE / "惠州_民政局_2026年部门预算.pdf", 1, "text objects printed twice (stroked, then filled)"),
    (WIDE / "烟台_交通运输局_2026年部门预算.pdf", 9, "a table set rotated on a page turned by /Rotate"),
    (WIDE / "福州_科技创新局_2026年部门预算.pdf", 4, "spaces at the end of a text object, word-spaced"),
    (REAL / "泉州市政府办公室_2026部门预算.pdf", 2, "spaces at the end of a text object, letter-spaced"),
]


def _pages(path: Path, number: int):
    plain = pdfplumber.open(str(path))
    document = pypdfium2.PdfDocument(str(path))
    return plain, plain.pages[number - 1], PdfiumPage(plain.pages[number - 1], document)


@pytest.mark.parametrize("path,number,why", PAGES, ids=[f"{p.stem[:12]}-p{n}" for p, n, _ in PAGES])
def test_same_objects_and_tables(path, number, why):
    assert path.exists(), f"missing test document {path}"
    plain, pdfminer_page, pdfium_page = _pages(path, number)
    with plain:
        assert Counter(c["text"] for c in pdfium_page.chars) == Counter(c["text"] for c in pdfminer_page.chars)
        assert pdfium_page.source == "pdfium", why  # not a fallback to pdfminer

        def boxes(page):
            return sorted((c["text"], round(c["top"]), round(c["x0"]), c["x0"], c["x1"], c["top"], c["bottom"]) for c in page.chars)

        for a, b in zip(boxes(pdfminer_page), boxes(pdfium_page)):
            assert a[0] == b[0] and max(abs(x - y) for x, y in zip(a[3:], b[3:])) < 0.25, (why, a, b)

        def edges(page):
            return sorted((e["orientation"] or "", round(e["top"]), round(e["x0"]), e["x0"], e["x1"], e["top"], e["bottom"]) for e in page.edges)

        assert len(edges(pdfminer_page)) == len(edges(pdfium_page))
        for a, b in zip(edges(pdfminer_page), edges(pdfium_page)):
            assert a[0] == b[0] and max(abs(x - y) for x, y in zip(a[3:], b[3:])) < 0.25, (why, a, b)

        # Our reading of the page: same tables, same cells, same text around them.
        assert pdf_reader._read_page(pdfium_page, number, {}) == pdf_reader._read_page(pdfminer_page, number, {}), why


def test_pdfminer_can_be_forced(monkeypatch):
    path = REAL / "上海市审计局_2026单位预算.pdf"
    with pdfplumber.open(str(path)) as plain:
        assert all(isinstance(p, PdfiumPage) for p in with_pdfium(list(plain.pages), str(path)))
        monkeypatch.setenv("BW_PDF_SOURCE", "pdfminer")
        assert not any(isinstance(p, PdfiumPage) for p in with_pdfium(list(plain.pages), str(path)))


def test_a_page_pdfium_cannot_reproduce_is_read_by_pdfminer():
    """A left-out text object of a font the PDF does not embed may be any text: pdfminer reads it."""
    path = ROOT / "samples" / "seed002_budget_hrules.pdf"
    plain, pdfminer_page, pdfium_page = _pages(path, 9)
    with plain:
        assert [c["text"] for c in pdfium_page.chars] == [c["text"] for c in pdfminer_page.chars]
        assert pdfium_page.source == "pdfminer"
