"""pdfplumber's `Table.extract`, with the characters of each row found by bisection.

pdfplumber tests every character of the page against every row of a table (rows × characters);
on a page of a few hundred rows and a thousand characters that was a large share of the reading
time. This gives the same result (same test on the same character midpoints, characters in the
page's order) from an index of the page's characters by vertical midpoint, built once per page.
"""
from __future__ import annotations

from bisect import bisect_left

from pdfplumber import utils


def extract_table(table, **kwargs) -> list[list[str | None]]:
    chars = table.page.chars
    v_mids, order, h_mids = _index(chars)
    rows = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        found = order[bisect_left(v_mids, top):bisect_left(v_mids, bottom)]
        row_chars = [chars[i] for i in sorted(i for i in found if x0 <= h_mids[i] < x1)]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [c for c in row_chars if _in_box(c, cx0, ctop, cx1, cbottom)]
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


def _in_box(char, x0, top, x1, bottom) -> bool:
    v_mid = (char["top"] + char["bottom"]) / 2
    h_mid = (char["x0"] + char["x1"]) / 2
    return h_mid >= x0 and h_mid < x1 and v_mid >= top and v_mid < bottom


_last: list = [None, None]  # (the character list indexed last, its index): tables of one page share it


def _index(chars):
    if _last[0] is chars:
        return _last[1]
    v = [(c["top"] + c["bottom"]) / 2 for c in chars]
    h = [(c["x0"] + c["x1"]) / 2 for c in chars]
    order = sorted(range(len(chars)), key=v.__getitem__)
    _last[:] = [chars, ([v[i] for i in order], order, h)]
    return _last[1]
