"""Plain-text reader for text exports of disclosures.

Pages are separated by form feeds. Three ways of printing a table row are read, line by line,
because text exports of office documents and PDFs use them all (often mixed in one file):

* a line of TAB-separated cells (leading TABs are empty cells and are kept, so columns stay put);
* one cell per line, each line starting with a TAB, a blank line ending the row (exports of
  Word tables);
* cells separated by runs of two or more spaces (layout-preserving PDF text).

Other lines are text around the tables. Text that separates cells by single spaces and drops
empty cells (raw pdftotext output) is read by `raw_text`, which rebuilds only what it can place
with certainty.
"""
from __future__ import annotations

import re

from extract.model import Table, UnreadableDocument
from extract.readers.raw_text import is_raw_export, place_raw_tables, read_raw_tables
from extract.readers.raw_text_lists import read_figure_lists
from extract.readers.raw_text_targets import read_target_tables

_SPACED = re.compile(r" {2,}")
# A word processor's "autospace" between Chinese characters and Latin digits/letters is not
# printed text: "完成 2025 年度" is printed 完成2025年度.
_AUTOSPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) +(?=[\u4e00-\u9fff])")


def decode(path: str) -> str:
    raw = open(path, "rb").read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("unsupported_type", "the file is neither a PDF, XLSX, DOCX nor readable text")


def clean_cell(text: str) -> str:
    return _AUTOSPACE.sub("", text.strip())


def _is_cell_line(line: str) -> bool:
    """One cell of a row printed one cell per line: a TAB, then the cell (no further TAB)."""
    return line.startswith("\t") and "\t" not in line[1:].rstrip("\t")


def read_text(path: str) -> tuple[int, list[Table], int]:
    content = decode(path)
    pages = content.split("\f")
    raw = is_raw_export(content)
    # cells separated by single spaces (no TAB, no run of spaces): target tables are rebuilt as such too
    single_spaced = "\t" not in content and not re.search(r"\S {2,}\S", content)
    tables: list[Table] = []
    raw_tables: list = []      # raw text tables of every page, placed together: one document's tables
    for number, page in enumerate(pages, start=1):
        state = _PageState(number, tables)
        lines = page.splitlines()
        # Split by form feeds (pdftotext's default), the text's pages are known: a table's page is its page's
        # number. Without them the readers count the pages they see (page headers printed again).
        known_page = number if len(pages) > 1 else None
        regions = ({start: (end, found) for start, end, found in read_raw_tables(lines, raw_tables, known_page)}
                   if raw else {})
        if single_spaced:
            # target tables and label-and-figure lists, on pages of their own after those already read
            for reader in (read_target_tables, read_figure_lists):
                first_page = known_page or max([number] + [t.page for t in tables]
                                               + [t.page for _, found in regions.values() for t in found]) + 1
                taken = [(start, end) for start, (end, _) in regions.items()]
                for start, end, found in reader(lines, first_page):
                    if not any(start < other_end and other_start < end for other_start, other_end in taken):
                        regions[start] = (end, found)
        i = 0
        while i < len(lines):
            if i in regions:
                # a table rebuilt from raw text: the text before it is closed, the table taken whole
                state.finish()
                state.current, state.above = None, []
                end, found = regions[i]
                for table in found:
                    table.index = sum(t.page == table.page for t in tables)
                    tables.append(table)
                i = end
                continue
            line = lines[i].rstrip("\r")
            if not line.strip() and not (line.startswith("\t") and _cell_block_follows(lines, i)):
                i += 1
                continue
            if _is_cell_line(line) and (i + 1 < len(lines) and _is_cell_line(lines[i + 1].rstrip("\r"))):
                cells = []
                while i < len(lines) and _is_cell_line(lines[i].rstrip("\r")):
                    cells.append(clean_cell(lines[i].rstrip("\r")[1:]))
                    i += 1
                state.row(cells)
                continue
            i += 1
            if "\t" in line.strip("\t") or (line.startswith("\t") and line.strip()):
                cells = [clean_cell(c) for c in line.split("\t")]
                filled = [c for c in cells if c]
                if len(filled) >= 2 or (filled and not cells[0] and self_open(state)):
                    state.row(cells)
                else:
                    state.text(" ".join(filled))
                continue
            if "  " in line.strip():
                cells = [c.strip() for c in _SPACED.split(line.strip())]
                if len(cells) >= 2:
                    state.row(cells)
                    continue
            state.text(line.strip())
        state.finish()
    place_raw_tables(raw_tables)   # before the rows are padded (copied) below
    for table in tables:
        width = table.n_cols
        table.rows = [r + [""] * (width - len(r)) for r in table.rows]
    return len(pages), tables, len(content.strip())


def self_open(state: "_PageState") -> bool:
    return state.current is not None


def _cell_block_follows(lines: list[str], i: int) -> bool:
    return _is_cell_line(lines[i]) and i + 1 < len(lines) and _is_cell_line(lines[i + 1])


class _PageState:
    """Groups one page's rows into tables and its other lines into the text around them."""

    def __init__(self, page: int, tables: list[Table]):
        self.page, self.tables = page, tables
        self.current: Table | None = None
        self.above: list[str] = []

    def row(self, cells: list[str]):
        if self.current is None:
            self.current = Table(page=self.page, index=sum(t.page == self.page for t in self.tables), rows=[],
                                 lines_above=self.above, strategy="text")
            self.tables.append(self.current)
            self.above = []
        self.current.rows.append(cells)

    def text(self, line: str):
        if not line:
            return
        if self.current is not None:
            self.current.lines_below.append(line)
            self.current = None
        else:
            self.above.append(line)

    def finish(self):
        if self.above:
            self.tables.append(Table(page=self.page, index=sum(t.page == self.page for t in self.tables), rows=[],
                                     lines_above=self.above, strategy="none"))
