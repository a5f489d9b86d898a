"""Label-and-figures tables of raw text exports (部门固定资产占用情况表): one label column, then figure columns.

Raw text (pdftotext without -layout) separates cells by single spaces and drops empty cells, so such a
table is rebuilt only when every row is certain:

* the title is one the fixed-asset form claims; below it, metadata lines (unit, 截止时间, the
  department) and one header line: a label header (项目 …) then figure headers (数量, 价值 …), k of them;
* every body line ends with exactly k figures after a label that does not end with one (the label is
  the rest of the line, spaces as printed); the table ends at a section heading, a note or the end of
  the text, after a blank line or not.

A line that does not print all k figures (an empty cell is invisible) or a label wrapped onto a line of
its own leaves the whole table unread (its text stays narrative text): which column a figure belongs to
is never guessed.
"""
from __future__ import annotations

import re

from extract.model import Table

FIGURE = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
LABEL_HEADERS = re.compile(r"^(项目|名称|资产名称|资产类别|资产分类|类别)$")
FIGURE_HEADERS = re.compile(r"^(数量|价值|金额|原值|净值|账面价值|账面原值|面积)([（(].*[)）])?$")
META = re.compile(r"单位[:：]|截[止至]|^\d{3,9}\s+\S")
END = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分|注[:：]|备注|说明[:：])")


def _header(line: str) -> list[str] | None:
    """The header's cells (single characters spread over a cell, 项 目, rejoined as printed) when it is a
    label header followed by figure headers."""
    cells: list[str] = []
    for token in line.split():
        if cells and len(token) == 1 and len(cells[-1].replace(" ", "")) == 1 and not LABEL_HEADERS.match(cells[-1]):
            cells[-1] += " " + token          # 项 目: one label spaced out
        else:
            cells.append(token)
    if len(cells) < 2 or not LABEL_HEADERS.match(cells[0].replace(" ", "")):
        return None
    if not all(FIGURE_HEADERS.match(c) for c in cells[1:]):
        return None
    return cells


def _row(line: str, k: int) -> list[str] | None:
    words = line.split()
    if len(words) <= k or not all(FIGURE.match(w) for w in words[-k:]) or FIGURE.match(words[-k - 1]):
        return None
    return [" ".join(words[:-k])] + words[-k:]


def read_figure_lists(lines: list[str], first_page: int) -> list[tuple[int, int, list[Table]]]:
    """(first line, end line, [table]) of every such table rebuilt, each on a page of its own from
    `first_page` on."""
    from extract.forms.fixed_assets import classify

    regions = []
    page = first_page
    i = 0
    while i < len(lines):
        title = lines[i].strip()
        if not title or not classify(title):
            i += 1
            continue
        j = i + 1
        meta: list[str] = []
        header = None
        while j < len(lines) and j < i + 6:
            text = lines[j].strip()
            j += 1
            if not text:
                continue
            header = _header(text)
            if header or not META.search(text):
                break
            meta.append(text)
        if not header:
            i += 1
            continue
        k = len(header) - 1
        rows: list[list[str]] = []
        end = j
        certain = True
        while j < len(lines):
            text = lines[j].strip()
            if not text:
                j += 1
                continue
            if END.match(text) or classify(text):
                break
            row = _row(text, k)
            if row is None:
                certain = False
                break
            rows.append(row)
            j = end = j + 1
        if certain and rows:
            regions.append((i, end, [Table(page=page, index=0, rows=[header] + rows, lines_above=[title] + meta,
                                           strategy="raw_text")]))
            page += 1
        i = max(end, i + 1)
    return regions
