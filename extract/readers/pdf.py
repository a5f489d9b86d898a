"""PDF reader (pdfplumber).

Tables are found per page with ruled lines first. A page whose ruled tables miss most of its
figures is looked at for tables drawn with horizontal rules only: their columns are derived from
the words (see `_rules_only_tables`). A page that still misses most figures (no rules at all) is
read again with text-aligned columns.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import pdfplumber
from pdfplumber.table import merge_edges
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from extract.model import Table, UnreadableDocument, is_amount, join_wrapped
from extract.readers.pdfium_page import with_pdfium
from extract.readers.table_finder import find_tables
from extract.readers.table_text import extract_table

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TEXT_COLUMNS = {"vertical_strategy": "text", "horizontal_strategy": "lines", "snap_tolerance": 3}
MARGIN_COLUMN_MAX = 8  # points: narrower than any printed character
TEXT_ONLY = {"vertical_strategy": "text", "horizontal_strategy": "text"}
_PROSE = re.compile(r"[。，；]")
_NUMBER = re.compile(r"(?<![\d.])-?\d[\d,]*\.\d+|(?<![\d.])-?\d{1,3}(?:,\d{3})+(?![\d.])")


def read_pdf(path: str) -> tuple[int, list[Table], int]:
    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise UnreadableDocument("encrypted", "the PDF is encrypted with a password") from exc
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types for broken files
        if _is_password_error(exc):
            raise UnreadableDocument("encrypted", "the PDF is encrypted with a password") from exc
        raise UnreadableDocument("corrupt", f"the PDF cannot be parsed ({type(exc).__name__}: {exc})") from exc
    with pdf:
        tables: list[Table] = []
        chars = 0
        carry: dict = {}  # the last rules-only table's columns, for a continuation page without header
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise UnreadableDocument("corrupt", f"the PDF's page tree is broken ({exc})") from exc
        pages = with_pdfium(pages, path)
        for number, page in enumerate(pages, start=1):
            try:
                page_tables, page_chars = _read_page(page, number, carry)
            except UnreadableDocument:
                raise
            except Exception as exc:
                raise UnreadableDocument("corrupt", f"page {number} cannot be read ({type(exc).__name__}: {exc})") from exc
            tables.extend(page_tables)
            chars += page_chars
            page.flush_cache()
            page.__dict__.pop("_bw_cell_words", None)
        return len(pages), tables, chars


def _is_password_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect in its own exception: look down the chain."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, PDFPasswordIncorrect) or "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            return True
        exc = exc.__cause__ or exc.__context__ or next((a for a in exc.args if isinstance(a, BaseException)), None)
        seen += 1
    return False


def _visible(page):
    """The page without the characters it does not show: printed outside the page or outside their
    clipping path (`clipped`, set by the pdfium reader). Some producers draw the text of a cell merged
    over a page break on every page, at the centre of the whole merge and clipped to the table:
    invisible on all but one page, where it is in its cell."""
    x0, top, x1, bottom = page.bbox

    def inside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        if obj.get("clipped"):
            return False
        h, v = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return x0 <= h <= x1 and top <= v <= bottom

    if all(inside(c) for c in page.chars):
        return page
    return page.filter(inside)


def _seat_sunken_boxes(page) -> None:
    """Characters whose box lies mostly below their baseline are given the boxes the page's other
    characters have. A character's box is sized from its font's declared descent (as pdfminer does):
    some producers (重庆's budgets) set digits, brackets and commas in a font declaring a descent
    deeper than an em (E-BZ: 1033/1000), so these boxes sit 7.7 pt below the glyphs printed on the
    same baseline: a bracket in a name lands on a line of its own, a figure in the row below. No
    glyph of a text font hangs mostly below its baseline; these take the median offset from the
    baseline of the page's other upright characters (the glyphs do not move, only their boxes)."""
    def offset(char) -> float | None:
        height = char["y1"] - char["y0"]
        if not char.get("upright") or height <= 0 or not char.get("matrix"):
            return None
        return (char["y0"] - char["matrix"][5]) / height    # the descent, per unit of the box's height

    sunken, normal = [], []
    for char in page.chars:
        share = offset(char)
        if share is not None:
            (sunken if share < -0.5 else normal).append((char, share))
    if not sunken or not normal:
        return
    median = sorted(s for _, s in normal)[len(normal) // 2]
    for char, share in sunken:
        shift = (median - share) * (char["y1"] - char["y0"])   # upwards, in PDF space
        char["y0"] += shift
        char["y1"] += shift
        for key in ("top", "bottom", "doctop"):
            char[key] -= shift


def _read_page(page, number: int, carry: dict) -> tuple[list[Table], int]:
    previous_columns = carry.pop("columns", None)  # only valid for the page right after
    previous_grid = carry.pop("grid_columns", None)  # the last ruled grid's columns, for its continuation
    _seat_sunken_boxes(page)
    page = _visible(page)
    text = page.extract_text() or ""
    chars = len(text.strip())
    if not chars:
        return [], 0
    found = _tables(page, LINES, previous_grid, carry)
    # Figures in sentences (a narrative above a grid on the same page) are no table's figures: they
    # must not make the page look as if its ruled tables missed most figures.
    numbers_on_page = sum(len(_NUMBER.findall(line)) for line in text.split("\n") if not _PROSE.search(line))
    if not found or _numbers_in(found) < 0.6 * numbers_on_page:
        # No ruled grid, or one that misses most figures: tables may be drawn with horizontal
        # rules only. They replace whatever the ruled pass found in the same place.
        try:
            ruled = _rules_only_tables(page, previous_columns, carry)
        except Exception:  # a layout guess must never make a readable page unreadable
            ruled = []
        if ruled:
            kept = [t for t in found if not any(_overlaps(t[0], r[0]) for r in ruled)]
            combined = sorted(kept + ruled, key=lambda t: (t[0][1], t[0][0]))
            if _numbers_in(combined) >= _numbers_in(found):
                found = combined
    if _numbers_in(found) < 0.6 * numbers_on_page:
        # Still most figures missed: a table with no rules at all.
        for settings in (TEXT_COLUMNS, TEXT_ONLY):
            alternative = _tables(page, settings)
            if _numbers_in(alternative) > _numbers_in(found):
                found = alternative
            if _numbers_in(found) >= 0.9 * numbers_on_page:
                break
    lines = page.extract_text_lines(return_chars=False)
    result = []
    for index, (bbox, rows, strategy, boxes) in enumerate(found):
        top, bottom = bbox[1], bbox[3]
        prev_bottom = found[index - 1][0][3] if index else -1
        next_top = found[index + 1][0][1] if index + 1 < len(found) else float("inf")
        above = [l["text"].strip() for l in lines if l["bottom"] <= top + 1 and l["top"] >= prev_bottom - 1]
        below = [l["text"].strip() for l in lines if l["top"] >= bottom - 1 and l["bottom"] <= next_top + 1]
        result.append(Table(page=number, index=index, rows=rows, lines_above=above,
                            lines_below=below if index + 1 == len(found) else [], strategy=strategy,
                            boxes=boxes, page_size=(float(page.width), float(page.height))))
    if not result:
        # A page with text but no table (a title page, a narrative page, an empty form's note)
        # is kept as a one-column table of its lines so forms can still see titles and notes.
        result.append(Table(page=number, index=0, rows=[], strategy="none",
                            lines_above=[l["text"].strip() for l in lines]))
    return result, chars


def _numbers_in(found) -> int:
    return sum(len(_NUMBER.findall(c)) for _, rows, *_ in found for r in rows for c in r)


Box = tuple[float, float, float, float]


def _cell_boxes(table, grid: list[list[str]], bounds: list[float] | None) -> list[list[Box | None]]:
    """Where each cell of `grid` (pdfplumber's rows of `table`, before any is dropped) is printed:
    (x0, top, x1, bottom) from the row's extent and the column bounds; the whole row's box when the
    columns are not known; None when pdfplumber's rows do not match the grid's. Nothing is re-read:
    pdfplumber already placed every row, so keeping the boxes costs no extra parsing."""
    if len(table.rows) != len(grid):
        return [[None] * len(r) for r in grid]
    out = []
    for cells, row in zip(grid, table.rows):
        x0, top, x1, _ = (float(v) for v in row.bbox)
        # the row ends where its shortest cell ends: a cell merged down over the next rows is not the row
        bottom = float(min(c[3] for c in row.cells if c))
        if bounds and len(bounds) == len(cells) + 1:
            out.append([(float(bounds[j]), top, float(bounds[j + 1]), bottom) for j in range(len(cells))])
        else:
            out.append([(x0, top, x1, bottom)] * len(cells))
    return out


def _tables(page, settings, previous_grid=None, carry=None) -> list[tuple[tuple, list[list[str]], str]]:
    name = "lines" if settings is LINES else ("text_columns" if settings is TEXT_COLUMNS else "text")
    out = []
    tables = _closed_grids(page) if settings is LINES else find_tables(page, settings)
    for index, table in enumerate(sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))):
        extra = None
        if settings is LINES:
            table = _registered(page, table)
            if index == 0 and previous_grid and abs(previous_grid[0] - table.bbox[0]) <= 2 \
                    and abs(previous_grid[1] - table.bbox[2]) <= 2:
                # A grid continued from the previous page without its header: the header's columns
                # still part the body's texts where the body draws fewer rules.
                extra = previous_grid[2]
        rows, bounds = _filled_grid(table, extra, with_bounds=True)
        boxes = _cell_boxes(table, rows, bounds)
        if settings is LINES and carry is not None:
            carry["grid_columns"] = (table.bbox[0], table.bbox[2], bounds)
        bbox = table.bbox
        frame = _frame_text(table)
        if frame:
            # A rectangle drawn around title and table (江苏 2017) is read as one cell holding the
            # whole page: blank it, and start the table at its first real row so the title and
            # metadata inside the frame are read as the lines above the table.
            rows = [[c if c != frame else "" for c in r] for r in rows]
            filled = [i for i, r in enumerate(rows) if any(r)]
            if filled and len(table.rows) == len(rows):
                bbox = (bbox[0], table.rows[filled[0]].bbox[1], bbox[2], bbox[3])
            keep = [j for j in range(max((len(r) for r in rows), default=0)) if any(j < len(r) and r[j] for r in rows)]
            rows = [[r[j] if j < len(r) else "" for j in keep] for r in rows]
            boxes = [[b[j] if j < len(b) else None for j in keep] for b in boxes]
        kept = [i for i, r in enumerate(rows) if any(c for c in r)]
        rows, boxes = [rows[i] for i in kept], [boxes[i] for i in kept]
        lefts = sorted({c.bbox[0] for c in table.columns})
        if len(lefts) > 1 and len(rows[0] if rows else []) == len(lefts):
            narrower = _without_margin_column(rows, lefts[1] - lefts[0])
            if narrower is not rows:
                rows, boxes = narrower, [b[1:] for b in boxes]
        if len(rows) < 1 or max(len(r) for r in rows) < 2:
            continue
        out.append((bbox, rows, name, boxes))
    return out


def _closed_grids(page) -> list:
    """The page's ruled grids, each closed along its top and bottom. A cell merged over a page break
    is drawn open at the page's edge (its vertical rules run to the grid's last rule, but no rule
    closes it): pdfplumber makes no cell of it and its text (a project's name, its amount) is lost.
    Where vertical rules end on a grid's bottom (or start on its top), a rule is added there across
    them; a grid already closed is unchanged."""
    tables = find_tables(page, LINES)
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 5]
    lines = []
    for table in tables:
        x0, top, x1, bottom = table.bbox
        for y, end in ((bottom, "bottom"), (top, "top")):
            xs = [e["x0"] for e in verticals if abs(e[end] - y) <= 1]
            if len(xs) >= 3 and (min(xs) < x0 - 1 or max(xs) > x1 + 1 or _open_along(table, y)):
                lines.append({"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y, "bottom": y,
                              "width": max(xs) - min(xs), "height": 0})
    if not lines:
        return tables
    return find_tables(page, dict(LINES, explicit_horizontal_lines=lines))


def _open_along(table, y: float) -> bool:
    """Whether some column of the grid has no cell ending (or starting) at y."""
    columns = sorted({round(c[0], 1) for c in table.cells})
    closed = {round(c[0], 1) for c in table.cells if abs(c[3] - y) <= 1 or abs(c[1] - y) <= 1}
    return any(x not in closed for x in columns)


def _without_margin_column(rows: list[list[str]], first_width: float) -> list[list[str]]:
    """A rule drawn a few points left of the grid makes a first column too narrow to hold a
    character and with no text in any row: it is no column of the table (and would shift which
    side a two-sided summary's figures are on). A blank column of real width (a merged label lost
    on a continuation page) is kept."""
    if first_width < MARGIN_COLUMN_MAX and rows and all(len(r) > 1 and not r[0] for r in rows):
        return [r[1:] for r in rows]
    return rows


def _frame_text(table) -> str | None:
    """The text of a cell drawn around other cells (a frame around title and table), not a cell."""
    cells = table.cells
    # Only cells starting within a cell's width and height can lie inside it: by left, then top.
    columns: dict[float, list] = {}
    for cell in sorted(cells):
        columns.setdefault(cell[0], []).append(cell)
    lefts = sorted(columns)
    tops = {left: [c[1] for c in column] for left, column in columns.items()}
    for cx0, ctop, cx1, cbottom in cells:
        inside = 0
        for left in lefts[bisect_left(lefts, cx0 - 1):bisect_right(lefts, cx1 + 1)]:
            column, column_tops = columns[left], tops[left]
            for x0, top, x1, bottom in column[bisect_left(column_tops, ctop - 1):bisect_right(column_tops, cbottom + 1)]:
                if (x0, top, x1, bottom) != (cx0, ctop, cx1, cbottom) and x1 <= cx1 + 1 and bottom <= cbottom + 1:
                    inside += 1
            if inside >= 2:
                break
        if inside >= 2:
            text = table.page.crop((cx0, ctop, cx1, cbottom)).extract_text(x_tolerance=1.5) or ""
            return join_wrapped(text) or None
    return None


def _registered(page, table):
    """The table re-cut when its text is printed off its ruled rows (some producers draw codes and
    figures half a row below their cells, across the rules): pdfplumber would pair each figure
    with the next row's name and drop the last row below the bottom rule. The rules are moved
    down or up by the text's offset, whichever keeps most figures and leaves fewest half rows."""
    edges = [r.bbox[1] for r in table.rows] + [table.bbox[3]]
    x0, x1 = table.bbox[0], table.bbox[2]
    words = [w for w in _cell_words(page)
             if w["x0"] >= x0 - 1 and w["x1"] <= x1 + 1 and w["bottom"] >= edges[0] and w["top"] <= edges[-1] + 20]
    # Only figures count: a label in a cell merged over rows legitimately sits across an inner rule.
    figures = [w for w in words if _NUMBER.fullmatch(w["text"])]
    # A rule crosses a figure only where it is drawn through the figure's column: a figure centred in
    # a cell merged over several rows crosses the rows of the columns beside it, not its own.
    crossing = [(w, y) for w in figures for y in edges if w["top"] < y - 1.5 and w["bottom"] > y + 1.5
                and _ruled_through(table.cells, (w["x0"] + w["x1"]) / 2, y)]
    if len(crossing) < max(3, 0.5 * len(figures)):
        return table
    below = sorted(w["bottom"] - y for w, y in crossing)[len(crossing) // 2] + 0.5
    above = sorted(y - w["top"] for w, y in crossing)[len(crossing) // 2] + 0.5
    columns = sorted({c.bbox[0] for c in table.columns} | {table.bbox[2]})
    best, best_score = table, _grid_score(table)
    for shift in (below, -above):
        settings = {"vertical_strategy": "explicit", "explicit_vertical_lines": columns,
                    "horizontal_strategy": "explicit", "explicit_horizontal_lines": [y + shift for y in edges]}
        candidates = find_tables(page, settings)
        if len(candidates) == 1 and _grid_score(candidates[0]) > best_score:
            best, best_score = candidates[0], _grid_score(candidates[0])
    return best


def _ruled_through(cells, x: float, y: float) -> bool:
    """Whether a cell edge at height y is drawn through the column at x."""
    return any(c[0] <= x <= c[2] and (abs(c[1] - y) <= 1 or abs(c[3] - y) <= 1) for c in cells)


def _cell_words(page) -> list[dict]:
    """The page's words as cell text is read (x_tolerance 1.5), extracted once per page: every
    ruled table of a page looks them up (half the reading time of a page with many small tables)."""
    words = page.__dict__.get("_bw_cell_words")
    if words is None:
        words = page.__dict__["_bw_cell_words"] = page.extract_words(x_tolerance=1.5)
    return words


def _grid_score(table) -> tuple[int, int]:
    """(figures captured, − rows with a label but no figure or a figure but no label)."""
    rows = [[c or "" for c in r] for r in extract_table(table, x_tolerance=1.5)]
    figures = sum(len(_NUMBER.findall(c)) for r in rows for c in r)
    half = sum(1 for r in rows if any(is_amount(c) for c in r) != any(c and not is_amount(c) for c in r))
    return figures, -half


def _filled_grid(table, extra_columns: list[float] | None = None, with_bounds: bool = False):
    """The table's text grid with every merged cell's text copied into the positions it covers.
    `extra_columns`: column edges of the header this grid continues (from the previous page)."""
    texts = extract_table(table, x_tolerance=1.5)
    row_tops = [r.bbox[1] for r in table.rows]
    col_lefts = sorted({c.bbox[0] for c in table.columns})
    n_rows, n_cols = len(texts), max((len(r) for r in texts), default=0)
    grid = [[join_wrapped(t) for t in (row + [None] * (n_cols - len(row)))] for row in texts]
    if len(row_tops) != n_rows or len(col_lefts) != n_cols:
        return (grid, None) if with_bounds else grid
    eps = 0.5
    if extra_columns:
        added = [b for b in extra_columns if table.bbox[0] + 2 < b < table.bbox[2] - 2
                 and all(abs(b - left) > 2 for left in col_lefts)]
        if added and all(any(abs(left - b) <= 2 for b in extra_columns) for left in col_lefts[1:]):
            lefts = sorted(col_lefts + added)
            wide = [[None] * len(lefts) for _ in grid]
            for i, row in enumerate(grid):
                for j, text in enumerate(row):
                    wide[i][lefts.index(col_lefts[j])] = text
            grid, col_lefts = wide, lefts
    col_bounds = col_lefts + [table.bbox[2]]
    words = None
    for cell in table.cells:
        x0, top, x1, bottom = cell
        rs = [i for i, t in enumerate(row_tops) if top - eps <= t < bottom - eps]
        cs = [j for j, left in enumerate(col_lefts) if x0 - eps <= left < x1 - eps]
        if not rs or not cs:
            continue
        origin = grid[rs[0]][cs[0]]
        if len(cs) > 1 and origin and _ruled_above(table.cells, cell, [col_bounds[j] for j in cs[1:]], extra_columns):
            if words is None:
                words = _cell_words(table.page)
            parts = _split_by_columns(words, cell, [col_bounds[j] for j in cs] + [col_bounds[cs[-1] + 1]])
            if parts is not None:
                # A body row drawn without the inner rules its header draws: each text is in its column.
                for j, text in zip(cs, parts):
                    for i in rs:
                        grid[i][j] = text
                continue
        if is_amount(origin):
            continue  # a figure printed once must be counted once
        for i in rs:
            for j in cs:
                if (i, j) != (rs[0], cs[0]) and not grid[i][j]:
                    grid[i][j] = origin
    grid = [[c or "" for c in row] for row in grid]
    return (grid, col_bounds) if with_bounds else grid


def _ruled_above(cells, cell, inner_bounds: list[float], extra_columns: list[float] | None) -> bool:
    """Whether every column edge inside `cell` is drawn by a cell above it (or by the header of the
    previous page). A body row that leaves out rules its header draws has them above; a header cell
    merged over the sub-columns printed below it (资金性质 over 合计 | 一般公共预算 | …) has not."""
    top = cell[1]
    drawn = [x for c in cells if c[3] <= top + 0.5 for x in (c[0], c[2])] + list(extra_columns or [])
    return all(any(abs(b - x) <= 2 for x in drawn) for b in inner_bounds)


def _split_by_columns(words: list[dict], cell, bounds: list[float]) -> list[str] | None:
    """The texts of a box that spans several of the table's columns, one per column, when every
    word in it lies inside one column and they fill at least two: the row left out inner rules
    that the header draws. A truly merged cell (a text across the box, or in one column) is None."""
    x0, top, x1, bottom = cell
    inside = [w for w in words if w["x0"] >= x0 - 1 and w["x1"] <= x1 + 1
              and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1]
    columns: list[list[dict]] = [[] for _ in bounds[1:]]
    for word in inside:
        hits = [k for k in range(len(columns)) if word["x0"] >= bounds[k] - 1 and word["x1"] <= bounds[k + 1] + 1]
        if len(hits) != 1:
            return None
        columns[hits[0]].append(word)
    if sum(1 for c in columns if c) < 2 or all(len(w["text"].strip()) == 1 for w in inside):
        return None  # one text in one column, or a label spaced out over the box (资 金 性 质)
    return [_cell_text(c) for c in columns]


# ---------------------------------------------------------------------------------------------
# Tables drawn with horizontal rules only.
#
# pdfplumber needs vertical edges to make cells. Its text-aligned columns ("text" strategy) need
# several words lined up to make a column edge, so a column holding a single figure vanishes and
# wrapped names spill into their neighbours. Here the columns are derived once per table from
# the words between its rules: one column per number of the 栏次 row (1 2 3 …) when there is
# one, else one per bottom-level header label, else one per stretch of body text. The body is
# then cut by pdfplumber with those columns as explicit vertical lines and the rules as rows; the
# header, which has no rules between its levels, is rebuilt from its labels.
# ---------------------------------------------------------------------------------------------

_NUMBERS_LABEL = {"栏次", "栏号"}
_PLACEHOLDERS = {"甲", "乙", "丙", "丁"}  # 决算 tables number their text columns 甲 乙 …
_ITEM = re.compile(r"^([一二三四五六七八九十]+、|\d+[、.．]\D)")


def _rules_only_tables(page, previous, carry: dict) -> list[tuple[tuple, list[list[str]], str]]:
    """The page's tables drawn with horizontal rules only, as (bbox, rows, "rules", cell boxes)."""
    blocks = _rule_blocks(page)
    if not blocks:
        return []
    # keep_blank_chars keeps a spaced-out label (资 金 性 质, 项 目) in one piece; the tighter
    # x_tolerance (as for cell text) keeps a figure apart from text printed close after it.
    words = [w for w in page.extract_words(keep_blank_chars=True, x_tolerance=1.5) if w["text"].strip()]
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["height"] > 2]
    layouts, cuts = [], []
    for x0, top, x1, bottom, tops in blocks:
        inside = [w for w in words if x0 <= _centre(w) <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
        if not inside:
            continue
        header, numbers, body_top = _layout(inside, top, tops)
        if any(x0 + 3 < e["x0"] < x1 - 3 and e["top"] < bottom - 1 and e["bottom"] > body_top + 1 for e in verticals):
            continue  # vertical rules run through the body: a ruled grid, the ruled pass reads it
        anchors = _column_numbers(numbers) if numbers else None
        body = [w for w in inside if w["top"] >= body_top and w["x1"] - w["x0"] < (x1 - x0) / 2]
        bounds = _column_bounds(x0, x1, header, anchors, body)
        if not header and not numbers and previous and abs(previous[0] - x0) <= 3 and abs(previous[1] - x1) <= 3:
            # A continuation page without header: keep the previous page's columns (a column
            # empty on this page has no words to show it) unless a word straddles them.
            if not any(w["x0"] + 1 < b < w["x1"] - 1 for w in body for b in previous[2][1:-1]):
                bounds = previous[2]
        if not bounds:
            continue
        layouts.append((x0, top, x1, bottom, header, numbers, body_top, bounds))
        cuts += [_edge(b, body_top, b, bottom) for b in bounds]
        cuts += [_edge(x0, y, x1, y) for y in _row_breaks(body, tops, body_top)]
    if not layouts:
        return []
    # One pass for all tables of the page: their columns as vertical lines over their bodies, their
    # rules and the row breaks found as rows.
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "lines",
                "explicit_vertical_lines": [e for e in cuts if e["width"] == 0],
                "explicit_horizontal_lines": [e for e in cuts if e["height"] == 0]}
    found = find_tables(page, settings)
    out = []
    for x0, top, x1, bottom, header, numbers, body_top, bounds in layouts:
        rows = _header_rows(header, bounds)
        # the header (rebuilt from its labels) is placed as one box per column over its whole height
        head_bottom = min([w["top"] for w in numbers] + [body_top]) if numbers else body_top
        boxes = [[(float(bounds[j]), float(top), float(bounds[j + 1]), float(head_bottom)) for j in range(len(r))]
                 if len(bounds) == len(r) + 1 else [None] * len(r) for r in rows]
        if numbers:
            rows.append(_line_row(numbers, bounds))
            n_top, n_bottom = min(w["top"] for w in numbers), max(w["bottom"] for w in numbers)
            boxes.append([(float(bounds[j]), float(n_top), float(bounds[j + 1]), float(n_bottom))
                          for j in range(len(bounds) - 1)][:len(rows[-1])])
        for table in found:
            bx0, btop, bx1, bbottom = table.bbox
            if bx0 >= x0 - 1 and bx1 <= x1 + 1 and btop >= body_top - 1 and bbottom <= bottom + 1:
                grid = _filled_grid(table)
                cells = _cell_boxes(table, grid, list(bounds) if len(bounds) == max((len(r) for r in grid), default=0) + 1 else None)
                rows += [r for r in grid if any(r)]
                boxes += [b for r, b in zip(grid, cells) if any(r)]
        if any(sum(bool(c) for c in r) >= 2 for r in rows):  # else one column of text, no table
            out.append(((x0, top, x1, bottom), rows, "rules", boxes))
            carry["columns"] = (x0, x1, bounds)
    return out


def _rule_blocks(page) -> list[tuple[float, float, float, float, list[float]]]:
    """(x0, top, x1, bottom, rule tops) of each set of at least two horizontal rules of one extent."""
    edges = page.edges
    # Rules are often drawn cell by cell or as thin rectangles: join them into whole lines first.
    horizontal = merge_edges([e for e in edges if e["orientation"] == "h"], 3, 3, 3, 3)
    groups: list[list] = []  # [x0, x1, tops]
    for edge in sorted(horizontal, key=lambda e: e["top"]):
        if edge["width"] < 0.3 * page.width:
            continue  # underlines and short strokes (or a rule under a group label) are no table rules
        for group in groups:
            if abs(group[0] - edge["x0"]) <= 3 and abs(group[1] - edge["x1"]) <= 3:
                group[2].append(edge["top"])
                break
        else:
            groups.append([edge["x0"], edge["x1"], [edge["top"]]])
    blocks = []
    for x0, x1, tops in groups:
        if len(tops) < 2:
            continue
        if len(tops) == 2 and any(min(abs(e["x0"] - x0), abs(e["x0"] - x1)) <= 3 and e["orientation"] == "v"
                                  and e["top"] < tops[1] - 1 and e["bottom"] > tops[0] + 1 for e in edges):
            continue  # two rules closed by sides are a frame or a text box, not a table
        blocks.append((x0, tops[0], x1, tops[-1], tops))
    return blocks


def _layout(words: list[dict], top: float, tops: list[float]):
    """(header words, 栏次 line or None, top of the body) of the words between a table's rules."""
    lines = _text_lines(words)
    numbers_at, first_body = None, len(lines)
    for i, line in enumerate(lines):
        if numbers_at is None and _column_numbers(line):
            numbers_at = i
        elif _is_body_line(line):
            first_body = i
            break
    if numbers_at is not None:
        # The body starts at the first rule under the 栏次 row, or right under it if unruled.
        line = lines[numbers_at]
        line_bottom = max(w["bottom"] for w in line)
        rule = min((t for t in tops if t >= line_bottom - 1), default=tops[-1])
        after = lines[numbers_at + 1:]
        body_top = (line_bottom + after[0][0]["top"]) / 2 if after and after[0][0]["top"] < rule else rule
        return [w for l in lines[:numbers_at] for w in l], line, body_top
    if first_body < len(lines):
        # The body starts at the rule above its first line (a wrapped first name may start
        # above that line), or right above that line when no rule parts it from the header.
        line_top = lines[first_body][0]["top"]
        body_top = max((t for t in tops if t <= line_top + 1), default=top)
        if body_top <= top + 1 and first_body:
            body_top = (max(w["bottom"] for w in lines[first_body - 1]) + line_top) / 2
    else:
        body_top = tops[1]  # nothing looks like a body row (a text table): the first row is the header
    return [w for l in lines for w in l if w["bottom"] <= body_top], None, body_top


def _is_body_line(line: list[dict]) -> bool:
    """A line of a body row: a figure, a 科目 code or a row number near its start, or an
    enumerated item (一、…) as its first text. (合计 is a header label too.)"""
    texts = [re.sub(r"\s", "", w["text"]) for w in line]
    labels = [t for t in texts if not t.isdigit()]
    return (any(_NUMBER.search(t) for t in texts)
            or any(re.fullmatch(r"\d{3,9}", t) for t in texts[:3])
            or (len(texts) > 1 and re.fullmatch(r"\d{1,3}", texts[0]) is not None and bool(labels))
            or bool(labels and _ITEM.match(labels[0])))


def _column_numbers(line: list[dict]) -> list[dict] | None:
    """The numbers of a 栏次 row (栏次 1 2 3 …, or 甲 乙 1 2 …) without its label, else None."""
    labelled = re.sub(r"\s", "", line[0]["text"]) in _NUMBERS_LABEL
    tokens = line[1:] if labelled else line
    texts = [re.sub(r"\s", "", w["text"]) for w in tokens]
    digits = [int(t) for t in texts if t.isdigit()]
    if not digits or not all(t.isdigit() or t in _PLACEHOLDERS for t in texts):
        return None
    if digits != list(range(digits[0], digits[0] + len(digits))) or len(tokens) < (2 if labelled else 3):
        return None
    return tokens


def _column_bounds(x0, x1, header, numbers, body) -> list[float] | None:
    """Column edges, from the left end of the rules to the right end."""
    labels = _leaf_labels(header)
    if numbers:
        # A column the 栏次 row leaves unnumbered (序号, 项目, 行次 …) is known by its label.
        anchors = sorted([[w["x0"], w["x1"]] for w in numbers] +
                         [iv for iv in labels if not any(w["x0"] < iv[1] and iv[0] < w["x1"] for w in numbers)])
    else:
        anchors = labels or [[lo, hi] for lo, hi, *_ in _runs(body)]
    if len(anchors) < 2:
        return None
    # Each stretch of printed text belongs to the column whose extent it touches. Labels go first:
    # they are sure of their column. A body stretch between two columns goes by its alignment:
    # figures set flush right belong to the column on their left, text set flush left to the one
    # on their right, anything else to the nearer. A stretch touching two columns is a note across
    # the table. The edges fall in the middle of the gaps between the columns' text.
    extents = [list(a) for a in anchors]
    for lo, hi, left, right in [(lo, hi, False, False) for lo, hi in labels] + _runs(body):
        hits = [i for i, (a0, a1) in enumerate(extents) if lo < a1 and a0 < hi]
        if not hits:
            before = [i for i, e in enumerate(extents) if e[1] <= lo][-1:]
            after = [i for i, e in enumerate(extents) if e[0] >= hi][:1]
            if right and not left and before:
                hits = before
            elif left and not right and after:
                hits = after
            else:
                hits = [min(before + after, key=lambda i: max(extents[i][0] - hi, lo - extents[i][1]))]
        if len(hits) == 1:
            extent = extents[hits[0]]
            extent[0], extent[1] = min(extent[0], lo), max(extent[1], hi)
    inner = [(extents[i][1] + extents[i + 1][0]) / 2 for i in range(len(anchors) - 1)]
    bounds = [x0] + inner + [x1]
    return bounds if all(a < b for a, b in zip(bounds, bounds[1:])) else None


def _leaf_labels(header: list[dict]) -> list[list[float]]:
    """x-ranges of the bottom-level header labels. Read bottom-up, so a group label (本年收入 over
    小计 … 其他收入) overlaps two labels already seen, or sits above the gap between two, or
    stands clear above the one it overlaps, and is left out."""
    labels: list[list[float]] = []  # [x0, x1, top]
    for word in sorted(header, key=lambda w: -w["top"]):
        hits = [iv for iv in labels if word["x0"] < iv[1] - 0.5 and iv[0] + 0.5 < word["x1"]]
        half_line = (word["bottom"] - word["top"]) / 2
        if len(hits) == 1 and hits[0][2] - word["bottom"] <= half_line:  # the label's wrapped line
            hit = hits[0]
            hit[:] = [min(hit[0], word["x0"]), max(hit[1], word["x1"]), min(hit[2], word["top"])]
        elif not hits:
            left = max((iv for iv in labels if iv[1] <= word["x0"]), key=lambda iv: iv[1], default=None)
            right = min((iv for iv in labels if iv[0] >= word["x1"]), key=lambda iv: iv[0], default=None)
            if left and right and word["bottom"] < min(left[2], right[2]) - half_line / 2:
                continue
            labels.append([word["x0"], word["x1"], word["top"]])
    return sorted(iv[:2] for iv in labels)


def _runs(words: list[dict]) -> list[tuple[float, float, bool, bool]]:
    """(x0, x1, set flush left, set flush right) of each stretch of overlapping words."""
    runs: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["x0"]):
        if runs and word["x0"] < max(w["x1"] for w in runs[-1]):
            runs[-1].append(word)
        else:
            runs.append([word])
    out = []
    for run in runs:
        left = max(w["x0"] for w in run) - min(w["x0"] for w in run) < 1
        right = max(w["x1"] for w in run) - min(w["x1"] for w in run) < 1
        if left and right:  # one word, or words of one width: go by how figures are usually set
            right = all(is_amount(w["text"]) for w in run)
            left = not right
        out.append((min(w["x0"] for w in run), max(w["x1"] for w in run), left, right))
    return out


def _row_breaks(body: list[dict], tops: list[float], body_top: float) -> list[float]:
    """Where rows start: the top of the body, plus a break between the records of a ruled row
    that holds several (a table ruled only above and below its body), found as the wider vertical
    gaps between its lines. Only a row with two figures one above the other is split: wrapped
    names never are."""
    breaks = [body_top]
    edges = [body_top] + [t for t in tops if t > body_top + 1]
    for upper, lower in zip(edges, edges[1:]):
        inside = sorted((w for w in body if upper <= w["top"] and w["bottom"] <= lower), key=lambda w: w["top"])
        figures = [w for w in inside if _NUMBER.search(w["text"])]
        if not any(a["bottom"] <= b["top"] and a["x0"] < b["x1"] and b["x0"] < a["x1"] for a in figures for b in figures):
            continue
        height = sorted(w["bottom"] - w["top"] for w in inside)[len(inside) // 2]
        lowest = inside[0]["bottom"]
        for word in inside[1:]:
            if word["top"] - lowest > height / 2:
                breaks.append((lowest + word["top"]) / 2)
            lowest = max(lowest, word["bottom"])
    return breaks


def _header_rows(header: list[dict], bounds: list[float]) -> list[list[str]]:
    """The header as rows, a group label repeated over the columns it spans and a label that spans
    all levels repeated down (as merged cells are filled for ruled grids)."""
    if not header:
        return []
    n = len(bounds) - 1
    groups, stacks = [], [[] for _ in range(n)]
    for word in header:
        cols = [j for j in range(n) if min(word["x1"], bounds[j + 1]) - max(word["x0"], bounds[j]) > 1]
        if len(cols) > 1:
            groups.append((word, cols))
        else:
            stacks[cols[0] if cols else _column_of(word, bounds)].append(word)
    leaves = []
    for j, stack in enumerate(stacks):
        # Text above a gap wider than half a line is a group label over this column (功能分类科目
        # over 科目名称), not the first line of a wrapped label.
        stack.sort(key=lambda w: w["top"])
        start, lowest = 0, None
        for i, word in enumerate(stack):
            if lowest is not None and word["top"] - lowest > (word["bottom"] - word["top"]) / 2:
                start = i
            lowest = max(lowest or word["bottom"], word["bottom"])
        groups += [(w, [j]) for w in stack[:start]]
        leaves.append(stack[start:])

    # A group label is centred over its columns, whose labels all lie below it, in the lower half of
    # the header (a label centred over all levels, such as 合计, is under no group). Of the runs of
    # such columns around the label, the widest it is centred on is its span.
    mid = (min(w["top"] for w in header) + max(w["bottom"] for w in header)) / 2
    levels: list[float] = []  # tops of the rows of group labels
    for t in sorted(w["top"] for w, _ in groups):
        if not levels or t - levels[-1] > 2:
            levels.append(t)
    rows: list[list[str | None]] = [[None] * n for _ in levels]
    for word, cols in groups:
        height = word["bottom"] - word["top"]
        taken = {j for w, c in groups if w is not word and abs(w["top"] - word["top"]) < height for j in c}

        def under(j):
            leaf = leaves[j]
            if j in taken or not leaf:
                return j not in taken  # an unlabelled column may sit under the group
            leaf_middle = sum(w["top"] + w["bottom"] for w in leaf) / 2 / len(leaf)
            return min(w["top"] for w in leaf) >= word["bottom"] and leaf_middle > mid + height / 4

        first, last = min(cols), max(cols)
        while first > 0 and under(first - 1):
            first -= 1
        while last < n - 1 and under(last + 1):
            last += 1
        widths = sorted(bounds[j + 1] - bounds[j] for j in range(first, last + 1))
        spans = [(a, b) for a in range(first, min(cols) + 1) for b in range(max(cols), last + 1)
                 if abs((bounds[a] + bounds[b + 1]) / 2 - _centre(word)) <= widths[len(widths) // 2] / 4]
        a, b = max(spans, key=lambda s: s[1] - s[0]) if spans else (min(cols), max(cols))
        row = rows[max(i for i, t in enumerate(levels) if t <= word["top"])]
        for j in range(a, b + 1):
            row[j] = " ".join(filter(None, [row[j], word["text"].strip()]))
    rows.append([_cell_text(leaf) for leaf in leaves])
    for i in range(len(rows) - 2, -1, -1):
        rows[i] = [cell if cell is not None else below for cell, below in zip(rows[i], rows[i + 1])]
    return rows


def _line_row(words: list[dict], bounds: list[float]) -> list[str]:
    cells: list[list[dict]] = [[] for _ in bounds[1:]]
    for word in words:
        cells[_column_of(word, bounds)].append(word)
    return [_cell_text(c) for c in cells]


def _text_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and word["top"] - lines[-1][0]["top"] <= 1.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _cell_text(words: list[dict]) -> str:
    return join_wrapped("\n".join(" ".join(w["text"].strip() for w in line) for line in _text_lines(words)))


def _centre(word: dict) -> float:
    return (word["x0"] + word["x1"]) / 2


def _column_of(word: dict, bounds: list[float]) -> int:
    return max(0, min(len(bounds) - 2, sum(b <= _centre(word) for b in bounds[1:-1])))


def _edge(x0, top, x1, bottom) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top}


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
