"""`budget-warehouse export` and `budget-warehouse sql`: the warehouse for people who do not write Python.

export --format csv|parquet|xlsx|datapackage [--mart NAME ...] OUT
    csv, parquet: OUT is a folder, one file per mart (UTF-8 CSV with a header; Parquet keeps DECIMAL(38,2)).
    xlsx:         OUT is one workbook, one sheet per mart (amounts as numbers; ids and codes as text).
    datapackage:  OUT is a folder holding a Fiscal Data Package (https://specs.frictionlessdata.io/fiscal-data-package/):
                  fct_budget_lines.csv and datapackage.json with the fiscal model (measure amount_yuan in CNY;
                  dimensions administrative, date, classification, budget phase, …), current disclosures only,
                  so a disclosure loaded in several formats is counted once.
sql [QUERY]
    Opens the warehouse READ-ONLY: runs QUERY and prints the result, or, without one, reads statements from
    stdin (a tiny prompt on a terminal; `.tables` lists the marts, `.quit` leaves).
"""
from __future__ import annotations

import csv
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

from extract.duckdb_settings import tables_in

FORMATS = ("csv", "parquet", "xlsx", "datapackage")
EXCEL_MAX_ROWS = 1_048_575   # plus the header row


def add_parsers(commands, db_default: str) -> None:
    export = commands.add_parser("export", help="export marts as csv, parquet, xlsx or a Fiscal Data Package")
    export.add_argument("out", metavar="OUT", help="output folder (csv, parquet, datapackage) or .xlsx file")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--mart", action="append", default=None,
                        help="a mart to export (repeatable; default: every dim_*/fct_* mart and the findings tables)")
    export.add_argument("--db", default=db_default, help="DuckDB warehouse file (default: warehouse.duckdb)")
    sql = commands.add_parser("sql", help="query the warehouse read-only (one query, or a prompt)")
    sql.add_argument("query", nargs="?", help="SQL to run; without it, read statements from stdin")
    sql.add_argument("--db", default=db_default, help="DuckDB warehouse file (default: warehouse.duckdb)")
    sql.add_argument("--csv", action="store_true", help="print CSV instead of a table")


class UsageError(Exception):
    """Bad arguments or a missing warehouse: a message and exit code 2, never a traceback."""


def _open(db: str):
    if not Path(db).exists():
        raise UsageError(f"no warehouse at {db} (run `budget-warehouse run` first)")
    from extract.loader import open_warehouse

    # the published file, read-only: builds write their own file and publish it by os.replace, so a long
    # `sql` session never blocks them (it keeps reading the version it opened)
    opened = open_warehouse(db)
    return opened.__enter__(), opened


def _fail(message: str) -> int:
    print(f"budget-warehouse: {message}", file=sys.stderr)
    return 2


def marts(con) -> list[str]:
    """The marts an analyst exports: the dimensions, the facts and the findings."""
    return sorted(name for name in tables_in(con, "marts")
                  if name.startswith(("dim_", "fct_")) or name in ("check_failures", "check_results", "check_counts_by_document"))


# ---------------------------------------------------------------------------------------------- export

def export_command(args) -> int:
    try:
        return _export(args)
    except UsageError as exc:
        return _fail(str(exc))


def _export(args) -> int:
    if args.format == "xlsx" and Path(args.out).suffix.lower() != ".xlsx":
        raise UsageError("an xlsx export is one file: give OUT ending in .xlsx")
    db = str(Path(args.db).resolve())
    con, lock = _open(db)
    try:
        available = marts(con)
        chosen = args.mart or (["fct_budget_lines"] if args.format == "datapackage" else available)
        unknown = [m for m in chosen if m not in available]
        if unknown:
            return _fail(f"no such mart: {', '.join(unknown)} (marts: {', '.join(available)})")
        if args.format == "datapackage" and chosen != ["fct_budget_lines"]:
            return _fail("a Fiscal Data Package holds fct_budget_lines (leave out --mart)")
        out = Path(args.out)
        if args.format in ("csv", "parquet"):
            written = _files(con, chosen, out, args.format)
        else:
            written = {"xlsx": _xlsx, "datapackage": _datapackage}[args.format](con, chosen, out)
    finally:
        con.close()
        lock.__exit__(None, None, None)
    for path, rows in written:
        print(f"  {path}: {rows} rows")
    print(f"Exported {len(written)} file(s) to {out}")
    return 0


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _files(con, chosen: list[str], out: Path, fmt: str):
    """One file per mart in OUT: `csv` (UTF-8 with a header) or `parquet` (DECIMALs kept)."""
    out.mkdir(parents=True, exist_ok=True)
    options = {"csv": "FORMAT csv, HEADER", "parquet": "FORMAT parquet"}[fmt]
    written = []
    for mart in chosen:
        path = out / f"{mart}.{fmt}"
        con.execute(f"COPY (SELECT * FROM marts.{_quoted(mart)}) TO '{_sql_path(path)}' ({options})")
        written.append((path, con.execute(f"SELECT count(*) FROM marts.{_quoted(mart)}").fetchone()[0]))
    return written


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _xlsx(con, chosen: list[str], out: Path):
    from openpyxl import Workbook

    counts = {m: con.execute(f"SELECT count(*) FROM marts.{_quoted(m)}").fetchone()[0] for m in chosen}
    too_big = [m for m, n in counts.items() if n > EXCEL_MAX_ROWS]
    if too_big:
        raise UsageError(f"too many rows for one Excel sheet: {', '.join(too_big)} (use csv or parquet)")
    book = Workbook(write_only=True)
    for mart in chosen:
        sheet = book.create_sheet(title=mart[:31])
        cursor = con.execute(f"SELECT * FROM marts.{_quoted(mart)}")
        sheet.append([d[0] for d in cursor.description])
        while True:
            rows = cursor.fetchmany(5000)
            if not rows:
                break
            for row in rows:
                sheet.append([_cell(v) for v in row])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    book.save(tmp)
    os.replace(tmp, out)
    return [(f"{out}[{m[:31]}]", counts[m]) for m in chosen]


def _cell(value):
    """What Excel can hold: numbers stay numbers (Decimal is written as a number), lists become text."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if hasattr(value, "isoformat") and not isinstance(value, (int, float, Decimal)):
        return value.isoformat()
    return value


# The Fiscal Data Package of fct_budget_lines: which column plays which part in the fiscal model.
FDP_FIELDS = {
    # column: (frictionless type, description)
    "budget_line_id": ("string", "Row id: table-line-column"),
    "document_id": ("string", "First 16 hex digits of the source file's sha256"),
    "file_name": ("string", "Source file"),
    "department_code": ("string", "Department code as printed"),
    "department_name": ("string", "Department (部门) as printed"),
    "fiscal_year": ("integer", "Fiscal year (年度)"),
    "document_kind": ("string", "预算 (budget) or 决算 (final accounts)"),
    "table_kind": ("string", "Standard table (see README)"),
    "table_title": ("string", "Table title as printed"),
    "side": ("string", "income / expenditure side of two-sided summaries"),
    "code": ("string", "Classification code (功能分类 or 经济分类)"),
    "classification": ("string", "functional / economic"),
    "level": ("string", "类 / 款 / 项"),
    "parent_code": ("string", "Parent classification code"),
    "item_name": ("string", "Line as printed"),
    "line_type": ("string", "total / classified / item / unlabelled"),
    "measure": ("string", "Measure code (see glossary: basic 基本支出, project 项目支出, …)"),
    "basis": ("string", "budget / actual / prior_year / change / initial_budget / adjusted_budget"),
    "column_label": ("string", "Printed column header path"),
    "amount_yuan": ("number", "Amount in 元 (CNY), exact, 2 decimals"),
    "unit": ("string", "Unit printed on the table (元/万元/…)"),
    "value_text": ("string", "Figure as printed"),
    "page": ("integer", "Page of the source document"),
    "page_row": ("integer", "Row of the page's table (0-based)"),
    "disclosure_role": ("string", "current (only current disclosures are in this package)"),
}
FDP_MODEL = {
    "measures": {
        "amount": {"source": "amount_yuan", "currency": "CNY", "factor": 1,
                   "title": "Amount (元)", "description": "Every printed figure, in 元"},
    },
    "dimensions": {
        "administrative-classification": {
            "dimensionType": "entity", "primaryKey": ["department_code", "department_name"],
            "attributes": {"department_code": {"source": "department_code"},
                           "department_name": {"source": "department_name", "labelfor": "department_code"}}},
        "date": {"dimensionType": "datetime", "primaryKey": ["fiscal_year"],
                 "attributes": {"fiscal_year": {"source": "fiscal_year"}}},
        "phase": {"dimensionType": "other", "primaryKey": ["document_kind", "basis"],
                  "attributes": {"document_kind": {"source": "document_kind"}, "basis": {"source": "basis"}}},
        "classification": {
            "dimensionType": "classification", "primaryKey": ["code"],
            "attributes": {"code": {"source": "code"}, "item_name": {"source": "item_name", "labelfor": "code"},
                           "classification": {"source": "classification"}, "level": {"source": "level"},
                           "parent_code": {"source": "parent_code"}}},
        "measure": {"dimensionType": "other", "primaryKey": ["measure"],
                    "attributes": {"measure": {"source": "measure"}, "column_label": {"source": "column_label"}}},
        "table": {"dimensionType": "other", "primaryKey": ["table_kind"],
                  "attributes": {"table_kind": {"source": "table_kind"}, "table_title": {"source": "table_title"}}},
        "line": {"dimensionType": "fact", "primaryKey": ["budget_line_id"],
                 "attributes": {"budget_line_id": {"source": "budget_line_id"}, "line_type": {"source": "line_type"},
                                "side": {"source": "side"}}},
        "source": {"dimensionType": "other", "primaryKey": ["document_id"],
                   "attributes": {"document_id": {"source": "document_id"}, "file_name": {"source": "file_name"},
                                  "page": {"source": "page"}, "page_row": {"source": "page_row"}}},
    },
}


def _datapackage(con, chosen: list[str], out: Path):
    out.mkdir(parents=True, exist_ok=True)
    columns = [c for c in FDP_FIELDS if c in {r[0] for r in con.execute("DESCRIBE marts.fct_budget_lines").fetchall()}]
    path = out / "fct_budget_lines.csv"
    select = ", ".join(_quoted(c) for c in columns)
    # a disclosure loaded in several formats is counted once: its current document only
    query = f"SELECT {select} FROM marts.fct_budget_lines WHERE coalesce(disclosure_role, 'current') = 'current' ORDER BY budget_line_id"
    con.execute(f"COPY ({query}) TO '{_sql_path(path)}' (FORMAT csv, HEADER)")
    rows = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
    years = [r[0] for r in con.execute(f"SELECT DISTINCT fiscal_year FROM ({query}) WHERE fiscal_year IS NOT NULL ORDER BY 1").fetchall()]
    descriptor = {
        "profile": "fiscal-data-package",
        "name": "budget-warehouse-budget-lines",
        "title": "部门预算/决算公开表 — every printed figure (budget-warehouse fct_budget_lines)",
        "description": "Chinese departmental budget / final-accounts disclosures: one row per document × table × line × "
                       "measure (× basis), amounts in 元. Current disclosures only (duplicates in other formats left out).",
        "countryCode": "CN",
        "currency": "CNY",
        **({"fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}} if years else {}),
        "resources": [{
            "name": "fct_budget_lines", "path": path.name, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": c, "type": FDP_FIELDS[c][0], "description": FDP_FIELDS[c][1],
                                   **({"decimalChar": ".", "groupChar": ""} if FDP_FIELDS[c][0] == "number" else {})}
                                  for c in columns],
                       "primaryKey": ["budget_line_id"]},
        }],
        "model": {
            "measures": FDP_MODEL["measures"],
            "dimensions": {name: {**dim, "attributes": {k: v for k, v in dim["attributes"].items() if v["source"] in columns}}
                           for name, dim in FDP_MODEL["dimensions"].items()},
        },
    }
    (out / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [(path, rows), (out / "datapackage.json", 1)]


# ---------------------------------------------------------------------------------------------- sql

def sql_command(args) -> int:
    db = str(Path(args.db).resolve())
    try:
        con, lock = _open(db)
    except UsageError as exc:
        return _fail(str(exc))
    try:
        if args.query:
            return _run(con, args.query, args.csv)
        interactive = sys.stdin.isatty()
        if interactive:
            print(f"{db} (read-only). End statements with ';'. .tables lists the marts, .quit leaves.")
        buffer = ""
        status = 0
        while True:
            if interactive:
                print("sql> " if not buffer else "...> ", end="", flush=True)
            line = sys.stdin.readline()
            if not line:
                break
            stripped = line.strip()
            if not buffer and stripped in (".quit", ".exit", "\\q"):
                break
            if not buffer and stripped == ".tables":
                print("\n".join(marts(con)))
                continue
            buffer += line
            if buffer.strip().endswith(";"):
                status = _run(con, buffer, args.csv) or status
                buffer = ""
        if buffer.strip():
            status = _run(con, buffer, args.csv) or status
        return status
    finally:
        con.close()
        lock.__exit__(None, None, None)


def _run(con, query: str, as_csv: bool) -> int:
    try:
        cursor = con.execute(query)
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message.lower():
            message += " (the warehouse is opened read-only: the pipeline alone writes it)"
        print(f"error: {message}", file=sys.stderr)
        return 1
    if cursor.description is None:
        return 0
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return 0
    _print_table(names, rows)
    return 0


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _print_table(names: list[str], rows: list[tuple], limit: int = 200) -> None:
    shown = [["NULL" if v is None else str(v) for v in row] for row in rows[:limit]]
    widths = [min(60, max([_display_width(n)] + [_display_width(r[i]) for r in shown])) for i, n in enumerate(names)]

    def line(cells):
        out = []
        for cell, width in zip(cells, widths):
            if _display_width(cell) > width:
                while _display_width(cell) > width - 1:
                    cell = cell[:-1]
                cell += "…"
            out.append(cell + " " * (width - _display_width(cell)))
        return " | ".join(out).rstrip()

    print(line(names))
    print("-+-".join("-" * w for w in widths))
    for row in shown:
        print(line(row))
    more = f" (first {limit} shown)" if len(rows) > limit else ""
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{more})")
