"""DOCX reader: every table of the body in order; merged cells repeat their text."""
from __future__ import annotations

import docx
from docx.oxml.ns import qn

from extract.model import Table, UnreadableDocument, join_wrapped


def read_docx(path: str) -> tuple[int, list[Table], int]:
    try:
        document = docx.Document(path)
    except Exception as exc:
        raise UnreadableDocument("corrupt", f"the DOCX cannot be opened ({type(exc).__name__}: {exc})") from exc
    tables, pending, chars = [], [], 0
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                pending.append(text)
                chars += len(text)
        elif child.tag == qn("w:tbl"):
            table = docx.table.Table(child, document)
            rows = []
            for row in table.rows:
                # python-docx returns the same cell for each grid position a merge covers.
                rows.append([join_wrapped(cell.text) for cell in row.cells])
            chars += sum(len(c) for r in rows for c in r)
            tables.append(Table(page=1, index=len(tables), rows=rows, lines_above=pending, strategy="docx",
                                source_rows=list(range(1, len(rows) + 1))))
            pending = []
    if pending and tables:
        tables[-1].lines_below = pending
    elif pending:
        tables.append(Table(page=1, index=0, rows=[], lines_above=pending, strategy="none"))
    return 1, tables, chars
