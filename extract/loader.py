"""The one writer: load every document's Parquet files from the store into DuckDB `raw.*`.

The raw tables are rebuilt from the store inside one transaction, so a reader sees either the
old or the new state, never a half-loaded document, and loading the same store twice changes
nothing.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager

import duckdb

from extract.raw_schema import RAW_TABLES, duckdb_columns


@contextmanager
def warehouse_lock(db_path: str, timeout: float = 600):
    """Serialise writers of one warehouse file across processes (DuckDB allows one writer)."""
    lock_path = os.path.abspath(db_path) + ".lock"
    os.makedirs(os.path.dirname(lock_path) or ".", exist_ok=True)
    with open(lock_path, "w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another run has held the warehouse {db_path} for {timeout:.0f} s")
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stored_documents(store: str) -> list[str]:
    return sorted(d for d in os.listdir(store) if not d.startswith(".") and os.path.exists(
        os.path.join(store, d, "_DONE.json"))) if os.path.isdir(store) else []


def load_store(store: str, db_path: str, document_ids: list[str] | None = None) -> dict[str, int]:
    """Replace raw.* with the given documents (default: all in the store). Returns row counts."""
    ids = stored_documents(store) if document_ids is None else [d for d in stored_documents(store) if d in set(document_ids)]
    counts = {}
    with warehouse_lock(db_path):
        con = duckdb.connect(db_path)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE SCHEMA IF NOT EXISTS raw")
            for table in RAW_TABLES:
                files = [os.path.join(store, d, f"{table}.parquet") for d in ids]
                con.execute(f"CREATE OR REPLACE TABLE raw.{table} ({duckdb_columns(table)})")
                if files:
                    columns = ", ".join(name for name, _ in RAW_TABLES[table])
                    con.execute(f"INSERT INTO raw.{table} SELECT {columns} FROM read_parquet(?)", [files])
                counts[table] = con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()
    return counts
