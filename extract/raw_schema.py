"""Columns of the raw tables: one definition for the Parquet files and the DuckDB tables.

Raw tables hold text as printed plus provenance; typing happens in dbt staging.
"""
import pyarrow as pa

S, I, B = pa.string(), pa.int64(), pa.bool_()

RAW_TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [
        ("document_id", S), ("file_name", S), ("path", S), ("sha256", S), ("format", S),
        ("pages", I), ("text_chars", I), ("status", S), ("reason_code", S), ("reason", S),
        ("tables_found", I), ("tables_recognised", I), ("extractor_version", S),
    ],
    "budget_tables": [
        ("document_id", S), ("table_id", S), ("form", S), ("table_kind", S), ("title", S),
        ("document_kind", S), ("unit_text", S), ("unit", S), ("first_page", I), ("last_page", I),
        ("pages", I), ("body_rows", I), ("is_empty", B), ("note", S), ("header_json", S),
        ("column_labels_json", S), ("column_numbers_json", S), ("strategy", S),
        ("department_code", S), ("department_name", S), ("fiscal_year_text", S),
    ],
    "budget_cells": [
        ("document_id", S), ("table_id", S), ("line_no", I), ("side", S), ("page", I),
        ("table_index", I), ("page_row", I), ("seq_text", S), ("code_text", S), ("item_text", S),
        ("column_no", I), ("column_label", S), ("measure", S), ("basis", S), ("value_text", S),
    ],
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema(RAW_TABLES[table])


def duckdb_columns(table: str) -> str:
    names = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN"}
    return ", ".join(f"{name} {names[kind]}" for name, kind in RAW_TABLES[table])
