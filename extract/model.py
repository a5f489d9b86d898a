"""The one table model every reader returns and every form reads.

A document is a list of tables; each table knows the page it came from, the text printed
around it (titles, unit lines, notes) and its cells. Merged cells are filled with the text of
the cell they belong to, so a header path or a row label can be read from any column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Table:
    page: int                      # 1-based page (sheet number for XLSX, section for text)
    index: int                     # 0-based table index on that page
    rows: list[list[str]]          # cell texts, merged cells filled from their origin
    lines_above: list[str] = field(default_factory=list)  # printed text between the previous table and this one
    lines_below: list[str] = field(default_factory=list)  # printed text after this table on its page
    strategy: str = ""             # how the reader found it (pdf: lines / text; xlsx; docx; text)
    # Where each cell is printed (evidence for findings; written to raw.cell_boxes, never read by the forms):
    # PDF: boxes[i][j] = (x0, top, x1, bottom) in PDF points from the page's top-left corner (pdfplumber's
    # coordinates; the whole row's box when the reader knows the row but not the columns), page_size =
    # (width, height) in points. XLSX/DOCX: source_rows[i] = the row's 1-based row in the sheet / the
    # document's table (its columns are the cells' 1-based positions).
    # (not compared: two readings of the same table are equal whatever float noise their boxes carry)
    boxes: list[list[tuple[float, float, float, float] | None]] | None = field(default=None, compare=False, repr=False)
    page_size: tuple[float, float] | None = field(default=None, compare=False, repr=False)
    source_rows: list[int] | None = field(default=None, compare=False, repr=False)
    first_row: int = 0             # rows[0] is the reader's row first_row (a form that drops leading rows says so)

    def without_leading_rows(self, count: int, **changes) -> "Table":
        """The same table without its first `count` rows (captions, a title row, metadata rows), keeping
        each remaining row's place (first_row, boxes) so a page_row still names the printed row."""
        fields = dict(page=self.page, index=self.index, rows=self.rows[count:], lines_above=self.lines_above,
                      lines_below=self.lines_below, strategy=self.strategy,
                      boxes=self.boxes[count:] if self.boxes is not None else None, page_size=self.page_size,
                      source_rows=self.source_rows[count:] if self.source_rows is not None else None,
                      first_row=self.first_row + count)
        fields.update(changes)
        return Table(**fields)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Document:
    path: str
    file_name: str
    sha256: str
    format: str                    # pdf / xlsx / docx / text
    pages: int
    tables: list[Table]
    text_chars: int = 0            # characters of text found (0 for a scanned PDF)

    @property
    def document_id(self) -> str:
        from extract.store import document_id_for

        return document_id_for(self.sha256)


class UnreadableDocument(Exception):
    """A file we cannot read. `reason` is a stable code; the message is for people."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’（）]"


def join_wrapped(text: str | None) -> str:
    """Rejoin text a cell wrapped over lines: no space between Chinese characters or digits."""
    if text is None:
        return ""
    parts = [p.strip() for p in str(text).replace("\r", "\n").split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (re.search(_CJK + "$", out) or re.match(_CJK, part) or re.search(r"[\d.,%-]$", out)):
            out += " "
        out += part
    return out.strip()


_AMOUNT = re.compile(r"^[-−]?\(?[\d,，]*\.?\d+\)?$")


def is_amount(text: str | None) -> bool:
    """True for a printed figure such as 1,234.56, -3, (12.00); not for codes with letters."""
    return bool(text) and bool(_AMOUNT.match(text.replace(" ", "")))
