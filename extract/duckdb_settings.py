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


# The warehouse's schemas, in the order an unqualified name is looked up (and an unqualified CREATE lands
# in the first one present): dbt writes staging, intermediate and marts (dbt_project.yml), the loader raw,
# the rules' findings go to marts beside the facts.
SCHEMAS = ("marts", "intermediate", "staging", "raw", "main")


def use_warehouse_schemas(con: duckdb.DuckDBPyConnection) -> None:
    """Let unqualified names (fct_budget_lines, int_budget_cells, check_failures) resolve in the layers."""
    present = {r[0] for r in con.execute("SELECT schema_name FROM information_schema.schemata "
                                         "WHERE catalog_name = current_database()").fetchall()}
    con.execute(f"SET search_path = '{','.join(s for s in SCHEMAS if s in present)}'")


def tables_in(con: duckdb.DuckDBPyConnection, schema: str | None = None) -> set[str]:
    """The tables and views of one schema of the warehouse (of every schema when None): what a reader checks
    before it queries a layer that an older or partial build may not have."""
    if schema is None:
        return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                                      [schema]).fetchall()}


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with the configured memory limit and threads, names looked up in the layers."""
    con = duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
    use_warehouse_schemas(con)
    return con
