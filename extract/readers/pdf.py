"""PDF reader (pdfplumber).

Tables are found per page with ruled lines first; a page whose ruled tables miss most of its
figures (tables with horizontal rules only, or none) is read again with text-aligned columns.
"""
from __future__ import annotations

import re

import pdfplumber
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
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise UnreadableDocument("corrupt", f"the PDF's page tree is broken ({exc})") from exc
        for number, page in enumerate(pages, start=1):
            try:
                page_tables, page_chars = _read_page(page, number)
            except UnreadableDocument:
                raise
            except Exception as exc:
                raise UnreadableDocument("corrupt", f"page {number} cannot be read ({type(exc).__name__}: {exc})") from exc
            tables.extend(page_tables)
            chars += page_chars
            page.flush_cache()
        return len(pages), tables, chars


def _read_page(page, number: int) -> tuple[list[Table], int]:
    text = page.extract_text() or ""
    chars = len(text.strip())
    if not chars:
        return [], 0
    found = _tables(page, LINES)
    numbers_on_page = len(_NUMBER.findall(text))
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
