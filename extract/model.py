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
