"""The one writer: load every document's Parquet files from the store into DuckDB `raw.*`.

The raw tables are rebuilt from the store inside one transaction, so a reader sees either the
old or the new state, never a half-loaded document, and loading the same store twice changes
nothing. When a file changed at the same path, only the version seen last is loaded: its facts
replace the earlier version's in that same transaction. A file removed from the inbox keeps its
facts (the store is the archive of what was published); `forget_documents` retracts one.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager

from extract.duckdb_settings import connect
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


def superseded_documents(store: str) -> set[str]:
    """Documents whose path was seen since with other content (a changed file): not loaded.

    Reads the registry records `<store>/_registry/<document_id>.json` ({"path", "seen_at_ns"})
    written by orchestration.registry each time a file is ingested.
    """
    latest: dict[str, tuple[int, str]] = {}
    folder = os.path.join(store, "_registry")
    records = []
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name.endswith(".json"):
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    record = json.load(handle)
                records.append((name[:-5], record["path"], int(record.get("seen_at_ns", 0))))
            except (OSError, ValueError, KeyError):
                continue  # a record being rewritten: treat that document as current
    for doc_id, path, seen in records:
        if path not in latest or seen > latest[path][0]:
            latest[path] = (seen, doc_id)
    current = {doc_id for _, doc_id in latest.values()}
    return {doc_id for doc_id, _, _ in records if doc_id not in current}


def forget_documents(store: str, document_ids: list[str]) -> list[str]:
    """Retract documents: remove them from the store (the next load drops their facts). Returns those removed."""
    removed = []
    for doc_id in document_ids:
        for target in (os.path.join(store, doc_id), os.path.join(store, "_registry", f"{doc_id}.json")):
            if os.path.isdir(target):
                shutil.rmtree(target)
                removed.append(doc_id)
            elif os.path.exists(target):
                os.remove(target)
    return removed


def load_store(store: str, db_path: str, document_ids: list[str] | None = None) -> dict[str, int]:
    """Replace raw.* with the given documents (default: every current document in the store). Returns row counts."""
    superseded = superseded_documents(store)
    stored = [d for d in stored_documents(store) if d not in superseded]
    ids = stored if document_ids is None else [d for d in stored if d in set(document_ids)]
    counts = {}
    with warehouse_lock(db_path):
        con = connect(db_path)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE SCHEMA IF NOT EXISTS raw")
            for table in RAW_TABLES:
                # A document extracted by an older extractor may lack a newer form's file: it has no such rows.
                files = [f for f in (os.path.join(store, d, f"{table}.parquet") for d in ids) if os.path.exists(f)]
                con.execute(f"CREATE OR REPLACE TABLE raw.{table} ({duckdb_columns(table)})")
                if files:
                    columns = ", ".join(name for name, _ in RAW_TABLES[table])
                    con.execute(f"INSERT INTO raw.{table} SELECT {columns} FROM read_parquet(?, union_by_name = true)", [files])
                counts[table] = con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()
    return counts
