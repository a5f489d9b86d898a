"""An unchanged re-run builds nothing; any change to what a build depends on rebuilds.

A build is keyed (extract/build_key.py) by the current documents and their extraction records,
the dbt project, the rule catalogue, the load/report code and the decisions on findings. A run whose
key equals the published warehouse's reuses every extraction, launches no build and publishes nothing.
"""
import contextlib
import io
import os
import shutil

from conftest import run_cli

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
