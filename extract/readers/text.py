"""Plain-text reader for text exports of disclosures.

Pages are separated by form feeds. Lines with TAB-separated cells (or cells separated by runs of
two or more spaces) form table rows; other lines are text around the tables.
"""
from __future__ import annotations

import re

from extract.model import Table, UnreadableDocument

_SPLIT = re.compile(r"\t| {2,}")


def read_text(path: str) -> tuple[int, list[Table], int]:
    raw = open(path, "rb").read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableDocument("unsupported_type", "the file is neither a PDF, XLSX, DOCX nor readable text")
    pages = content.split("\f")
    tables: list[Table] = []
    for number, page in enumerate(pages, start=1):
        current: Table | None = None
        above: list[str] = []
        for line in page.splitlines():
            if not line.strip():
                continue
            cells = [c.strip() for c in _SPLIT.split(line.rstrip())] if ("\t" in line or "  " in line.strip()) else None
            if cells and len(cells) >= 2:
                if current is None:
                    current = Table(page=number, index=sum(t.page == number for t in tables), rows=[],
                                    lines_above=above, strategy="text")
                    tables.append(current)
                    above = []
                current.rows.append(cells)
            else:
                if current is not None:
                    current.lines_below.append(line.strip())
                    current = None
                    above = []
                else:
                    above.append(line.strip())
        if above:
            tables.append(Table(page=number, index=sum(t.page == number for t in tables), rows=[],
                                lines_above=above, strategy="none"))
    for table in tables:
        width = table.n_cols
        table.rows = [r + [""] * (width - len(r)) for r in table.rows]
    return len(pages), tables, len(content.strip())
