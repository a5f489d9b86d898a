"""Columns of the raw tables: one definition for the Parquet files and the DuckDB tables.

`documents` is written for every input file; each form module declares the raw tables it
writes in its own `RAW_TABLES`. Raw tables hold text as printed plus provenance; typing
happens in dbt staging.
"""
import hashlib

import pyarrow as pa

from extract.forms import FORMS
from extract.forms.base import RawColumns

S, I, B, F = pa.string(), pa.int64(), pa.bool_(), pa.float64()

DOCUMENTS: dict[str, RawColumns] = {
    "documents": [
        ("document_id", S), ("file_name", S), ("path", S), ("sha256", S), ("format", S),
        ("pages", I), ("text_chars", I), ("status", S), ("reason_code", S), ("reason", S),
        ("tables_found", I), ("tables_recognised", I), ("extractor_version", S),
    ],
    # Where every printed cell the readers produced sits (evidence of findings): one row per non-empty
    # cell, keyed like the forms' rows (page, table_index, page_row) plus its column. PDF: box in points
    # from the page's top-left corner and the page's size; XLSX/DOCX: the sheet's / table's row (1-based).
    "cell_boxes": [
        ("document_id", S), ("page", I), ("table_index", I), ("page_row", I), ("col", I), ("text", S),
        ("x0", F), ("top", F), ("x1", F), ("bottom", F), ("page_width", F), ("page_height", F), ("source_row", I),
    ],
}

RAW_TABLES: dict[str, RawColumns] = dict(DOCUMENTS)
for _form in FORMS:
    for _name, _columns in _form.RAW_TABLES.items():
        if _name in RAW_TABLES:
            raise ValueError(f"raw table {_name} of form {_form.FORM} is already declared")
        RAW_TABLES[_name] = _columns


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema(RAW_TABLES[table])


def duckdb_columns(table: str) -> str:
    names = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN", pa.float64(): "DOUBLE"}
    return ", ".join(f"{name} {names[kind]}" for name, kind in RAW_TABLES[table])


def schema_fingerprint() -> str:
    """The raw tables' names, columns and types as one short hash. An extraction records it (`_DONE.json`:
    raw_schema): the loader reads the files of documents written with the current schema in one plain scan, and
    only an older extraction's files, which may lack a newer column, by name (extract.loader)."""
    text = "\n".join(f"{table}:" + ",".join(f"{name} {kind}" for name, kind in columns)
                     for table, columns in sorted(RAW_TABLES.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
