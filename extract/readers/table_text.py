"""pdfplumber's `Table.extract`, with the characters of each row and cell found by bisection.

pdfplumber tests every character of the page against every row of a table (rows × characters),
and every character of a row against every cell of the row; on a page of a few hundred rows and
a thousand characters that was a large share of the reading time. This gives the same result
(same test on the same character midpoints, characters in the page's order) from an index of the
page's characters by vertical midpoint, built once per page, and of each row's by horizontal one.
"""
from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter

from pdfplumber import utils
from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE, LIGATURES


def extract_table(table, **kwargs) -> list[list[str | None]]:
    chars = table.page.chars
    v_mids, order, h_mids, v_of = _index(chars)
    rows = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        found = order[bisect_left(v_mids, top):bisect_left(v_mids, bottom)]
        # The row's characters by horizontal midpoint: each cell takes a slice, kept in page order.
        across = sorted((i for i in found if x0 <= h_mids[i] < x1), key=h_mids.__getitem__)
        across_mids = [h_mids[i] for i in across]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            inside = across[bisect_left(across_mids, cx0):bisect_left(across_mids, cx1)]
            cell_chars = [chars[i] for i in sorted(i for i in inside if ctop <= v_of[i] < cbottom)]
            if cell_chars:
                if "layout" in kwargs:
                    kwargs["layout_width"] = cx1 - cx0
                    kwargs["layout_height"] = cbottom - ctop
                    kwargs["layout_bbox"] = cell
                text = one_line_text(cell_chars, kwargs["x_tolerance"]) if kwargs.keys() == {"x_tolerance"} else None
                cells.append(utils.extract_text(cell_chars, **kwargs) if text is None else text)
            else:
                cells.append("")
        rows.append(cells)
    return rows


def one_line_text(chars: list[dict], x_tolerance: float) -> str | None:
    """`pdfplumber.utils.extract_text(chars, x_tolerance=x_tolerance)` when the characters are
    upright and on one line (their tops within pdfplumber's y tolerance: one line cluster), else
    None. Most cells hold one line; pdfplumber's general path (line clusters of characters, then
    of words, a text map) costs several times more for the same text. Same steps on one line: the
    characters by x0, a word broken at a blank or where pdfplumber breaks one
    (`WordExtractor.char_begins_new_word`), ligatures expanded, words joined by a space."""
    tops = [c["top"] for c in chars]
    if max(tops) > min(tops) + DEFAULT_Y_TOLERANCE:
        return None
    words: list[str] = []
    word: list[str] = []
    last = None  # the current word's last character
    for char in sorted(chars, key=itemgetter("x0")):
        text = char["text"]
        if not char["upright"] or not text:
            return None
        if text.isspace():
            if word:
                words.append("".join(word))
            word, last = [], None
            continue
        if last is not None and (char["x0"] < last["x0"] or char["x0"] > last["x1"] + x_tolerance
                                 or abs(char["top"] - last["top"]) > DEFAULT_Y_TOLERANCE):
            words.append("".join(word))
            word = []
        word.append(LIGATURES.get(text, text))
        last = char
    if word:
        words.append("".join(word))
    return " ".join(words)


_last: list = [None, None]  # (the character list indexed last, its index): tables of one page share it


def _index(chars):
    """(vertical midpoints in ascending order, the characters' positions in that order, horizontal
    midpoints and vertical midpoints by position): pdfplumber's `char_in_bbox` midpoints."""
    if _last[0] is chars:
        return _last[1]
    v = [(c["top"] + c["bottom"]) / 2 for c in chars]
    h = [(c["x0"] + c["x1"]) / 2 for c in chars]
    order = sorted(range(len(chars)), key=v.__getitem__)
    _last[:] = [chars, ([v[i] for i in order], order, h, v)]
    return _last[1]
