"""Read any supported file into the table model; decide the format from the bytes, not the name."""
from __future__ import annotations

import hashlib
import os
import zipfile

from extract.model import Document, UnreadableDocument

# An XLSX/DOCX whose parts would expand beyond this is refused before it is opened.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sniff_format(path: str) -> str:
    """pdf / xlsx / docx / text, or raise UnreadableDocument with the reason."""
    size = os.path.getsize(path)
    if size == 0:
        raise UnreadableDocument("empty_file", "the file is empty (0 bytes)")
    with open(path, "rb") as handle:
        head = handle.read(2048)
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered[:512]:
        raise UnreadableDocument("html_not_pdf", "the file is a saved web page (HTML), not a PDF or office document")
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocument("unsupported_type", "legacy Office format (.xls/.doc); save it as .xlsx/.docx")
    if _looks_like_text(head):
        return "text"
    raise UnreadableDocument("unsupported_type", "the file is neither a PDF, XLSX, DOCX nor readable text")


def _office_kind(path: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            total = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist()) or 1
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument("corrupt", f"the ZIP container is damaged ({exc})") from exc
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise UnreadableDocument(
            "archive_bomb", f"the archive expands to {total:,} bytes from {packed:,} (refused as a decompression bomb)")
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    raise UnreadableDocument("unsupported_type", "a ZIP archive that is neither XLSX nor DOCX")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a multi-byte character cut by the 2 KiB window
                return True
    return False


def read_document(path: str, sha256: str | None = None) -> Document:
    """Read a file; raise UnreadableDocument (with a reason code) when it cannot be read."""
    fmt = sniff_format(path)
    # Only the reader the file needs is imported: each document is extracted in a process of its
    # own, and openpyxl and python-docx take longer to import than a short PDF takes to read.
    if fmt == "pdf":
        from extract.readers.pdf import read_pdf as reader
    elif fmt == "xlsx":
        from extract.readers.xlsx import read_xlsx as reader
    elif fmt == "docx":
        from extract.readers.docx import read_docx as reader
    else:
        from extract.readers.text import read_text as reader
    pages, tables, chars = reader(path)
    if fmt == "pdf" and chars == 0:
        raise UnreadableDocument("no_text_layer", f"the PDF has {pages} page(s) but no text layer (scanned images; OCR is not supported)")
    return Document(path=path, file_name=os.path.basename(path), sha256=sha256 or sha256_of(path), format=fmt,
                    pages=pages, tables=tables, text_chars=chars)
