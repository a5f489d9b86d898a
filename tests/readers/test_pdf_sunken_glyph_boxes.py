"""Characters whose box hangs below their baseline are seated as the page's other characters.

A character's box is sized from its font's declared descent (as pdfminer sizes it). 重庆's budgets set digits,
brackets and commas in a font (E-BZ) declaring a descent of 1033/1000 em: every such box lay 7.7 pt below the
glyph printed on the same baseline, so a bracket in an indicator's name was read as a line of its own
(观测系统传输及时率 国家地面站( ) and a figure under a header's "(%)" landed in the next row.
"""
from pathlib import Path

import pdfplumber
import pytest

from extract.readers import pdf as pdf_reader
from extract.readers.pdfium_page import with_pdfium

REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"


class _Page:
    def __init__(self, chars):
        self.chars = chars


def _char(text, size, descent_share):
    """A character on a baseline at y = 500 of an 842 pt page (PDF space), its box as pdfminer sizes it."""
    y0 = 500 + descent_share * size
    return {"text": text, "upright": True, "matrix": (1, 0, 0, 1, 0, 500.0), "y0": y0, "y1": y0 + size,
            "top": 842 - (y0 + size), "bottom": 842 - y0, "doctop": 842 + 842 - (y0 + size)}


def test_a_box_below_its_baseline_takes_the_offset_of_the_page_text():
    text = [_char(c, 10.29, -0.242) for c in "观测系统"]          # FZFSK: descent 242/1000
    bracket = _char("(", 10.29, -1.033)                          # E-BZ: descent 1033/1000
    page = _Page(text + [bracket])
    pdf_reader._seat_sunken_boxes(page)
    for key in ("y0", "y1", "top", "bottom", "doctop"):
        assert bracket[key] == pytest.approx(text[0][key]), key
    assert text[0]["y0"] == pytest.approx(500 - 0.242 * 10.29)   # the page's text is left as it was


def test_a_page_of_ordinary_fonts_is_left_as_it_is():
    chars = [_char(c, 9.0, -0.212) for c in "1,234.56"] + [_char(c, 9.0, -0.3) for c in "合计"]
    before = [dict(c) for c in chars]
    pdf_reader._seat_sunken_boxes(_Page(chars))
    assert chars == before


@pytest.mark.corpus
def test_chongqing_indicator_names_keep_their_brackets_and_weights_their_row():
    path = REAL / "重庆市气象局_2026部门预算.pdf"
    with pdfplumber.open(str(path)) as pdf:
        page = with_pdfium(list(pdf.pages), str(path))[21]
        tables, _ = pdf_reader._read_page(page, 22, {})
    rows = [[(c or "").replace(" ", "") for c in row] for t in tables for row in t.rows]
    assert rows[0][-1] == "指标权重(%)"
    assert [r[4:] for r in rows[1:]][:1] == [["气候预测准确率", "≥", "68", "%", "12"]]
    assert ["观测系统传输及时率(国家地面站)", "≥", "98", "%", "5"] in [r[4:] for r in rows]
    assert rows[1][2] == "4,902.34"
