"""pdfplumber's `Table.extract`, with the characters of each row and cell found by bisection.

pdfplumber tests every character of the page against every row of a table (rows × characters),
and every character of a row against every cell of the row; on a page of a few hundred rows and
a thousand characters that was a large share of the reading time. This gives the same result
(same test on the same character midpoints, characters in the page's order) from an index of the
page's characters by vertical midpoint, built once per page, and of each row's by horizontal one.
"""
from __future__ import annotations

from bisect import bisect_left

from pdfplumber import utils


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
                cells.append(utils.extract_text(cell_chars, **kwargs))
            else:
                cells.append("")
        rows.append(cells)
    return rows


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
