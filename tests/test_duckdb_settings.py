"""Every DuckDB connection of the project runs under the configured memory limit and threads."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.duckdb_settings import connect

ROOT = Path(__file__).resolve().parents[1]


def _settings(con) -> tuple[str, int]:
    return con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchone()


def test_connections_take_the_configured_bounds(tmp_path, monkeypatch):
    monkeypatch.setenv("BW_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("BW_DUCKDB_THREADS", "1")
    db = tmp_path / "w.duckdb"
    con = connect(db)
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    assert _settings(con) == ("286.1 MiB", 1)  # 300 MB as DuckDB prints it
    con.close()
    con = connect(db, read_only=True)
    assert _settings(con) == ("286.1 MiB", 1)
    con.close()


def test_defaults_and_a_bad_thread_count(tmp_path, monkeypatch):
    monkeypatch.delenv("BW_DUCKDB_MEMORY_LIMIT", raising=False)
    monkeypatch.delenv("BW_DUCKDB_THREADS", raising=False)
    con = connect(tmp_path / "d.duckdb")
    assert _settings(con) == ("953.6 MiB", 2)  # 1GB, 2 threads
    con.close()
    monkeypatch.setenv("BW_DUCKDB_THREADS", "many")
    with pytest.raises(ValueError, match="BW_DUCKDB_THREADS"):
        connect(tmp_path / "e.duckdb")


def test_no_module_opens_duckdb_around_the_settings():
    """dbt reads the same variables (profiles.yml); Python code opens the warehouse through connect()."""
    profile = (ROOT / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    assert "env_var('BW_DUCKDB_MEMORY_LIMIT', '1GB')" in profile and "env_var('BW_DUCKDB_THREADS', '2')" in profile
    direct = [str(p.relative_to(ROOT)) for folder in ("extract", "orchestration", "expectations", "bench")
              for p in (ROOT / folder).rglob("*.py") if re.search(r"duckdb\.connect\(", p.read_text(encoding="utf-8"))
              and p.name != "duckdb_settings.py"]
    assert direct == []
