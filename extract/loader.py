"""The one writer: load the store into a new warehouse file and publish it atomically.

A build never writes the published warehouse file. Each build (one Dagster run) writes its own file,
`<db>.builds/<build id>/warehouse.duckdb` (dbt runs in that folder with one constant profile, and its
views name no catalog, so they stay valid after the move): `load_store` rebuilds `raw.*` there from the store, dbt builds the models there,
the rules write `check_failures`/`check_results` there, the report is rendered from it, and then
`publish_build` moves it over the published file with `os.replace()` — marts, findings and report of
one build become visible together, and a reader that has the old file open (a BI tool, a notebook)
keeps reading the previous build: DuckDB would refuse a writer on a file any other process has open,
even read-only, but nobody ever opens the published file for writing.

Two builds may overlap; each writes its own file. The lock `<db>.lock` is held only while publishing,
and a build whose raw load started before the published one's is not published (it is older).
Build folders left by a killed run are removed by a later build once they are ABANDONED_AFTER_SECONDS
old; a killed run never blocks the next one.

When a file changed at the same path, only the version seen last is loaded (extract.store). A file
removed from the inbox keeps its facts (the store is the archive of what was published);
`forget_documents` retracts one.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager

import duckdb

from extract.duckdb_settings import connect

from extract import store as document_store
from extract.build_key import (build_key, current_documents, document_record, extraction_record, project_fingerprint,
                               record_stamp)
from extract.pipeline import DiskFullError, disk_full
from extract.raw_schema import RAW_TABLES, duckdb_columns, schema_fingerprint

ABANDONED_AFTER_SECONDS = 6 * 3600
BUILD_INFO = "main.warehouse_build"
# The documents a warehouse was loaded from, with their extraction stamps (extract.build_key.document_stamp).
DOCUMENTS_INFO = "main.warehouse_documents"
# The documents whose raw rows an incremental build replaced or removed (empty in a build from scratch).
CHANGES = "main.build_changes"

# Kept for callers of the old names.
stored_documents = document_store.stored_documents
superseded_documents = document_store.superseded_documents


@contextmanager
def warehouse_lock(db_path: str, timeout: float = 600):
    """Serialise publishers of one warehouse file across processes (flock: released if the holder dies)."""
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


# ---------------------------------------------------------------------------------------------- opening

def builds_dir(db_path: str) -> str:
    return os.path.abspath(db_path) + ".builds"


# The name of every build's file in its folder: the dbt profile opens this name in the folder dbt runs in, one
# constant profile for every build (dbt's partial parse is then reused; dbt_project/profiles.yml). dbt writes
# relations without the catalog (dbt_project/macros/relations.sql), so the file may be published under any name.
BUILD_FILE = "warehouse.duckdb"


def build_path(db_path: str, build_id: str) -> str:
    """The private file a build writes, in the build's own folder."""
    if not build_id or os.sep in build_id or build_id.startswith("."):
        raise ValueError(f"not a build id: {build_id!r}")
    return os.path.join(builds_dir(db_path), build_id, BUILD_FILE)


@contextmanager
def open_warehouse(db_path: str, build_id: str | None = None):
    """The one way to open the warehouse.

    build_id None: the published file, read-only (no lock needed: no process ever writes that file).
    build_id given: that build's own file, as its writer (created empty, or as a copy of the published
    file when a step runs without the steps before it, e.g. the rules alone from the UI).
    """
    if build_id is None:
        con = connect(os.path.abspath(db_path), read_only=True)
    else:
        path = build_path(db_path, build_id)
        if not os.path.exists(path):
            _start_build_file(db_path, build_id, copy_published=True)
        con = connect(path)
    try:
        yield con
    finally:
        con.close()


# DuckDB reuses the blocks a build frees (rows replaced, tables rebuilt) but never gives them back: a file
# copied from build to build keeps its largest size. When more than this share of the published file is free,
# an incremental build starts from a compacted copy (COPY FROM DATABASE) instead of a byte copy.
COMPACT_WHEN_FREE = 0.3


def _start_build_file(db_path: str, build_id: str, copy_published: bool) -> str:
    path = _empty_build_folder(db_path, build_id)
    if copy_published and os.path.exists(db_path):
        _copy_published(db_path, path)
    return path


def _copy_published(db_path: str, path: str) -> str:
    """Copy the published file to `path` (compacted when mostly free blocks); how it was copied."""
    if _free_share(db_path) > COMPACT_WHEN_FREE:
        _compacted_copy(db_path, path)
        return "compacted copy of the published warehouse"
    shutil.copyfile(db_path, path)
    return "copy of the published warehouse"


def _empty_build_folder(db_path: str, build_id: str) -> str:
    """The build's folder, without a file of an earlier attempt at the same build id; the build file's path."""
    path = build_path(db_path, build_id)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    for stale in (path, path + ".wal"):
        if os.path.exists(stale):
            os.remove(stale)
    return path


# The file the last publish replaced, kept for the next build (`publish_build`): a build that starts from it brings
# it up to date (the documents it lacks are reloaded like any changed document) instead of copying the published
# file, which at 10,000 documents is 3.7 GB (4 s from the page cache, over 30 s from disk). It is the warehouse one
# build behind, so it is used only while that build's changes are few: past PREVIOUS_BEHIND_AT_MOST documents more
# to rebuild than from a copy (the build before changed many documents), copying is cheaper.
PREVIOUS = ".previous"
PREVIOUS_BEHIND_AT_MOST = 50


def previous_path(db_path: str) -> str:
    """Where the file the last publish replaced is kept (a folder no build id can name)."""
    return os.path.join(builds_dir(db_path), PREVIOUS, BUILD_FILE)


def _changes(documents: dict[str, str], stamps: dict[str, str]) -> tuple[list[str], list[str]]:
    """What a build of `stamps` (document → stamp) starting from a file holding `documents` (the same) reloads
    (added or re-extracted, in the order of `stamps`) and removes."""
    return [d for d, stamp in stamps.items() if documents.get(d) != stamp], sorted(set(documents) - set(stamps))


def _count_changes(documents: dict[str, str], stamps: dict[str, str]) -> int:
    return sum(len(part) for part in _changes(documents, stamps))


def _claim_previous(db_path: str, build_id: str, project: str, stamps: dict[str, str],
                    published: dict[str, str]) -> dict[str, str] | None:
    """Move the previous build's file (`previous_path`) into this build's folder when it may start from it; its
    documents and stamps, or None (not taken: the build copies the published file).

    Taken only if it was built by this project and closed cleanly, is not mostly free blocks, is at most
    PREVIOUS_BEHIND_AT_MOST documents behind the published file, and no process has it open: a reader that opened
    the warehouse before the last publish reads this very file and must keep reading it unchanged."""
    previous = previous_path(db_path)
    if not os.path.exists(previous) or os.path.exists(previous + ".wal"):
        return None
    documents = _published_documents(previous, project)
    if documents is None or _count_changes(documents, stamps) - _count_changes(published, stamps) > PREVIOUS_BEHIND_AT_MOST \
            or _free_share(previous) > COMPACT_WHEN_FREE:
        return None
    path = _empty_build_folder(db_path, build_id)
    try:
        os.replace(previous, path)   # atomic: of two builds starting at once, one takes it
    except FileNotFoundError:
        return None
    # Another name for it is the published file itself (a publish killed between keeping it and replacing it):
    # never written in place. Otherwise a reader that opened it before it was replaced keeps it as it is.
    if os.stat(path).st_nlink > 1 or _open_anywhere(path):
        os.remove(path)   # this name only: the other name, or the reader's open file, keeps it
        return None
    return documents


def _open_anywhere(path: str) -> bool:
    """Whether any process has the file open: DuckDB holds a POSIX record lock on an open database file (shared
    when read-only), which another process's probe meets; this process's own descriptors are looked up in /proc
    (POSIX locks never conflict within one process). Where /proc is missing, the file counts as open."""
    target = os.stat(path)
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        return True
    for fd in descriptors:
        try:
            st = os.stat(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            return True
    with open(path, "rb+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.lockf(handle, fcntl.LOCK_UN)
    return False


def _free_share(db_path: str) -> float:
    """The share of the warehouse file's blocks that are free (0 when it cannot be read)."""
    def share(con):
        name = con.execute("SELECT current_database()").fetchone()[0]
        total, free = next((t, f) for n, _, _, t, _, f, *_ in con.execute("PRAGMA database_size").fetchall() if n == name)
        return free / total if total else 0.0
    return _read_warehouse(db_path, share, 0.0)


def _compacted_copy(source: str, target: str) -> None:
    """Every schema, table, view and macro of `source` written afresh into a new file at `target`."""
    con = connect(target)
    try:
        name = con.execute("SELECT current_database()").fetchone()[0]
        quoted = os.path.abspath(source).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS published (READ_ONLY)")
        con.execute(f'COPY FROM DATABASE published TO "{name}"')
        con.execute("DETACH published")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def remove_abandoned_builds(db_path: str, keep: str = "", older_than: float = ABANDONED_AFTER_SECONDS) -> list[str]:
    """Remove build folders not touched for `older_than` seconds (left by killed runs)."""
    folder, removed = builds_dir(db_path), []
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name == PREVIOUS:   # not a build: the file the last publish replaced, kept whatever its age
            continue
        path = os.path.join(folder, name)
        try:
            touched = max([os.path.getmtime(path)] + [os.path.getmtime(os.path.join(path, f)) for f in os.listdir(path)])
        except OSError:
            continue
        if name != keep and time.time() - touched > older_than:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(name)
    return removed


def abandon_build(db_path: str, build_id: str) -> None:
    """Drop a failed build's folder (a full disk, a failing step): nothing of it is published."""
    shutil.rmtree(os.path.dirname(build_path(db_path, build_id)), ignore_errors=True)


# ---------------------------------------------------------------------------------------------- store -> raw

def forget_documents(store: str, document_ids: list[str]) -> list[str]:
    """Retract documents: remove them from the store (the next load drops their facts). Returns those removed."""
    return [doc_id for doc_id in document_ids if document_store.remove_document(store, doc_id)]


def load_store(store: str, db_path: str, document_ids: list[str] | None = None, build_id: str | None = None,
               decisions_file: str | None = None) -> dict[str, int]:
    """Load raw.* from the given documents (default: every current document in the store). Returns row counts.

    With build_id, into that build's own file (see module doc); without, into `db_path` itself (for tests and
    tools that own their file). A build of the same project as the published warehouse is incremental: its file
    starts as a copy of the published one and only the raw rows of the documents added, re-extracted or removed
    since are replaced; those documents are listed in CHANGES, where dbt's per-document models read them
    (dbt_project/macros/per_document.sql). Otherwise (no published warehouse, another project: models, rules,
    load code) the file starts empty and everything is loaded. The build's key (extract.build_key: these
    documents, the project, the decisions on findings in `decisions_file`) is recorded with it."""
    stored = current_documents(store)
    ids = stored if document_ids is None else [d for d in stored if d in set(document_ids)]
    records = {d: document_record(store, d) for d in ids}   # each read once: at 10,000 documents a read is 0.1 ms
    key, project = build_key(store, ids, decisions_file, records=records), project_fingerprint()
    stamps = {d: record_stamp(records[d]) for d in ids}
    # `published`: the documents of the file this build starts from (None: it starts empty), whose raw rows of
    # every document changed since are replaced
    published, started_from = None, "empty"
    if build_id is not None:
        remove_abandoned_builds(db_path, keep=build_id)
        published = _published_documents(db_path, project)
        previous = None if published is None else _claim_previous(db_path, build_id, project, stamps, published)
        if previous is not None:
            published, started_from, target = previous, "previous build", build_path(db_path, build_id)
        else:
            target = _empty_build_folder(db_path, build_id)
            if published is not None:
                started_from = _copy_published(db_path, target)
    else:
        target = db_path
    if published is None:
        changed, removed = list(ids), []
    else:
        changed, removed = _changes(published, stamps)
    counts, changed_tables = {}, []
    started_ns = time.time_ns()
    fs = document_store.store_fs(store)
    present = {d: set(fs.listdir(d)) for d in changed}   # one listing per document, also on an object store
    schema = schema_fingerprint()
    current_schema = {d for d in changed if extraction_record(records[d]).get("raw_schema") == schema}
    con = connect(target)
    try:
        fs.register_with(con)   # a store given as a URL is read through fsspec; a local one directly
        # The raw rows' physical order is no contract (every reader orders or aggregates, and an incremental build
        # appends its documents' rows at the end): DuckDB need not keep the files' order while it reads them,
        # which took about a third of the load's CPU (a cold build of 1,000 documents: 9.5-10.0 -> 6.3-6.8 s; every
        # relation of the build the same rows, EXCEPT ALL both ways, but for DIS-020's choice between two lines of one
        # table printing the same amount, which the order decided; fct_narrative_figures now breaks that tie itself).
        con.execute("SET preserve_insertion_order = false")
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        for table in RAW_TABLES:
            # No file: the document has no rows of this table (none is written for an empty table, and an older
            # extractor did not write a newer form's tables).
            with_file = [d for d in changed if f"{table}.parquet" in present[d]]
            rows_changed = 0
            if published is None:
                con.execute(f"CREATE OR REPLACE TABLE raw.{table} ({duckdb_columns(table)})")
            elif changed or removed:
                rows_changed += con.execute(f"DELETE FROM raw.{table} WHERE document_id IN (SELECT unnest(?))",
                                            [changed + removed]).fetchone()[0]
            # Files written with the current raw schema have exactly its columns: one plain scan of them all.
            plain = [fs.duckdb_path(d, f"{table}.parquet") for d in with_file if d in current_schema]
            if plain:
                columns = ", ".join(name for name, _ in RAW_TABLES[table])
                rows_changed += con.execute(f"INSERT INTO raw.{table} SELECT {columns} FROM read_parquet(?)",
                                            [plain]).fetchone()[0]
            # An older extractor's file may lack a newer column: read by name, NULL where it has none (the rows are
            # loaded as that extractor read them; a run re-extracting the document replaces them).
            older = [fs.duckdb_path(d, f"{table}.parquet") for d in with_file if d not in current_schema]
            if older:
                printed = {name for name, *_ in con.execute(
                    "DESCRIBE SELECT * FROM read_parquet(?, union_by_name = true)", [older]).fetchall()}
                columns = ", ".join(name if name in printed else f"NULL AS {name}" for name, _ in RAW_TABLES[table])
                rows_changed += con.execute(f"INSERT INTO raw.{table} SELECT {columns} FROM read_parquet(?, union_by_name = true)",
                                            [older]).fetchone()[0]
            counts[table] = con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            if published is None or rows_changed:
                changed_tables.append(table)
        con.execute(f"CREATE OR REPLACE TABLE {CHANGES} (document_id VARCHAR)")
        if published is not None and (changed or removed):
            con.execute(f"INSERT INTO {CHANGES} SELECT unnest(?)", [changed + removed])
        con.execute(f"CREATE OR REPLACE TABLE {DOCUMENTS_INFO} (document_id VARCHAR, stamp VARCHAR)")
        if ids:
            con.execute(f"INSERT INTO {DOCUMENTS_INFO} SELECT unnest(?), unnest(?)", [ids, [stamps[d] for d in ids]])
        con.execute(f"CREATE OR REPLACE TABLE {BUILD_INFO} (build_id VARCHAR, loaded_at_ns BIGINT, report VARCHAR, "
                    "build_key VARCHAR, project VARCHAR, incremental BOOLEAN, documents_loaded INTEGER, "
                    "documents_removed INTEGER, started_from VARCHAR, raw_tables_changed VARCHAR[])")
        con.execute(f"INSERT INTO {BUILD_INFO} VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)",
                    [build_id or "", started_ns, key, project, published is not None, len(changed), len(removed),
                     started_from, changed_tables])
        con.execute("COMMIT")
    except Exception as exc:
        _rollback_quietly(con)   # DuckDB may have aborted the transaction itself: keep the real error
        if build_id is not None:
            con.close()
            abandon_build(db_path, build_id)
        if disk_full(exc):
            raise DiskFullError(f"no space left on the device of {target} while loading the store: {exc}") from exc
        raise
    finally:
        con.close()
    return counts


def changed_documents(con) -> list[str] | None:
    """The documents this build's file changed since the published warehouse it started from (added,
    re-extracted, removed); None for a build from scratch (every document is new)."""
    incremental = con.execute(f"SELECT bool_or(incremental) FROM {BUILD_INFO}").fetchone()[0]
    if not incremental:
        return None
    return [d for (d,) in con.execute(f"SELECT document_id FROM {CHANGES} ORDER BY document_id").fetchall()]


def changed_raw_tables(con) -> list[str] | None:
    """The raw tables whose rows this build's load changed (rows removed or added); None for a build from scratch
    (every table is new). The dbt nodes that read none of them, directly or through other nodes, are as the file the
    build started from has them (orchestration/guarded_dbt.py `unchanged_nodes`)."""
    if changed_documents(con) is None:
        return None
    columns = {c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE {BUILD_INFO})").fetchall()}
    if "raw_tables_changed" not in columns:   # a file an older loader wrote: say every table changed
        return sorted(RAW_TABLES)
    return sorted(con.execute(f"SELECT max(raw_tables_changed) FROM {BUILD_INFO}").fetchone()[0] or [])


def _published_documents(db_path: str, project: str) -> dict[str, str] | None:
    """The documents of the published warehouse and their stamps, when a build may start from it: it was
    built by this project (same models, rules and load code) and closed cleanly. None: build from scratch."""
    if os.path.exists(db_path + ".wal"):
        return None

    def documents(con):
        if con.execute(f"SELECT max(project) FROM {BUILD_INFO}").fetchone()[0] != project:
            return None
        return dict(con.execute(f"SELECT document_id, stamp FROM {DOCUMENTS_INFO}").fetchall())

    # None also for a warehouse built before incremental builds: no project or stamps recorded
    return _read_warehouse(db_path, documents, None)


def _read_warehouse(path: str, read, otherwise):
    """`read(connection)` on the warehouse at `path`, opened read-only; `otherwise` when there is no warehouse
    there or it cannot answer (built by an older version, without the table asked for)."""
    if not os.path.exists(path):
        return otherwise
    try:
        con = connect(os.path.abspath(path), read_only=True)
    except duckdb.Error:
        return otherwise
    try:
        return read(con)
    except duckdb.Error:
        return otherwise
    finally:
        con.close()


def _rollback_quietly(con) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


# ---------------------------------------------------------------------------------------------- publish

def published_build_key(db_path: str) -> str | None:
    """The build key recorded in the published warehouse (None: no warehouse, or one built before keys)."""
    return _read_warehouse(db_path, lambda con: con.execute(f"SELECT max(build_key) FROM {BUILD_INFO}").fetchone()[0],
                           None)


def unchanged(store: str, db_path: str, decisions_file: str | None = None) -> bool:
    """Whether a build now would load exactly what the published warehouse was built from, with the
    same project and decisions (extract.build_key): then it would publish the same warehouse."""
    published = published_build_key(db_path)
    return published is not None and published == build_key(store, current_documents(store), decisions_file)


def _loaded_at(path: str) -> int:
    """When the raw load of the warehouse at `path` started (0 when unknown)."""
    return _read_warehouse(path, lambda con: con.execute(f"SELECT max(loaded_at_ns) FROM {BUILD_INFO}").fetchone()[0] or 0,
                           0)


def publish_build(db_path: str, build_id: str, publish_report=None) -> bool:
    """Move a finished build over the published file atomically; `publish_report()` (the build's report folder:
    expectations.report.publish_report) runs just before, under the same lock.

    Returns False, publishing nothing, when the published warehouse was loaded later than this build
    (an overlapping build saw a newer store). The build's folder is removed either way."""
    path = build_path(db_path, build_id)
    try:
        with warehouse_lock(db_path):
            if _loaded_at(path) < _loaded_at(db_path):
                return False
            if os.path.exists(path + ".wal"):
                raise RuntimeError(f"build {build_id} was not closed cleanly (a WAL file remains); not published")
            # A WAL beside the published file belongs to it (written by an older version): it must not be
            # replayed into the new file.
            if os.path.exists(db_path + ".wal"):
                os.remove(db_path + ".wal")
            if publish_report is not None:
                publish_report()
            _keep_as_previous(db_path, path)
            os.replace(path, db_path)
            return True
    except Exception as exc:
        if disk_full(exc):
            raise DiskFullError(f"no space left on the device of {db_path} while publishing build {build_id}") from exc
        raise
    finally:
        abandon_build(db_path, build_id)


def _keep_as_previous(db_path: str, build_file: str) -> None:
    """Before `build_file` replaces the published file: keep the published file for the next build to start from
    (`_claim_previous`), when this project built it. A second name (a hard link), so that publishing stays one atomic
    rename and a reader of the published file keeps reading it; an older kept file is dropped."""
    previous = previous_path(db_path)
    project = _project_of(db_path)
    keep = project is not None and project == _project_of(build_file)
    try:
        if keep:
            os.makedirs(os.path.dirname(previous), exist_ok=True)
            if os.path.exists(previous + ".new"):
                os.remove(previous + ".new")
            os.link(db_path, previous + ".new")
            os.replace(previous + ".new", previous)
        elif os.path.exists(previous):
            os.remove(previous)
    except OSError:   # no hard links on this file system: the next build copies the published file
        if os.path.exists(previous):
            os.remove(previous)


def _project_of(path: str) -> str | None:
    """The project fingerprint the warehouse at `path` was built by (None: none recorded, or no warehouse)."""
    return _read_warehouse(path, lambda con: con.execute(f"SELECT max(project) FROM {BUILD_INFO}").fetchone()[0], None)
