"""How every process opens the DuckDB warehouse: memory limit and threads from configuration.

`BW_DUCKDB_MEMORY_LIMIT` (DuckDB's `memory_limit`, e.g. 512MB, 4GB; default 1GB) bounds DuckDB's
buffer manager, which spills to a temporary directory beside the warehouse beyond it;
`BW_DUCKDB_THREADS` (default 2) caps its worker threads. The dbt profile (dbt_project/profiles.yml)
reads the same variables with the same defaults, so dbt's models and every Python reader or writer
run under the same bounds.
"""
from __future__ import annotations

import os

import duckdb

MEMORY_LIMIT_ENV, THREADS_ENV = "BW_DUCKDB_MEMORY_LIMIT", "BW_DUCKDB_THREADS"
DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS = "1GB", "2"


def duckdb_config() -> dict[str, str]:
    memory = os.environ.get(MEMORY_LIMIT_ENV, "").strip() or DEFAULT_MEMORY_LIMIT
    threads = os.environ.get(THREADS_ENV, "").strip() or DEFAULT_THREADS
    if not threads.isdigit() or int(threads) < 1:
        raise ValueError(f"{THREADS_ENV} must be a positive whole number, not {threads!r}")
    return {"memory_limit": memory, "threads": threads}


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with the configured memory limit and threads."""
    return duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
