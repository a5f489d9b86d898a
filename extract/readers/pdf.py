"""PDF reader (pdfplumber).

Tables are found per page with ruled lines first. A page whose ruled tables miss most of its
figures is looked at for tables drawn with horizontal rules only: their columns are derived from
the words (see `_rules_only_tables`). A page that still misses most figures (no rules at all) is
read again with text-aligned columns.
"""
from __future__ import annotations

import re

import pdfplumber
from pdfplumber.table import merge_edges
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from extract.model import Table, UnreadableDocument, is_amount, join_wrapped

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TEXT_COLUMNS = {"vertical_strategy": "text", "horizontal_strategy": "lines", "snap_tolerance": 3}
TEXT_ONLY = {"vertical_strategy": "text", "horizontal_strategy": "text"}
_NUMBER = re.compile(r"(?<![\d.])-?\d[\d,]*\.\d+|(?<![\d.])-?\d{1,3}(?:,\d{3})+(?![\d.])")


def read_pdf(path: str) -> tuple[int, list[Table], int]:
    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise UnreadableDocument("encrypted", "the PDF is encrypted with a password") from exc
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types for broken files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
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
        return len(pages), tables, chars


def _read_page(page, number: int, carry: dict) -> tuple[list[Table], int]:
    previous_columns = carry.pop("columns", None)  # only valid for the page right after
    text = page.extract_text() or ""
    chars = len(text.strip())
    if not chars:
        return [], 0
    found = _tables(page, LINES)
    numbers_on_page = len(_NUMBER.findall(text))
    if not found or _numbers_in(found) < 0.6 * numbers_on_page:
        # No ruled grid, or one that misses most figures: tables may be drawn with horizontal
        # rules only. They replace whatever the ruled pass found in the same place.
        ruled = _rules_only_tables(page, previous_columns, carry)
        if ruled:
            kept = [t for t in found if not any(_overlaps(t[0], r[0]) for r in ruled)]
            combined = sorted(kept + ruled, key=lambda t: (t[0][1], t[0][0]))
            if _numbers_in(combined) >= _numbers_in(found):
                found = combined
    if _numbers_in(found) < 0.6 * numbers_on_page:
        # Ruled lines missed most figures: horizontal rules only, or no rules at all.
        for settings in (TEXT_COLUMNS, TEXT_ONLY):
            alternative = _tables(page, settings)
            if _numbers_in(alternative) > _numbers_in(found):
                found = alternative
            if _numbers_in(found) >= 0.9 * numbers_on_page:
                break
    lines = page.extract_text_lines(return_chars=False)
    result = []
    for index, (bbox, rows, strategy) in enumerate(found):
        top, bottom = bbox[1], bbox[3]
        prev_bottom = found[index - 1][0][3] if index else -1
        next_top = found[index + 1][0][1] if index + 1 < len(found) else float("inf")
        above = [l["text"].strip() for l in lines if l["bottom"] <= top + 1 and l["top"] >= prev_bottom - 1]
        below = [l["text"].strip() for l in lines if l["top"] >= bottom - 1 and l["bottom"] <= next_top + 1]
        result.append(Table(page=number, index=index, rows=rows, lines_above=above,
                            lines_below=below if index + 1 == len(found) else [], strategy=strategy))
    if not result:
        # A page with text but no table (a title page, a narrative page, an empty form's note)
        # is kept as a one-column table of its lines so forms can still see titles and notes.
        result.append(Table(page=number, index=0, rows=[], strategy="none",
                            lines_above=[l["text"].strip() for l in lines]))
    return result, chars


def _numbers_in(found) -> int:
    return sum(len(_NUMBER.findall(c)) for _, rows, _ in found for r in rows for c in r)


def _tables(page, settings) -> list[tuple[tuple, list[list[str]], str]]:
    name = "lines" if settings is LINES else ("text_columns" if settings is TEXT_COLUMNS else "text")
    out = []
    for table in sorted(page.find_tables(settings), key=lambda t: (t.bbox[1], t.bbox[0])):
        rows = _filled_grid(table)
        rows = [r for r in rows if any(c for c in r)]
        if len(rows) < 1 or max(len(r) for r in rows) < 2:
            continue
        out.append((table.bbox, rows, name))
    return out


def _filled_grid(table) -> list[list[str]]:
    """The table's text grid with every merged cell's text copied into the positions it covers."""
    texts = table.extract(x_tolerance=1.5)
    row_tops = [r.bbox[1] for r in table.rows]
    col_lefts = sorted({c.bbox[0] for c in table.columns})
    n_rows, n_cols = len(texts), max((len(r) for r in texts), default=0)
    grid = [[join_wrapped(t) for t in (row + [None] * (n_cols - len(row)))] for row in texts]
    if len(row_tops) != n_rows or len(col_lefts) != n_cols:
        return grid
    eps = 0.5
    for cell in table.cells:
        x0, top, x1, bottom = cell
        rs = [i for i, t in enumerate(row_tops) if top - eps <= t < bottom - eps]
        cs = [j for j, left in enumerate(col_lefts) if x0 - eps <= left < x1 - eps]
        if not rs or not cs:
            continue
        origin = grid[rs[0]][cs[0]]
        if is_amount(origin):
            continue  # a figure printed once must be counted once
        for i in rs:
            for j in cs:
                if (i, j) != (rs[0], cs[0]) and not grid[i][j]:
                    grid[i][j] = origin
    return grid


# ---------------------------------------------------------------------------------------------
# Tables drawn with horizontal rules only.
#
# pdfplumber needs vertical edges to make cells. Its text-aligned columns ("text" strategy) need
# several words lined up to make a column edge, so a column holding a single figure vanishes and
# wrapped names spill into their neighbours. Here the columns are derived once per table from
# the words inside its rules: one column per number of the 栏次 row (1 2 3 …) when there is one,
# else one per bottom-level header label, else one per gap in the body's words. The body is then
# cut with those columns as explicit vertical lines and the rules as row lines; the header, which
# has no rules between its levels, is rebuilt from its labels.
# ---------------------------------------------------------------------------------------------

_NUMBERS_LABEL = {"栏次", "栏号"}
_PLACEHOLDERS = {"甲", "乙", "丙", "丁"}   # 决算 tables number their text columns 甲 乙 …


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _rule_blocks(page) -> list[tuple[float, float, float, float, list[float]]]:
    """(x0, top, x1, bottom, rule tops) of each run of horizontal rules sharing one extent
    with no vertical rule inside its lower half."""
    edges = page.edges
    # Rules are often drawn cell by cell or as thin rectangles: join them into whole lines first.
    horizontal = merge_edges([e for e in edges if e["orientation"] == "h"], 3, 3, 3, 3)
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] > 2]
    groups: list[list] = []  # [x0, x1, tops]
    for edge in sorted(horizontal, key=lambda e: e["top"]):
        if edge["width"] < 0.3 * page.width:
            continue  # underlines and short decorative strokes are no table rules
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
        top, bottom = tops[0], tops[-1]
        middle = (top + bottom) / 2

        def crossing(e, low, high, inner=True):
            inside = x0 + 3 < e["x0"] < x1 - 3 if inner else min(abs(e["x0"] - x0), abs(e["x0"] - x1)) <= 3
            return inside and e["top"] < high - 1 and e["bottom"] > low + 1

        if any(crossing(e, middle, bottom) for e in vertical):
            continue  # a ruled grid (perhaps with a note row): the ruled pass reads it
        if len(tops) == 2 and any(crossing(e, top, bottom, inner=False) for e in vertical):
            continue  # two rules closed by sides are a frame or a text box, not a table
        blocks.append((x0, top, x1, bottom, tops))
    return blocks


def _text_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and word["top"] - lines[-1][0]["top"] <= 1.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _column_numbers(line: list[dict]) -> list[dict] | None:
    """The numbers of a 栏次 row (栏次 1 2 3 …, or 甲 乙 1 2 …), without its label; else None."""
    words = [w for w in line if w["text"].strip()]
    labelled = bool(words) and re.sub(r"\s", "", words[0]["text"]) in _NUMBERS_LABEL
    tokens = words[1:] if labelled else words
    texts = [re.sub(r"\s", "", w["text"]) for w in tokens]
    digits = [int(t) for t in texts if t.isdigit()]
    if not digits or not all(t.isdigit() or t in _PLACEHOLDERS for t in texts):
        return None
    if digits != list(range(digits[0], digits[0] + len(digits))) or len(tokens) < (2 if labelled else 3):
        return None
    return tokens


def _merge(intervals) -> list[list[float]]:
    merged: list[list[float]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return merged


def _leaf_labels(header: list[dict]) -> list[list[float]]:
    """x-ranges of the bottom-level header labels. Read bottom-up, so a group label (本年收入 over
    小计 … 其他收入) overlaps two labels already seen and is left out."""
    labels: list[list[float]] = []
    for word in sorted(header, key=lambda w: -w["top"]):
        hits = [iv for iv in labels if word["x0"] < iv[1] - 0.5 and iv[0] + 0.5 < word["x1"]]
        if len(hits) == 1:
            hits[0][0], hits[0][1] = min(hits[0][0], word["x0"]), max(hits[0][1], word["x1"])
        elif not hits:
            labels.append([word["x0"], word["x1"]])
    return sorted(labels)


def _column_bounds(x0, x1, header, numbers, body) -> list[float] | None:
    """Column edges from the left rule end to the right one."""
    labels = _leaf_labels(header)
    if numbers:
        # Text columns left of the numbering keep their labels (栏次 may span them, or be absent).
        anchors = [iv for iv in labels if iv[1] < numbers[0]["x0"]] + [[w["x0"], w["x1"]] for w in numbers]
    else:
        anchors = labels or _merge((w["x0"], w["x1"]) for w in body)
    if len(anchors) < 2:
        return None
    # Each run of printed text belongs to the column whose extent it touches, else to the nearest
    # one (a right-aligned figure sits off its centred label); a run touching two columns is a
    # note across the table and says nothing. Labels go first: they are sure of their column.
    # The edges fall in the middle of the gaps between the columns' text.
    extents = [list(a) for a in anchors]
    for runs in (labels, _merge((w["x0"], w["x1"]) for w in body)):
        for lo, hi in runs:
            hits = [i for i, (a0, a1) in enumerate(extents) if lo < a1 and a0 < hi]
            if not hits:
                hits = [min(range(len(extents)), key=lambda i: max(extents[i][0] - hi, lo - extents[i][1]))]
            if len(hits) == 1:
                extent = extents[hits[0]]
                extent[0], extent[1] = min(extent[0], lo), max(extent[1], hi)
    inner = [(extents[i][1] + extents[i + 1][0]) / 2 for i in range(len(anchors) - 1)]
    if any(b <= a for a, b in zip(inner, inner[1:])):
        inner = [(anchors[i][1] + anchors[i + 1][0]) / 2 for i in range(len(anchors) - 1)]
    bounds = [x0] + inner + [x1]
    return bounds if all(a < b for a, b in zip(bounds, bounds[1:])) else None


def _row_of(words: list[dict], bounds: list[float]) -> list[str]:
    """One line of words put into columns by their centres."""
    cells: list[list[dict]] = [[] for _ in bounds[1:]]
    for word in words:
        centre = (word["x0"] + word["x1"]) / 2
        cells[max(0, min(len(cells) - 1, sum(b <= centre for b in bounds[1:-1])))].append(word)
    return [_cell_text(c) for c in cells]


def _cell_text(words: list[dict]) -> str:
    return join_wrapped("\n".join(" ".join(w["text"].strip() for w in line) for line in _text_lines(words)))


def _header_rows(header: list[dict], bounds: list[float]) -> list[list[str]]:
    """The header as rows, a group label repeated over the columns it spans, a label that spans
    all levels repeated down (as merged cells are filled for ruled grids)."""
    if not header:
        return []
    n = len(bounds) - 1

    def columns(word):
        hit = [j for j in range(n) if min(word["x1"], bounds[j + 1]) - max(word["x0"], bounds[j]) > 1]
        centre = (word["x0"] + word["x1"]) / 2
        return hit or [max(0, min(n - 1, sum(b <= centre for b in bounds[1:-1])))]

    groups, stacks = [], [[] for _ in range(n)]
    for word in header:
        cols = columns(word)
        if len(cols) > 1:
            groups.append((word, cols))
        else:
            stacks[cols[0]].append(word)
    leaves = []
    for j, stack in enumerate(stacks):
        # Text above a gap wider than half a line is a group label over this column (功能分类科目
        # over 科目名称), not the first line of a wrapped label.
        stack.sort(key=lambda w: w["top"])
        start, lowest = 0, None
        for i, word in enumerate(stack):
            if lowest is not None and word["top"] - lowest > 0.5 * (word["bottom"] - word["top"]):
                start = i
            lowest = max(lowest or word["bottom"], word["bottom"])
        groups += [(w, [j]) for w in stack[:start]]
        leaves.append(stack[start:])

    # A group label is printed centred over its columns, which all have their label below it in
    # the lower half of the header (a label centred over all levels, 合计, belongs to no group).
    top = min(w["top"] for w in header)
    mid = (top + max(w["bottom"] for w in header)) / 2
    levels = sorted({round(w["top"]) for w, _ in groups})
    rows: list[list[str | None]] = [[None] * n for _ in levels]
    for word, cols in groups:
        height = word["bottom"] - word["top"]
        taken = {j for w, c in groups if w is not word and abs(w["top"] - word["top"]) < height for j in c}

        def under(j):
            leaf = leaves[j]
            return j not in taken and (not leaf or (min(w["top"] for w in leaf) >= word["bottom"]
                                                    and sum(w["top"] + w["bottom"] for w in leaf) / (2 * len(leaf)) > mid + height / 4))

        first, last = min(cols), max(cols)
        while first > 0 and under(first - 1):
            first -= 1
        while last < n - 1 and under(last + 1):
            last += 1
        centre = (word["x0"] + word["x1"]) / 2
        widths = sorted(bounds[j + 1] - bounds[j] for j in range(first, last + 1))
        tolerance = widths[len(widths) // 2] / 4
        spans = [(a, b) for a in range(first, min(cols) + 1) for b in range(max(cols), last + 1)
                 if abs((bounds[a] + bounds[b + 1]) / 2 - centre) <= tolerance]
        a, b = max(spans, key=lambda s: s[1] - s[0]) if spans else (min(cols), max(cols))
        row = rows[levels.index(round(word["top"]))]
        for j in range(a, b + 1):
            row[j] = " ".join(filter(None, [row[j], word["text"].strip()]))
    rows.append([_cell_text(leaf) for leaf in leaves])
    for i in range(len(rows) - 2, -1, -1):
        rows[i] = [cell if cell is not None else below for cell, below in zip(rows[i], rows[i + 1])]
    return rows


def _layout(words: list[dict], top: float, bottom: float, tops: list[float]):
    """(header words, 栏次 words or None, body top) of the words between a table's rules."""
    lines = _text_lines(words)
    first_figure = next((i for i, l in enumerate(lines) if any(_NUMBER.search(w["text"]) for w in l)), len(lines))
    numbers_at = next((i for i in range(first_figure) if _column_numbers(lines[i])), None)
    if numbers_at is not None:
        line = lines[numbers_at]
        line_bottom = max(w["bottom"] for w in line)
        rule = min((t for t in tops if t >= line_bottom - 1), default=bottom)
        after = lines[numbers_at + 1:]
        body_top = (line_bottom + after[0][0]["top"]) / 2 if after and after[0][0]["top"] < rule else rule
        return [w for l in lines[:numbers_at] for w in l], line, body_top
    if first_figure < len(lines):
        figure_top = lines[first_figure][0]["top"]
        body_top = max(t for t in tops if t <= figure_top + 1)
        if body_top <= top + 1 and first_figure:
            # No rule between header and body: cut right above the first line with a figure.
            body_top = (max(w["bottom"] for w in lines[first_figure - 1]) + figure_top) / 2
    else:
        body_top = tops[1]  # no figures at all (a text table): its first row is the header
    return [w for l in lines for w in l if w["bottom"] <= body_top], None, body_top


def _edge(x0, top, x1, bottom) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top}


def _rules_only_tables(page, previous, carry: dict) -> list[tuple[tuple, list[list[str]], str]]:
    blocks = _rule_blocks(page)
    if not blocks:
        return []
    words = [w for w in page.extract_words(keep_blank_chars=True) if w["text"].strip()]
    layouts, verticals, horizontals = [], [], []
    for x0, top, x1, bottom, tops in blocks:
        inside = [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
        if not inside:
            continue
        header, numbers, body_top = _layout(inside, top, bottom, tops)
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
        verticals += [_edge(b, body_top, b, bottom) for b in bounds]
        horizontals.append(_edge(x0, body_top, x1, body_top))
        carry["columns"] = (x0, x1, bounds)
    if not layouts:
        return []
    settings = {"vertical_strategy": "explicit", "explicit_vertical_lines": verticals,
                "horizontal_strategy": "lines", "explicit_horizontal_lines": horizontals}
    cut = page.find_tables(settings)
    out = []
    for x0, top, x1, bottom, header, numbers, body_top, bounds in layouts:
        rows = _header_rows(header, bounds)
        if numbers:
            rows.append(_row_of(numbers, bounds))
        for table in cut:
            bx0, btop, bx1, bbottom = table.bbox
            if bx0 >= x0 - 1 and bx1 <= x1 + 1 and btop >= body_top - 1 and bbottom <= bottom + 1:
                rows += [r for r in _filled_grid(table) if any(r)]
        if rows and len(bounds) > 2:
            out.append(((x0, top, x1, bottom), rows, "rules"))
    return out
