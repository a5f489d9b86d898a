"""What a failed build's dbt tests found, row by row, for the run log (the build's folder is removed with it).

Each model's row checks are one dbt test, column_checks (dbt_project/tests/generic/column_checks.sql), whose rows name
the column, what is wrong and the offending row's key; dbt's own message gives their count alone ("Failure in test
column_checks_stg_budget_tables … Got 1 result"). When a build's dbt step fails, the compiled query of every
column_checks test of that build is run again on the build's file and the rows they return are logged before the
build is abandoned: the run log (whose last lines the CLI prints on a failed build) names them.
"""
from __future__ import annotations

import glob
import os

from extract.duckdb_settings import connect

SHOWN_PER_TEST = 20


def failing_check_rows(target_path: str, db_path: str) -> dict[str, list[tuple]]:
    """Per column_checks test compiled under `target_path` that finds rows in the file at `db_path`: its first
    SHOWN_PER_TEST rows (column, problem, row key, value). Empty when nothing was compiled or nothing fails."""
    compiled = sorted(glob.glob(os.path.join(target_path, "compiled", "**", "column_checks_*.sql"), recursive=True))
    if not compiled or not os.path.exists(db_path):
        return {}
    found = {}
    con = connect(db_path, read_only=True)
    try:
        for path in compiled:
            with open(path, encoding="utf-8") as sql:
                rows = con.execute(f"SELECT * FROM ({sql.read()}) AS failures LIMIT {SHOWN_PER_TEST}").fetchall()
            if rows:
                found[os.path.basename(path)[:-len(".sql")]] = rows
    finally:
        con.close()
    return found


def failure_lines(found: dict[str, list[tuple]]) -> list[str]:
    """One line per failing row: `test: column problem at row key (value)`."""
    return [f"{test}: {column} {problem} at {key}" + (f" ({value})" if value is not None else "")
            for test, rows in found.items() for column, problem, key, value in rows]
