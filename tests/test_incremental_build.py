"""An unchanged re-run builds nothing; any change to what a build depends on rebuilds.

A build is keyed (extract/build_key.py) by the current documents and their extraction records,
the dbt project, the rule catalogue, the load/report code and the decisions on findings. A run whose
key equals the published warehouse's reuses every extraction, launches no build and publishes nothing.
"""
import contextlib
import io
import os
import shutil

from conftest import SAMPLES, query, run_cli

from extract.duckdb_settings import connect
from extract.build_key import ROOT, build_key, current_documents, project_fingerprint
from extract.loader import published_build_key


def _state(path):
    stat = os.stat(path)
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def test_unchanged_rerun_publishes_nothing(sample_warehouse):
    db = str(sample_warehouse)
    latest = db + ".reports/latest.html"
    before = _state(db), _state(latest), sorted(os.listdir(db + ".reports"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = run_cli(["--db", db])   # the same bundled samples, the same store, the same code
    out = printed.getvalue()
    assert code == 0, out
    assert "Build: unchanged (nothing rebuilt, nothing published)" in out
    assert out.count("— reused") == 11, out   # every document reused, none extracted again
    assert "Documents: 11 loaded, 0 quarantined" in out   # the summary still reads the published warehouse
    # Not a new file moved over the old one: the same file, untouched; no new report.
    assert (_state(db), _state(latest), sorted(os.listdir(db + ".reports"))) == before
    assert published_build_key(db) == build_key(db + ".store", current_documents(db + ".store"),
                                                 db + ".findings/decisions.jsonl")


def test_the_key_follows_documents_extractions_and_decisions(sample_warehouse, tmp_path):
    store = str(sample_warehouse) + ".store"
    ids = current_documents(store)
    key = build_key(store, ids)
    assert build_key(store, list(reversed(ids))) == key   # order does not matter
    assert build_key(store, ids[:-1]) != key              # a document more or less
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    done = copy / ids[0] / "_DONE.json"
    os.utime(done, ns=(os.stat(done).st_atime_ns, os.stat(done).st_mtime_ns))
    assert build_key(str(copy), ids) == build_key(str(copy), ids)
    os.utime(done, ns=(os.stat(done).st_atime_ns, os.stat(done).st_mtime_ns + 1_000_000_000))
    assert build_key(str(copy), ids) != build_key(store, ids)   # re-extracted (same id, new record)
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_text('{"finding_id": "x", "status": "dismissed"}\n', encoding="utf-8")
    assert build_key(store, ids, str(decisions)) != key


def test_the_key_follows_the_project(tmp_path):
    for name in ("dbt_project", "expectations", "extract", "orchestration"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("target", "logs", "__pycache__", ".venv"))
    original = project_fingerprint(tmp_path)
    assert original == project_fingerprint(ROOT)
    (tmp_path / "dbt_project" / "target").mkdir(exist_ok=True)
    (tmp_path / "dbt_project" / "target" / "manifest.json").write_text("{}")   # dbt's output: not an input
    assert project_fingerprint(tmp_path) == original
    for changed in (next((tmp_path / "dbt_project" / "seeds").rglob("*.csv")),
                    next((tmp_path / "dbt_project" / "models").rglob("*.sql")),
                    next((tmp_path / "expectations" / "rules").rglob("*.sql")),
                    tmp_path / "extract" / "loader.py"):
        text = changed.read_bytes()
        changed.write_bytes(text + b"\n")
        assert project_fingerprint(tmp_path) != original, changed
        changed.write_bytes(text)
    assert project_fingerprint(tmp_path) == original


def test_a_published_file_mostly_free_space_starts_the_next_build_compacted(tmp_path):
    """DuckDB never shrinks a file: blocks freed by one build are reused, not returned. An incremental build
    copies the published file, unless more than COMPACT_WHEN_FREE of it is free: then it starts from a
    compacted copy with every table, view and row, and the file is smaller."""
    from extract.duckdb_settings import connect
    from extract.loader import COMPACT_WHEN_FREE, _free_share, _start_build_file

    db = tmp_path / "w.duckdb"
    con = connect(str(db))
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.kept AS SELECT i AS id, 'line ' || i AS label FROM range(200000) t(i)")
    con.execute("CREATE VIEW marts.kept_view AS SELECT id FROM kept WHERE id % 2 = 0")
    con.execute("CREATE TABLE marts.replaced AS SELECT i, random() AS r FROM range(3000000) t(i)")
    con.execute("CHECKPOINT")
    con.close()
    assert _free_share(str(db)) < COMPACT_WHEN_FREE
    copied = _start_build_file(str(db), "b1", copy_published=True)
    assert open(copied, "rb").read() == open(db, "rb").read()   # a plain copy

    con = connect(str(db))
    con.execute("DROP TABLE marts.replaced")   # what a rebuilt model leaves behind
    con.execute("CHECKPOINT")
    con.close()
    assert _free_share(str(db)) > COMPACT_WHEN_FREE
    compacted = _start_build_file(str(db), "b2", copy_published=True)
    assert os.path.getsize(compacted) < os.path.getsize(db) / 2
    con = connect(compacted, read_only=True)
    try:
        assert con.execute("SELECT count(*), sum(id) FROM marts.kept").fetchone() == (200000, 199999 * 200000 // 2)
        assert con.execute("SELECT count(*) FROM marts.kept_view").fetchone()[0] == 100000
        assert _free_share(compacted) < COMPACT_WHEN_FREE
    finally:
        con.close()



def _raw_rows(db) -> dict[str, int]:
    from extract.raw_schema import RAW_TABLES
    return {table: query(db, f"SELECT count(*) FROM raw.{table}")[0][0] for table in RAW_TABLES}


def test_a_build_starts_from_the_file_the_last_publish_replaced_unless_someone_reads_it(tmp_path, monkeypatch):
    """Publishing keeps the replaced file (extract.loader.previous_path); the next build takes it instead of copying
    the published one and reloads what it lacks — unless a reader that opened the warehouse before that publish
    still reads it (in this process or another), or it is too far behind: then the build copies, as before."""
    import subprocess
    import sys

    from extract import loader
    from extract.loader import BUILD_INFO, CHANGES, build_path, load_store, previous_path, publish_build
    from extract.pipeline import extract_document

    store, db = str(tmp_path / "store"), str(tmp_path / "w.duckdb")
    first = extract_document(str(SAMPLES / "seed002_budget.txt"), store).document_id
    second = extract_document(str(SAMPLES / "targets_seed000.docx"), store).document_id
    files = {}
    COPIED = ("copy of the published warehouse", "compacted copy of the published warehouse")   # by its free blocks

    def build(build_id, documents=None):
        """Load and publish (no dbt: the loader's part of a build); how the build's file started, what it reloaded."""
        load_store(store, db, document_ids=documents, build_id=build_id)
        path = build_path(db, build_id)
        (started_from,), = query(path, f"SELECT started_from FROM {BUILD_INFO}")
        changes = sorted(d for (d,) in query(path, f"SELECT document_id FROM {CHANGES}"))
        files[build_id] = os.stat(path).st_ino
        assert publish_build(db, build_id) is True
        return started_from, changes

    assert build("b1", [first]) == ("empty", [])
    assert not os.path.exists(previous_path(db))                      # nothing was replaced
    assert build("b2") == ("copy of the published warehouse", [second])
    assert os.stat(previous_path(db)).st_ino == files["b1"]           # b1's file, kept under a second name
    both = _raw_rows(db)
    assert both["documents"] == 2 and both["budget_cells"] > 0 and both["target_indicators"] > 0
    # b3 builds what b2 built, from b1's file: it reloads the document b1 lacked, and holds what b2 held
    assert build("b3") == ("previous build", [second]) and files["b3"] == files["b1"]
    assert _raw_rows(db) == both

    # A reader in this process opened the warehouse (b3's file) before the next publish: that file is kept, but no
    # build writes it, and the reader keeps its view.
    reader = connect(db, read_only=True)
    try:
        assert build("b4")[0] == "previous build" and files["b4"] == files["b2"]   # nobody reads b2's file
        assert build("b5")[0] in COPIED                                             # b3's file is read
        assert reader.execute("SELECT build_id FROM main.warehouse_build").fetchone() == ("b3",)
        assert reader.execute("SELECT count(*) FROM raw.documents").fetchone() == (2,)
    finally:
        reader.close()
    # ... and a reader in another process: DuckDB's lock on the file it has open (b5's)
    script = f"import duckdb, time; c = duckdb.connect({db!r}, read_only=True); print('open', flush=True); time.sleep(120)"
    other = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "open"
        assert build("b6")[0] == "previous build" and files["b6"] == files["b4"]
        assert build("b7")[0] in COPIED
    finally:
        other.kill()
        other.wait()
    assert _raw_rows(db) == both

    # A publish killed between keeping the published file and replacing it: the kept file is the published file
    # (two names, one file), which a build never writes in place.
    os.remove(previous_path(db))
    os.link(db, previous_path(db))
    assert build("b7b")[0] in COPIED
    assert _raw_rows(db) == both

    # Too far behind: after b8 (the first document only, built from b7's file), the kept file (b7b's, both
    # documents) lacks one change more than the published one; with a limit of none, b9 copies the published file.
    assert build("b8", [first]) == ("previous build", [second]) and files["b8"] == files["b7"]
    monkeypatch.setattr(loader, "PREVIOUS_BEHIND_AT_MOST", 0)
    assert build("b9", [first])[0] in COPIED
    assert _raw_rows(db)["documents"] == 1
