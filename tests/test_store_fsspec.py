"""The store on any fsspec URL (extract.store.StoreFS): the same raw tables as a local store, stamps that move on
re-extraction, unfinished documents not loaded, an unusable URL refused before any work."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import uuid
from pathlib import Path

import duckdb
import pytest

from extract import pipeline
from extract import store as document_store
from extract.build_key import build_key, current_documents, document_stamp
from extract.loader import load_store
from extract.raw_schema import RAW_TABLES
from orchestration.cli import main
from orchestration.settings import Settings, SettingsError, sample_documents

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BUDGET = str(SAMPLES / "seed002_budget.txt")


def raw_rows(db: str, document_ids: list[str] | None = None) -> dict[str, list[tuple]]:
    """Every raw table's rows (of the given documents), in one order."""
    con = duckdb.connect(db, read_only=True)
    try:
        where = "" if document_ids is None else "WHERE document_id IN (SELECT unnest(?))"
        params = [] if document_ids is None else [document_ids]
        return {t: con.execute(f"SELECT * FROM raw.{t} {where} ORDER BY ALL", params).fetchall() for t in RAW_TABLES}
    finally:
        con.close()


def extract_into(store: str, files: list[str]) -> list[str]:
    """Register and extract the files as the CLI does; the first in its bounded child process (on a store given
    as a URL the child writes a local scratch folder that this process uploads), the rest in this process."""
    ids = document_store.register_files(store, files)
    for i, doc_id in enumerate(ids):
        path = document_store.path_for(store, doc_id)
        result = pipeline.extract_isolated(path, store) if i == 0 else pipeline.extract_document(path, store)
        assert result.status == "loaded", result
    return ids


@pytest.fixture(scope="module")
def memory_store():
    store = f"memory://bw-test-{uuid.uuid4().hex[:8]}/store"
    ids = extract_into(store, sample_documents())
    yield store, ids
    fs = document_store.store_fs(store)
    fs.fs.rm(fs.root, recursive=True)


def test_a_memory_store_loads_the_same_raw_tables_as_a_local_store(memory_store, sample_warehouse, tmp_path):
    store, ids = memory_store
    assert sorted(current_documents(store)) == sorted(ids) and len(ids) == len(sample_documents())
    db = str(tmp_path / "from_memory.duckdb")
    counts = load_store(store, db)
    local = raw_rows(str(sample_warehouse))   # the same samples, extracted into a local store by the CLI
    loaded = raw_rows(db)
    assert counts["budget_cells"] > 1000 and counts["documents"] == len(ids)
    for table in RAW_TABLES:
        assert loaded[table] == local[table], table


def test_a_document_without_done_is_unfinished_and_not_loaded(memory_store, tmp_path):
    store, ids = memory_store
    fs = document_store.store_fs(store)
    half = f"memory://bw-test-{uuid.uuid4().hex[:8]}/store"
    copy = document_store.store_fs(half)
    # a copy of the store in which one document is midway through its upload: all its tables, no _DONE.json
    fs.fs.copy(fs.root, copy.root, recursive=True)
    unfinished = ids[0]
    copy.fs.rm_file(copy.path(unfinished, document_store.DONE))
    assert unfinished not in document_store.stored_documents(half)
    assert sorted(document_store.stored_documents(half)) == sorted(ids[1:])
    assert document_store.read_done(half, unfinished) is None
    load_store(half, str(tmp_path / "half.duckdb"))
    con = duckdb.connect(str(tmp_path / "half.duckdb"), read_only=True)
    loaded = {d for (d,) in con.execute("SELECT DISTINCT document_id FROM raw.budget_cells").fetchall()} | \
        {d for (d,) in con.execute("SELECT document_id FROM raw.documents").fetchall()}
    con.close()
    assert unfinished not in loaded and loaded == set(ids[1:])
    copy.fs.rm(copy.root, recursive=True)


def test_re_extraction_moves_the_stamp_even_with_the_same_bytes(monkeypatch):
    store = f"memory://bw-test-{uuid.uuid4().hex[:8]}/store"
    [doc_id] = extract_into(store, [BUDGET])
    fs = document_store.store_fs(store)
    record, stamp, key = fs.read_bytes(doc_id, document_store.DONE), document_stamp(store, doc_id), build_key(store, [doc_id])
    assert document_stamp(store, doc_id) == stamp   # reading changes nothing
    again = pipeline.extract_document(BUDGET, store)
    assert again.reused and document_stamp(store, doc_id) == stamp   # an extraction reused is no change
    monkeypatch.setattr(document_store, "read_done", lambda *_: None)   # as after an extractor upgrade
    assert not pipeline.extract_document(BUDGET, store).reused
    assert fs.read_bytes(doc_id, document_store.DONE) == record   # same record …
    assert document_stamp(store, doc_id) != stamp and build_key(store, [doc_id]) != key   # … written again
    monkeypatch.undo()
    assert document_store.remove_document(store, doc_id)
    assert document_store.stored_documents(store) == [] and document_store.registry_records(store) == {}
    assert not fs.exists(doc_id)


def test_an_unusable_store_url_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    db = tmp_path / "w.duckdb"
    with pytest.raises(SettingsError, match=r"--store / BW_STORE nope://bucket/store is not a usable store URL: "
                                            r"Protocol not known"):
        Settings.from_env({}, store_dir="nope://bucket/store", db_path=str(db))
    code = main(["run", BUDGET, "--db", str(db), "--store", "nope://bucket/store"])
    err = capsys.readouterr().err
    assert code == 2 and "--store / BW_STORE nope://bucket/store is not a usable store URL" in err, err
    monkeypatch.setenv("BW_STORE", "s3://bucket/store")
    if importlib.util.find_spec("s3fs") is None:   # the package of the protocol is missing: said so
        code = main(["run", BUDGET, "--db", str(db)])
        err = capsys.readouterr().err
        assert code == 2 and "BW_STORE s3://bucket/store is not a usable store URL: Install s3fs" in err, err
    else:
        assert Settings.from_env().store_dir == "s3://bucket/store"
    assert list(tmp_path.iterdir()) == []   # nothing written


@pytest.mark.e2e
def test_a_build_end_to_end_from_a_file_url_store(tmp_path, sample_warehouse):
    """The CLI (Dagster runs, dbt, rules, report) with `--store file://…`: the store is used through fsspec."""
    db, store = tmp_path / "w.duckdb", (tmp_path / "store").as_uri()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["run", BUDGET, "--db", str(db), "--store", store]) == 0, printed.getvalue()
    [doc_id] = current_documents(store)
    assert (tmp_path / "store" / doc_id / document_store.DONE).is_file()
    assert raw_rows(str(db)) == raw_rows(str(sample_warehouse), [doc_id])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM marts.fct_budget_lines WHERE document_id = ?", [doc_id]).fetchone()[0] > 0
    con.close()
    with contextlib.redirect_stdout(printed):   # the same store again: every extraction reused, nothing rebuilt
        assert main(["run", BUDGET, "--db", str(db), "--store", store]) == 0
    assert "Build: unchanged (nothing rebuilt, nothing published)" in printed.getvalue(), printed.getvalue()
