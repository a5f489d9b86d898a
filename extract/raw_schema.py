"""Columns of the raw tables: one definition for the Parquet files and the DuckDB tables.

`documents` is written for every input file; each form module declares the raw tables it
writes in its own `RAW_TABLES`. Raw tables hold text as printed plus provenance; typing
happens in dbt staging.
"""
import pyarrow as pa

from extract.forms import FORMS
from extract.forms.base import RawColumns

S, I, B = pa.string(), pa.int64(), pa.bool_()

DOCUMENTS: dict[str, RawColumns] = {
    "documents": [
        ("document_id", S), ("file_name", S), ("path", S), ("sha256", S), ("format", S),
        ("pages", I), ("text_chars", I), ("status", S), ("reason_code", S), ("reason", S),
        ("tables_found", I), ("tables_recognised", I), ("extractor_version", S),
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
    names = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN"}
    return ", ".join(f"{name} {names[kind]}" for name, kind in RAW_TABLES[table])
