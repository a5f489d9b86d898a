"""A finding's life: stable ids, dismissals that survive rebuilds, and what alerts were already sent.

Every row of `check_failures` gets a `finding_id`: the first 16 hex digits of the sha256 of the document's
content id (itself the sha256 of the file), the rule id, the page and the item as printed. The same file
checked by the same rule gives the same id in every run, on every machine; a changed file is a new document
and its findings are new.

Decisions (dismiss / reopen, with a reason) and the alert ledger are kept OUTSIDE the rebuilt layers, in
`<db>.findings/` beside the warehouse (`BW_FINDINGS` to move it): the warehouse is rebuilt from the store on
every run, these files are not. Both are append-only JSON lines — an audit trail of who decided what, when
and why; the latest decision per finding wins:

    decisions.jsonl   {"finding_id", "status": "dismissed"|"open", "reason", "by", "at"}
    alerts_sent.jsonl {"finding_id", "recipient", "channel", "run_id", "at"}

Every build applies them (`apply_decisions`) to `check_failures`: `status` ('open' / 'dismissed'),
`status_reason`, `status_at`. The published warehouse is never written in place: a decision shows at once
in `budget-warehouse findings list|show` and in the alerts (both read this file), and in the
`check_failures` table from the next build on.
"""
from __future__ import annotations

import datetime as _dt
import getpass
import json
import os
from pathlib import Path

import duckdb

STATE_ENV = "BW_FINDINGS"
STATUSES = ("open", "dismissed")

# The id: document content id + rule + page + item. A second identical item on the same page (rare: two
# tables printing the same line and column, a project printed twice on a page) gets '-2', '-3' in the order of its
# table id, values and printed row: the same order in every build (rows tied on all of them are alike, so which of
# them gets which id does not matter).
FINDING_KEY_SQL = ("left(sha256(document_id || '|' || rule_id || '|' || coalesce(CAST(page AS VARCHAR), '') || '|' "
                   "|| coalesce(item, '')), 16)")
FINDING_ID_WINDOW = ("WINDOW w AS (PARTITION BY document_id, rule_id, page, item ORDER BY table_id, finding, expected, "
                     "actual, table_index NULLS LAST, page_row NULLS LAST, other_table_id NULLS LAST, "
                     "other_page NULLS LAST, other_page_row NULLS LAST)")


def _numbered(where: str, columns: str) -> str:
    """The rows of check_failures that `where` keeps (their `columns`), with their finding ids.

    Only the rows that share their document, rule, page and item with another are put through the window that numbers
    them (the others are alone in their partition: number 1, no suffix), and the window reads only the columns it
    orders by: numbering every finding, all its columns through the window, was most of a full numbering (2.6 s CPU
    at 10,000 documents, 399,080 findings; 1.75 s this way)."""
    return f"""
        WITH kept AS NOT MATERIALIZED (SELECT rowid AS row_in_table, {columns} FROM marts.check_failures WHERE {where}),
        shared AS (SELECT document_id, rule_id, page, item FROM kept GROUP BY ALL HAVING count(*) > 1),
        numbers AS (
            SELECT row_in_table, row_number() OVER w AS number
            FROM kept SEMI JOIN shared s
              ON s.document_id IS NOT DISTINCT FROM kept.document_id AND s.rule_id IS NOT DISTINCT FROM kept.rule_id
             AND s.page IS NOT DISTINCT FROM kept.page AND s.item IS NOT DISTINCT FROM kept.item
            {FINDING_ID_WINDOW})
        SELECT {FINDING_KEY_SQL} || CASE WHEN n.number > 1 THEN '-' || n.number ELSE '' END AS finding_id,
               kept.* EXCLUDE (row_in_table)
        FROM kept LEFT JOIN numbers n USING (row_in_table)"""


def state_dir(db_path: str) -> Path:
    return Path(os.environ.get(STATE_ENV) or (str(Path(db_path).resolve()) + ".findings"))


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:  # a torn last line from a crash: ignore it, keep the rest
                continue
    return rows


def _append_jsonl(path: Path, rows: list[dict]) -> None:
    if not rows:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


# ---------------------------------------------------------------------------------------------- decisions

def decisions_file(db_path: str) -> str:
    """Where the decisions on findings are kept (a build applies them: part of its key)."""
    return str(state_dir(db_path) / "decisions.jsonl")


def decisions(db_path: str) -> dict[str, dict]:
    """The latest decision per finding id."""
    latest = {}
    for row in _read_jsonl(state_dir(db_path) / "decisions.jsonl"):
        if row.get("finding_id") and row.get("status") in STATUSES:
            latest[row["finding_id"]] = row
    return latest


def decision_history(db_path: str, finding_id: str) -> list[dict]:
    return [r for r in _read_jsonl(state_dir(db_path) / "decisions.jsonl") if r.get("finding_id") == finding_id]


def record_decision(db_path: str, finding_id: str, status: str, reason: str, by: str | None = None) -> dict:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    row = {"finding_id": finding_id, "status": status, "reason": reason, "by": by or _user(), "at": _now()}
    _append_jsonl(state_dir(db_path) / "decisions.jsonl", [row])
    return row


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "unknown"


# ---------------------------------------------------------------------------------------------- the warehouse

def assign_ids_and_status(con: duckdb.DuckDBPyConnection, db_path: str) -> None:
    """Give check_failures its finding ids and apply the decisions (caller holds the write lock).

    After a full evaluation (run_rules wrote the table anew, without ids) every finding is numbered. After an
    incremental one, run_rules replaced the changed documents' findings (without ids) and kept every other
    document's with the id and status this function gave them: only the documents with a finding without an id
    are numbered, all their findings. An id is numbered within its document (FINDING_ID_WINDOW partitions by
    document), so these are the ids a full numbering gives, at the cost of the changed documents alone."""
    columns = {name for (name,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' AND table_name = 'check_failures'"
    ).fetchall()}
    if "finding_id" not in columns:
        con.execute(f"""
            CREATE OR REPLACE TABLE marts.check_failures AS
            SELECT * FROM ({_numbered("true", "*")})
            ORDER BY document_id, rule_id, page, item""")
        for column, kind in (("status", "VARCHAR DEFAULT 'open'"), ("status_reason", "VARCHAR"), ("status_at", "VARCHAR")):
            con.execute(f"ALTER TABLE marts.check_failures ADD COLUMN {column} {kind}")
    else:
        # IS NOT DISTINCT FROM: findings without a document (only a full evaluation has any) are one partition too
        con.execute("""CREATE OR REPLACE TEMP TABLE unnumbered_documents AS
                       SELECT DISTINCT document_id FROM marts.check_failures WHERE finding_id IS NULL""")
        of_those = ("EXISTS (SELECT 1 FROM unnumbered_documents u "
                    "WHERE u.document_id IS NOT DISTINCT FROM marts.check_failures.document_id)")
        con.execute(f"CREATE OR REPLACE TEMP TABLE numbered AS {_numbered(of_those, '* EXCLUDE (finding_id)')}")
        con.execute(f"DELETE FROM marts.check_failures WHERE {of_those}")
        con.execute("INSERT INTO marts.check_failures BY NAME SELECT * FROM numbered ORDER BY document_id, rule_id, page, item")
    apply_decisions(con, db_path)


def apply_decisions(con: duckdb.DuckDBPyConnection, db_path: str) -> None:
    """Every finding takes its latest decision, or is open without a reason when it has none. Set where the
    table says otherwise: the findings an incremental build kept carry the decisions of the build that made them."""
    latest = decisions(db_path)
    con.execute("CREATE OR REPLACE TEMP TABLE finding_decisions "
                "(finding_id VARCHAR PRIMARY KEY, status VARCHAR, status_reason VARCHAR, status_at VARCHAR)")
    text = lambda value: None if value is None else str(value)   # noqa: E731 - the columns are text, as the file's
    rows = [(finding_id, row["status"], text(row.get("reason")), text(row.get("at"))) for finding_id, row in latest.items()]
    if rows:   # one statement for all (unnest zips the lists)
        con.execute("INSERT INTO finding_decisions SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                    "unnest(?::VARCHAR[]), unnest(?::VARCHAR[])", [list(column) for column in zip(*rows)])
    differs = ("(f.status IS DISTINCT FROM d.status OR f.status_reason IS DISTINCT FROM d.status_reason "
               "OR f.status_at IS DISTINCT FROM d.status_at)")
    con.execute(f"""
        UPDATE marts.check_failures f SET status = d.status, status_reason = d.status_reason, status_at = d.status_at
        FROM finding_decisions d WHERE f.finding_id = d.finding_id AND {differs}""")
    con.execute("""
        UPDATE marts.check_failures SET status = 'open', status_reason = NULL, status_at = NULL
        WHERE (status IS DISTINCT FROM 'open' OR status_reason IS NOT NULL OR status_at IS NOT NULL)
          AND finding_id NOT IN (SELECT finding_id FROM finding_decisions)""")


# ---------------------------------------------------------------------------------------------- alert ledger

def already_sent(db_path: str) -> set[tuple[str, str]]:
    """(finding_id, recipient) pairs an alert was delivered for."""
    return {(r["finding_id"], r["recipient"]) for r in _read_jsonl(state_dir(db_path) / "alerts_sent.jsonl")
            if r.get("finding_id") and r.get("recipient")}


def record_sent(db_path: str, rows: list[dict]) -> None:
    at = _now()
    _append_jsonl(state_dir(db_path) / "alerts_sent.jsonl", [{**r, "at": at} for r in rows])


# ---------------------------------------------------------------------------------------------- the command

def add_parser(commands, db_default: str) -> None:
    """`budget-warehouse findings list|show|dismiss|reopen`."""
    parser = commands.add_parser("findings", help="list, show, dismiss or reopen findings (check_failures)")
    actions = parser.add_subparsers(dest="action", required=True)
    for name, help_text in (("list", "list findings"), ("show", "show one finding in full"),
                            ("dismiss", "dismiss a finding (kept across rebuilds and re-ingestion)"),
                            ("reopen", "reopen a dismissed finding")):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--db", default=db_default, help="DuckDB warehouse file (default: warehouse.duckdb)")
        if name == "list":
            action.add_argument("--status", choices=("open", "dismissed", "all"), default="open")
            action.add_argument("--severity", choices=("error", "warning"))
            action.add_argument("--rule", help="rule id, e.g. BUD-003")
            action.add_argument("--file", help="part of the file name")
            action.add_argument("--all-findings", action="store_true", help="include rounding warnings")
        else:
            action.add_argument("finding_id", metavar="ID", help="finding id (or a unique prefix)")
        if name == "dismiss":
            action.add_argument("--reason", required=True, help="why (kept with the decision)")
        if name == "reopen":
            action.add_argument("--reason", default="reopened")
        if name in ("dismiss", "reopen"):
            action.add_argument("--by", default=None, help="who decides (default: the user name)")


LIST_FIELDS = ("finding_id", "status", "severity", "finding", "rule_id", "rule_title_zh", "file_name", "page",
               "page_row", "item", "expected", "actual", "difference", "value_kind", "value_unit")


def command(args) -> int:
    import sys

    db = str(Path(args.db).resolve())
    if not Path(db).exists():
        print(f"budget-warehouse: no warehouse at {db} (run `budget-warehouse run` first)", file=sys.stderr)
        return 2
    if args.action == "list":
        return _list(db, args)
    rows = _find(db, args.finding_id)
    if len(rows) != 1:
        what = "no finding" if not rows else f"{len(rows)} findings"
        print(f"budget-warehouse: {what} with id {args.finding_id!r}", file=sys.stderr)
        return 2
    finding = rows[0]
    if args.action == "show":
        _show(db, finding)
        return 0
    status = "dismissed" if args.action == "dismiss" else "open"
    if not args.reason.strip():
        print("budget-warehouse: give a reason", file=sys.stderr)
        return 2
    row = record_decision(db, finding["finding_id"], status, args.reason.strip(), args.by)
    print(f"{finding['finding_id']}: {status} ({row['reason']}) by {row['by']} at {row['at']} "
          f"(check_failures.status follows at the next build)")
    return 0


def _query(db: str, sql: str, params: list | None = None) -> list[dict]:
    from extract.loader import open_warehouse

    with open_warehouse(db) as con:   # the published file, read-only
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r)) for r in cursor.fetchall()]


def _with_current_status(db: str, rows: list[dict]) -> list[dict]:
    """The decisions file is the truth: a decision taken since the last build shows at once."""
    latest = decisions(db)
    for row in rows:
        decision = latest.get(row["finding_id"])
        if decision:
            row["status"], row["status_reason"], row["status_at"] = decision["status"], decision.get("reason"), decision.get("at")
    return rows


def _find(db: str, finding_id: str) -> list[dict]:
    rows = _query(db, "SELECT * FROM marts.check_failures WHERE finding_id = ? OR starts_with(finding_id, ?)",
                  [finding_id, finding_id])
    exact = [r for r in rows if r["finding_id"] == finding_id]
    return _with_current_status(db, exact or rows)


def _list(db: str, args) -> int:
    from expectations.report import format_value, place_label

    rows = _with_current_status(db, _query(db, "SELECT * FROM marts.check_failures ORDER BY file_name, rule_id, page, item"))
    rows = [r for r in rows
            if (args.status == "all" or r["status"] == args.status)
            and (not args.severity or r["severity"] == args.severity)
            and (not args.rule or r["rule_id"] == args.rule.upper())
            and (not args.file or args.file in (r["file_name"] or ""))
            and (args.all_findings or r["finding"] == "mismatch")]
    for r in rows:
        values = (f"应为 {format_value(r['expected'], r['value_kind'], r['value_unit'])}，"
                  f"实为 {format_value(r['actual'], r['value_kind'], r['value_unit'])}")
        print(f"{r['finding_id']}  {r['status']:<9} {r['severity']:<7} {r.get('confidence') or '':<9} "
              f"{r['rule_id']} {r['rule_title_zh']}\n"
              f"    {r['file_name']} {place_label(r['page'], r['page_row'])}：{r['item']}；{values}")
    print(f"{len(rows)} finding(s)" + ("" if args.all_findings else " (mismatches; --all-findings adds rounding warnings)"))
    return 0


def _show(db: str, r: dict) -> None:
    from expectations.report import format_value, place_label

    value = lambda key, signed=False: format_value(r[key], r["value_kind"], r["value_unit"], signed)  # noqa: E731
    lines = [f"编号 finding:   {r['finding_id']}",
             f"状态 status:    {r['status']}" + (f"（{r['status_reason']}，{r['status_at']}）" if r.get("status_reason") else ""),
             f"规则 rule:      {r['rule_id']} {r['rule_title_zh']}（{r['severity']}, {r['finding']}, "
             f"{r.get('confidence') or '—'}）",
             f"               {r['rule_title']}",
             f"文件 file:      {r['file_name']}（document {r['document_id']}）",
             f"表 table:       {r['table_title'] or r['table_kind'] or '—'}，{place_label(r['page'], r['page_row'])}",
             *([f"               {r['place_note']}"] if r.get("place_note") else []),
             # a finding comparing two tables, or a 情况说明 figure with a table line: the row it was compared with
             *([f"对照 compared:   {r.get('other_table_title') or '另一张表'}，"
                f"{place_label(r['other_page'], r.get('other_page_row'))}"] if r.get("other_page") is not None else []),
             f"项目 item:      {r['item']}",
             f"应为 expected:  {value('expected')}",
             f"实为 actual:    {value('actual')}",
             f"差额 difference:{value('difference', True)}（容差 ±{value('tolerance')}）",
             f"处理建议 advice: {r['advice_zh']}"]
    from orchestration.alerts import default_links

    links = default_links(db)   # BW_REPORTS / BW_REPORT_BASE_URL, as the alerts link them
    picture = Path(links.reports_dir) / "evidence" / f"{r['finding_id']}.png"
    if picture.is_file():
        lines.append(f"原表截图 evidence: {links.evidence(r['finding_id']) or picture}")
    history = decision_history(db, r["finding_id"])
    if history:
        lines.append("处理记录 decisions:")
        lines += [f"  {h['at']} {h['status']} by {h.get('by')}: {h.get('reason')}" for h in history]
    print("\n".join(lines))
