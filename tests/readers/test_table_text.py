"""Cell text read on one line gives what pdfplumber's `extract_text` gives.

`extract/readers/table_text.one_line_text` answers for cells whose characters are upright and on
one line, without pdfplumber's clustering; every other cell goes through pdfplumber. Both must
give the same text: on every cell of real ruled pages, and on made-up cells that exercise each
rule (word breaks at a gap or a blank, characters out of order, ligatures, two lines).
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfplumber import utils

from extract.readers.pdfium_page import with_pdfium
from extract.readers.table_finder import find_tables
from extract.readers.table_text import one_line_text

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "corpus" / "real"
WIDE = ROOT.parent / "shared" / "corpus" / "wide"
LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

PAGES = [
    (REAL / "dept_budget_shpt_sfj_2026.pdf", 10),  # ruled grid, a trailing space after every figure
    (REAL / "上海市审计局_2026单位预算.pdf", 11),  # one text object per character
    (WIDE / "北京_商务局_2026年部门预算.pdf", 20),  # 合    计: runs of spaces inside a cell
    (WIDE / "烟台_交通运输局_2026年部门预算.pdf", 9),  # a table set rotated on a turned page
]


@pytest.mark.parametrize("path,number", PAGES, ids=[f"{p.stem[:12]}-p{n}" for p, n in PAGES])
def test_every_cell_of_a_ruled_page(path, number):
    assert path.exists(), f"missing test document {path}"
    with pdfplumber.open(str(path)) as pdf:
        page = with_pdfium([pdf.pages[number - 1]], str(path))[0]
        answered = 0
        for table in find_tables(page, LINES):
            for cell in table.cells:
                chars = [c for c in page.chars if utils.get_bbox_overlap(utils.obj_to_bbox(c), cell) is not None]
                if not chars:
                    continue
                text = one_line_text(chars, 1.5)
                if text is not None:
                    answered += 1
                    assert text == utils.extract_text(chars, x_tolerance=1.5), cell
        assert answered > 10


def _char(text: str, x0: float, top: float = 100.0, width: float = 5.0, upright: bool = True) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10, "doctop": top,
            "upright": upright, "height": 10.0, "width": width, "size": 10.0}


CELLS = [
    [_char("1", 10), _char("2", 15), _char(".", 20), _char("5", 25)],  # one word
    [_char("合", 10), _char("计", 40)],  # a gap wider than the tolerance: two words
    [_char("A", 10), _char(" ", 15), _char("B", 20)],  # a blank parts words
    [_char(" ", 5), _char("A", 10), _char(" ", 15), _char(" ", 20)],  # blanks at both ends
    [_char("b", 15), _char("a", 10), _char("c", 20)],  # printed out of order
    [_char("ﬁ", 10), _char("x", 15)],  # a ligature is expanded
    [_char("x", 10, top=100), _char("y", 15, top=102.5)],  # tops within the tolerance: one line
    [_char("x", 10), _char("y", 16.4)],  # a gap of exactly the tolerance stays one word
    [_char("x", 10), _char("y", 8)],  # overlapping: starts left of the previous character
    [_char(" ", 10)],  # nothing but a blank
]


@pytest.mark.parametrize("chars", CELLS)
def test_made_up_cells(chars):
    text = one_line_text(chars, 1.5)
    assert text is not None and text == utils.extract_text(chars, x_tolerance=1.5)


def test_two_lines_or_rotated_text_go_to_pdfplumber():
    assert one_line_text([_char("x", 10, top=100), _char("y", 10, top=112)], 1.5) is None
    assert one_line_text([_char("x", 10, upright=False), _char("y", 15, upright=False)], 1.5) is None
