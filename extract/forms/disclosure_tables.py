"""What the procurement, fixed-asset and unit forms share (not a form itself).

Each of those forms recognises its tables by title, follows them over pages with
`base.assemble` (which drops the repeated metadata line and header of each continuation page),
and maps every column to a field by its printed header path. The forms write two raw tables
each: `<name>_tables` (one row per table) and `<name>_cells` (one row per non-empty body cell,
text as printed, with its page, page row, column and field), so nothing printed is dropped: a
column whose header no field pattern knows is kept with the field `unmapped`.

Cells wrapped over several lines in the PDF are rebuilt by the readers (a ruled cell's lines
are joined with `model.join_wrapped`); nothing here guesses from line order.
"""
from __future__ import annotations

import json
import re
from typing import Callable

from extract.forms.base import (AssembledTable, B, BodyRow, I, RawColumns, S, assemble, find_department, find_unit,
                                header_paths,
                                squash)
from extract.model import Document, is_amount

TABLE_COLUMNS: RawColumns = [
    ("document_id", S), ("table_id", S), ("form", S), ("title", S), ("unit_text", S), ("unit", S),
    ("first_page", I), ("last_page", I), ("pages", I), ("body_rows", I), ("is_empty", B), ("note", S),
    ("header_json", S), ("column_labels_json", S), ("column_fields_json", S), ("strategy", S),
    ("department_code", S), ("department_name", S), ("as_of_text", S),
]
CELL_COLUMNS: RawColumns = [
    ("document_id", S), ("table_id", S), ("line_no", I), ("page", I), ("table_index", I), ("page_row", I),
    ("column_no", I), ("column_label", S), ("field", S), ("value_text", S),
]
AS_OF = re.compile(r"(?:截止|截至|截止时间|截止日期|统计截止)[:：]?\s*(20\d{2}[-年./]\d{1,2}[-月./]\d{1,2}日?|20\d{2}年\d{1,2}月\d{1,2}日|20\d{2}年(?:底|末))")
EMPTY_NOTE = re.compile(r"空表|无.{0,12}(预算|决算|采购|资产|数据|事项)|不涉及")


GENERIC = re.compile(r"^(合计|小计|金额|总计)$")


def column_field(path: list[str], fields: list[tuple[str, re.Pattern]]) -> str:
    """The first field whose pattern matches the lowest label, else a label above it. A generic
    label (小计 under 财政拨款) takes the field of the label above it when that one is specific."""
    if len(path) > 1 and GENERIC.match(path[-1]):
        above = column_field(path[:-1], fields)
        if above not in ("unmapped", "total"):
            return above
    for label in reversed(path):
        for field_name, pattern in fields:
            if pattern.search(label):
                return field_name
    return "unmapped"


def _split_text_table(table: AssembledTable, fields: list[tuple[str, re.Pattern]]) -> None:
    """A table of text only (a list of units: no figure, no code) has no row `split_header` takes for
    body: its header is the leading rows whose labels are field labels, the rest is body."""
    if table.body or not table.header:
        return
    count = 0
    for row in table.header:
        labels = [squash(c) for c in row if squash(c)]
        if not labels or sum(any(p.search(t) for _, p in fields) for t in labels) * 2 < len(labels):
            break
        count += 1
    count = count or 1
    table.body = [BodyRow(r, table.pages[0], table.first_index, table.first_row + k)
                  for k, r in enumerate(table.header[count:], start=count)]
    table.header = table.header[:count]


def _header_from_meta(table: AssembledTable, positional: list[str]) -> list[str]:
    """Field names of a table whose header row was taken for a metadata line (a header holding
    金额单位：万元 is one): the printed labels are in that line; map by position."""
    return positional[:table.n_cols] + ["unmapped"] * (table.n_cols - len(positional))


def extract_tables(document: Document, form: str, classify: Callable[[str], str | None],
                   fields: list[tuple[str, re.Pattern]], positional: list[str]) -> tuple[list[dict], list[dict]]:
    """(`<form>_tables` rows, `<form>_cells` rows) for every table of the document `classify` claims.

    A table printed without a header row on its first page maps its columns by position
    (`positional`: the form's usual column order).
    """
    tables, cells = [], []
    document_id = document.document_id
    for number, table in enumerate(assemble(document, classify), start=1):
        if not table.header and not table.body:
            continue  # a title over text only (机构设置 told in a paragraph): no table
        table_id = f"{document_id}-{form}-{number:02d}"
        _split_text_table(table, fields)
        paths = header_paths(table)
        names = [column_field(p, fields) if p else "unmapped" for p in paths]
        if not any(paths):
            names = _header_from_meta(table, positional)
        meta = [table.title] + table.text_around + [" ".join(r) for r in table.header]
        printed_unit = find_unit(meta)
        code, department = find_department(table.text_around)
        as_of = next((m.group(1) for m in map(AS_OF.search, map(squash, meta)) if m), "")
        body = [r for r in table.body if any(squash(c) for c in r.cells)]
        declared_empty = bool(body) and not any(is_amount(squash(c)) for r in body for c in r.cells) and any(
            EMPTY_NOTE.search(squash(c)) for r in body for c in r.cells)
        # Only a declaration that the table is empty is kept as its note: the text around a table
        # in a narrative also holds other tables' notes and unrelated sentences.
        note = " ".join(line for line in table.text_around if "空表" in squash(line))
        if declared_empty:
            note = " ".join(dict.fromkeys(c for r in body for c in r.cells if c)) + (" " + note if note else "")
            body = []
        tables.append({
            "document_id": document_id, "table_id": table_id, "form": form, "title": table.title,
            "unit_text": printed_unit or "", "unit": printed_unit or "",
            "first_page": min(table.pages), "last_page": max(table.pages), "pages": len(table.pages),
            "body_rows": len(body), "is_empty": not body, "note": note.strip(),
            "header_json": json.dumps(table.header, ensure_ascii=False),
            "column_labels_json": json.dumps(["/".join(p) for p in paths], ensure_ascii=False),
            "column_fields_json": json.dumps(names, ensure_ascii=False), "strategy": table.strategy,
            "department_code": code or "", "department_name": department or "", "as_of_text": as_of,
        })
        for line_no, row in enumerate(body, start=1):
            for j, text in enumerate(row.cells):
                if not squash(text):
                    continue
                page, table_index, page_row = row.source(j)   # a table printed in two halves: each cell's own page
                cells.append({
                    "document_id": document_id, "table_id": table_id, "line_no": line_no, "page": page,
                    "table_index": table_index, "page_row": page_row, "column_no": j + 1,
                    "column_label": "/".join(paths[j]) if j < len(paths) else "",
                    "field": names[j] if j < len(names) else "unmapped", "value_text": text,
                })
    return tables, cells
