"""Run the rule catalogue against the warehouse and write `check_failures` and `check_results`.

Each rule's query yields expected and actual values per item (exact DECIMALs, kept in DuckDB).
Great Expectations validates two derived columns of every rule's result:
  excess = |actual - expected| - tolerance   must be <= 0  (else: a failure of the rule's severity)
  |actual - expected|                        must be  = 0  (else, within the envelope: a "rounding" warning)
The tolerance is the sum of the half-units of the last printed digit of every figure involved:
a sum of n printed values may differ from its printed total by up to n half-units.
GX runs on pandas frames read from DuckDB, because GX cannot validate DuckDB directly.

Every failure carries the confidence of its rule (its `-- confidence:` header) or of its item (a
`confidence` column of the query): 'confirmed' or 'suspected'. Only a confirmed mismatch takes its
rule's severity: a suspected one (prose matched to a table line, a heuristic pairing) is a 'warning'
whatever the rule's severity — shown as 疑似, never alerted, never an error finding. Items the query
marks `checkable = false` are counted in check_results.not_checkable and never validated.

Rules are evaluated per document. Every item names its document, and its outcome depends on that document's
rows alone, so an incremental build (extract/loader.py) evaluates only the documents it changed: their
items, failures and per-document counts (`check_counts_by_document`) replace theirs in the build's copy of
the published warehouse, and `check_results` is summed again from the counts. The rules then read those documents'
rows alone (`_see_only_documents`), and only their findings are written and numbered (orchestration/findings.py):
the work follows the change, not the warehouse. A build from scratch evaluates every document.
tests/test_incremental_equality.py holds the incremental findings to a build from scratch.
"""
from __future__ import annotations

import functools
import logging
import os
import threading
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from expectations.catalogue import CONFIDENCES, Rule, load_rules
from extract.duckdb_settings import SCHEMAS, tables_in, use_warehouse_schemas

FAILURE_COLUMNS = """
    rule_id VARCHAR, severity VARCHAR, rule_title VARCHAR, document_id VARCHAR, file_name VARCHAR,
    page BIGINT, table_id VARCHAR, table_kind VARCHAR, table_title VARCHAR, item VARCHAR,
    expected DECIMAL(38, 2), actual DECIMAL(38, 2), difference DECIMAL(38, 2), tolerance DECIMAL(38, 2),
    finding VARCHAR, message VARCHAR, confidence VARCHAR,
    rule_title_zh VARCHAR, advice_zh VARCHAR, value_kind VARCHAR, value_unit VARCHAR, page_row BIGINT,
    table_index BIGINT,
    other_table_id VARCHAR, other_table_title VARCHAR, other_page BIGINT, other_page_row BIGINT, other_table_index BIGINT,
    place_note VARCHAR
"""
# new_failures, a rule's failures as it inserts them: what FAILURES looks up for all rules at once is left out
NEW_FAILURE_COLUMNS = """
    rule_no INTEGER, rule_id VARCHAR, severity VARCHAR, document_id VARCHAR, page BIGINT, table_id VARCHAR, item VARCHAR,
    expected DECIMAL(38, 2), actual DECIMAL(38, 2), difference DECIMAL(38, 2), tolerance DECIMAL(38, 2),
    finding VARCHAR, message VARCHAR, confidence VARCHAR, value_unit VARCHAR, page_row BIGINT, table_index BIGINT,
    other_table_id VARCHAR, other_page BIGINT, other_page_row BIGINT, other_table_index BIGINT, place_note VARCHAR
"""
# table_index: the reader's table on the page, so (document_id, page, table_index, page_row) names the printed
# row in stg_cell_boxes (the report's evidence). A rule may return it; otherwise it is looked up from the raw
# row of the finding's table at that page and page_row (every form's raw rows carry it).
# value_unit: the unit the values print in — for money the table's printed unit (元/千元/万元/亿元; values
# stay in 元 and the report divides), 分 for scores, % for rates, the rule's measure word for counts.
# A rule may return page_row (the printed row) and printed_unit (the unit of the figure it names, e.g. a
# narrative's 万元); otherwise the unit is the table's.
# other_*: a rule comparing two tables (收支总表 against 支出总表, …) files its finding under one of them and may
# return other_table_id, other_page and other_page_row, the printed row of the second table it compares: the
# report names both places and pictures both rows (other_table_index may be returned too, else it is looked up as
# table_index is). A rule comparing a 情况说明 figure with a table line (DIS-020/021) files the finding under the
# prose (place_note, no row) and names the table line it compared as the other place; the picture shows that row.
# place_note: where the finding sits on paper when that is no table row, in plain Chinese (a table the document
# does not print, a sentence of the 情况说明, a count over a whole table); the report shows it by the page.
UNIT_TABLES = ("stg_budget_tables", "stg_disclosure_tables", "stg_target_tables")


def _table_units(con) -> str:
    """The printed unit of every table of the forms that print money (those present in this warehouse)."""
    present = tables_in(con)
    parts = [f"SELECT table_id, unit FROM {name}" for name in UNIT_TABLES if name in present]
    return "(" + (" UNION ALL ".join(parts) or "SELECT NULL::VARCHAR AS table_id, NULL::VARCHAR AS unit") + ")"
# Per rule and document, what check_results sums (an incremental build replaces the changed documents' rows).
COUNT_COLUMNS = ("rule_id VARCHAR, document_id VARCHAR, items_checked BIGINT, beyond_envelope BIGINT, "
                 "within_envelope BIGINT, not_checkable BIGINT, suspected BIGINT")
COUNTS = "marts.check_counts_by_document"
FINDINGS_TABLES = ("check_failures", "check_counts_by_document", "check_results")   # what run_rules writes
RESULT_COLUMNS = ("rule_id VARCHAR, severity VARCHAR, title VARCHAR, items_checked BIGINT, errors BIGINT, warnings BIGINT, "
                  "rounding_warnings BIGINT, description VARCHAR, not_checkable BIGINT, suspected BIGINT, confidence VARCHAR, "
                  "title_zh VARCHAR, description_zh VARCHAR, advice_zh VARCHAR, value_kind VARCHAR")


def _place_rows(con) -> None:
    """Temp table placed_rows: the table_index of every printed row a failure names without one (its own, or the
    second table's), from the raw rows of its table printed at that page and page_row (exact: the same table id, page
    and row; a row not found, or found with two table indexes, is not placed). FAILURES joins it."""
    sources = [name for (name,) in con.execute("""
        SELECT table_name FROM information_schema.columns WHERE table_schema = 'raw'
        GROUP BY table_name HAVING count(*) FILTER (WHERE column_name IN ('table_id', 'page', 'table_index', 'page_row')) = 4
        ORDER BY table_name""").fetchall()]
    # Only the printed rows findings name, (table, page, row) by (table, page, row): every raw row of a named table
    # read and grouped was most of this step at 10,000 documents (17 s for 4.2 million rows against 2 s for the
    # 345,000 rows named). A row's table_index is decided by that row's raw rows alone, so the rows found are the same.
    con.execute("""CREATE OR REPLACE TEMP TABLE unplaced_rows AS
                   SELECT table_id, page, page_row FROM new_failures WHERE table_index IS NULL AND page_row IS NOT NULL
                   UNION
                   SELECT other_table_id, other_page, other_page_row FROM new_failures
                   WHERE other_table_index IS NULL AND other_page_row IS NOT NULL""")
    rows = " UNION ".join(f"SELECT DISTINCT table_id, page, page_row, table_index FROM raw.{name} "
                          f"SEMI JOIN unplaced_rows USING (table_id, page, page_row)" for name in sources)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE placed_rows AS
                    SELECT table_id, page, page_row, min(table_index) AS table_index FROM ({rows}) GROUP BY ALL
                    HAVING count(DISTINCT table_index) = 1""" if sources else
                "CREATE OR REPLACE TEMP TABLE placed_rows (table_id VARCHAR, page BIGINT, page_row BIGINT, table_index BIGINT)")
    con.execute("DROP TABLE unplaced_rows")


# Every failure as check_failures holds it: the rules' failures (new_failures) with what is looked up once for all of
# them, not per rule: the document's file name, the tables' kinds and titles, a money figure's table unit where the
# rule names no printed unit, the table_index of a printed row the rule does not give (placed_rows), and the rule's
# titles and advice (rule_texts, by the rule's number in the run: written once a rule, not once a failure). Joined in
# each rule's insert, placed by an UPDATE of new_failures and then copied into check_failures, the failures took
# 6.9 s CPU at 10,000 documents (399,080 failures); inserted bare and joined once on their way into check_failures,
# 4.0 s; without the rule's texts on every row of new_failures, 3.0 s.
FAILURES = """
    SELECT f.rule_id, f.severity, r.rule_title, f.document_id, d.file_name, f.page, f.table_id, t.table_kind,
           t.table_title, f.item, f.expected, f.actual, f.difference, f.tolerance, f.finding, f.message, f.confidence,
           r.rule_title_zh, r.advice_zh, r.value_kind,
           CASE WHEN r.value_kind = 'money' THEN coalesce(f.value_unit, u.unit, '元') ELSE f.value_unit END AS value_unit,
           f.page_row, coalesce(f.table_index, p.table_index) AS table_index,
           f.other_table_id, coalesce(ot.table_title, ot.table_kind) AS other_table_title, f.other_page,
           f.other_page_row, coalesce(f.other_table_index, op.table_index) AS other_table_index, f.place_note
    FROM new_failures f
    JOIN rule_texts r USING (rule_no)
    LEFT JOIN stg_documents d ON d.document_id = f.document_id
    LEFT JOIN int_tables t ON t.table_id = f.table_id
    LEFT JOIN int_tables ot ON ot.table_id = f.other_table_id
    LEFT JOIN rule_table_units u ON u.table_id = f.table_id
    LEFT JOIN placed_rows p ON p.table_id = f.table_id AND p.page = f.page AND p.page_row = f.page_row
    LEFT JOIN placed_rows op
           ON op.table_id = f.other_table_id AND op.page = f.other_page AND op.page_row = f.other_page_row"""


def can_evaluate_by_document(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds failures and per-document counts to keep for the documents not evaluated
    (and no item without a document, which only a full evaluation would see again)."""
    if not {"check_failures", "check_counts_by_document"} <= tables_in(con, "marts"):
        return False
    return not con.execute(f"SELECT count(*) FROM {COUNTS} WHERE document_id IS NULL").fetchone()[0]


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class RuleExecutionError(RuntimeError):
    """A rule could not be evaluated (bad SQL or a GX internal error) — a pipeline fault, not a data finding."""


@dataclass
class RuleOutcome:
    rule: Rule
    items_checked: int
    beyond_envelope: int
    within_envelope: int
    not_checkable: int = 0
    suspected: int = 0      # failures beyond the envelope whose confidence is 'suspected' (severity warning)

    @property
    def errors(self) -> int:
        """Error findings: the confirmed mismatches of an error rule."""
        return self.beyond_envelope - self.suspected if self.rule.severity == "error" else 0

    @property
    def warnings(self) -> int:
        """Warning findings: every other mismatch (a warning rule's, or a suspected one)."""
        return self.beyond_envelope - self.errors


_GX_LOCK = threading.Lock()   # one GX context per process, however many threads ask for it at once


def _gx_suite_runner():
    with _GX_LOCK:
        return _new_gx_suite_runner()


def prepare_in_background() -> None:
    """Import GX and build its context in a thread (about 4-9 s; the import is most of it), for a process that will
    run the rules after a long wait on another process: a build's dbt step (the CLI starts it before the build).
    run_rules then finds it ready, or waits for it; a failure here is raised again by run_rules' own call."""
    def prepare():
        try:
            _gx_suite_runner()
        except Exception:   # noqa: BLE001 - run_rules builds it again and raises
            pass
    threading.Thread(target=prepare, name="gx-prepare", daemon=True).start()


@functools.lru_cache(maxsize=1)  # building a context takes about a second, importing GX several
def _new_gx_suite_runner():
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    source = context.data_sources.add_pandas("rule_results")
    asset = source.add_dataframe_asset("items")
    batch_definition = asset.add_batch_definition_whole_dataframe("all")
    envelope = gx.expectations.ExpectColumnValuesToBeBetween(column="excess", max_value=0)
    exact = gx.expectations.ExpectColumnValuesToBeBetween(column="abs_difference", max_value=0)
    # GX names the failing rows by the frame's index (its default: row positions), and the frame's check_key column
    # gives their keys. Asked for a column as the index (unexpected_index_column_names) instead, GX reads it row by
    # row through pandas: 45 µs per failing row, most of a cold build's rules phase at 10,000 documents.
    result_format = {"result_format": "COMPLETE"}

    def failing_keys(frame):
        frame = frame.reset_index(drop=True)   # the index GX returns is the row's position
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        keys = []
        for expectation in (envelope, exact):
            result = batch.validate(expectation, result_format=result_format)
            if result.exception_info and result.exception_info.get("raised_exception"):
                raise RuleExecutionError(result.exception_info.get("exception_message"))
            rows = result.result.get("unexpected_index_list") or []
            keys.append(set(frame["check_key"].iloc[rows].tolist()))
        return keys

    return failing_keys


def _see_only_documents(con: duckdb.DuckDBPyConnection) -> list[str]:
    """For an evaluation of some documents (those in the temp table rule_documents): every table of the layers with
    a document_id column is seen, under its own name, as those documents' rows alone (a temp view, which unqualified
    names find first). An item's outcome depends on its document's rows alone (above), so the items are the same;
    but a rule no longer reads every document's rows to keep one document's items (a filter on the items reaches
    only the scans it can be pushed into: at 10,000 documents most of the rules' time was whole tables read for one
    document). The findings tables are left alone. Returns the views' names, which the caller drops.

    The views select their documents through the temp table: DuckDB then reads only those documents' row groups in
    every scan of a rule's query, which a list of two constants did not do in the joins of most rules (at 10,000
    documents the rules' queries for two documents took 1.4 s with the list, 0.45 s with the table, for the same
    items; for one document both take 0.35 s)."""
    shadows = []
    for schema in SCHEMAS:   # the order names are looked up in: a name takes the first schema's table
        if schema == "main":   # the build's bookkeeping, not rule input
            continue
        for (name,) in con.execute("""SELECT DISTINCT table_name FROM information_schema.columns
                                      WHERE table_catalog = current_database() AND table_schema = ?
                                        AND column_name = 'document_id' ORDER BY table_name""", [schema]).fetchall():
            if name in shadows or name in FINDINGS_TABLES:
                continue
            con.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS '
                        f'SELECT * FROM "{schema}"."{name}" WHERE document_id IN (SELECT document_id FROM rule_documents)')
            shadows.append(name)
    return shadows


# GX validates the items of as many rules at once as make this many rows (GX's fixed cost is per validation, about
# 10 ms: one validation for an incremental build's few documents; bounded frames and pending items for a full one).
GX_BATCH_ROWS = 100_000


def _evaluate(con: duckdb.DuckDBPyConnection, rules: list[Rule], only: str, failing_keys) -> None:
    """Every rule's items (those `only` keeps): its failures into new_failures, its counts into new_counts.

    Each rule's items wait in a temp table of their own, keyed by check_key numbered across rules (the rule's first
    key plus the item's rowid), until GX has validated a batch of rules' items in one frame (both expectations are
    per row: a row fails or passes alone); then the batch's failing keys go into one temp table, and each rule's
    failures and counts are recorded from its items joined to it, in the rules' order."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_failures ({NEW_FAILURE_COLUMNS})")
    con.execute("CREATE OR REPLACE TEMP TABLE rule_texts (rule_no INTEGER, rule_title VARCHAR, rule_title_zh VARCHAR, "
                "advice_zh VARCHAR, value_kind VARCHAR)")
    con.execute("INSERT INTO rule_texts SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                "unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                [list(range(len(rules))), *([getattr(rule, name) for rule in rules]
                                            for name in ("title", "title_zh", "advice_zh", "value_kind"))])
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_counts ({COUNT_COLUMNS})")
    # the printed unit of every table, once for all rules (each rule's insert joined the union of the unit tables)
    con.execute(f"CREATE OR REPLACE TEMP TABLE rule_table_units AS "
                f"SELECT table_id, any_value(unit) AS unit FROM {_table_units(con)} GROUP BY table_id")
    pending, frames, numbered = [], [], 0   # (rule, items table, its columns, its first and last check_key)
    for number, rule in enumerate(rules):
        items = f"rule_items_{number}"
        columns, frame, count = _items(con, rule, only, items, numbered)
        pending.append((number, rule, items, columns, numbered, numbered + count))
        numbered += count
        if len(frame):
            frames.append(frame)
        if sum(len(f) for f in frames) >= GX_BATCH_ROWS or number == len(rules) - 1:
            # Converting an exact DECIMAL to DOUBLE keeps its sign and zero, which is all GX tests here.
            beyond, inexact = failing_keys(pd.concat(frames, ignore_index=True)) if frames else (set(), set())
            failing = _failing_table(con, beyond, inexact - beyond)
            for rule_no, waiting, table, its_columns, first, last in pending:
                # a rule without a failing item has no failure to insert (most rules of an incremental build)
                fails = np.searchsorted(failing, last, side="right") > np.searchsorted(failing, first, side="right")
                _record(con, rule_no, waiting, table, its_columns, first, fails)
                con.execute(f"DROP TABLE {table}")
            pending, frames = [], []
    con.execute("DROP TABLE IF EXISTS rule_failing_keys")


def _failing_table(con: duckdb.DuckDBPyConnection, beyond: set, within: set) -> np.ndarray:
    """The failing keys of a batch in temp table rule_failing_keys (check_key, beyond: true beyond the envelope,
    false within it but inexact), which each rule's items are joined to: a list of keys as a parameter was
    converted and unnested once per statement (three statements a rule). Returns the keys, sorted."""
    failing = np.array(sorted(beyond | within), dtype=np.int64)
    keys = pd.DataFrame({"check_key": failing, "beyond": np.isin(failing, np.fromiter(beyond, dtype=np.int64))})
    con.register("rule_failing_frame", keys)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE rule_failing_keys AS SELECT * FROM rule_failing_frame")
    finally:
        con.unregister("rule_failing_frame")
    return failing


def _checkable(columns: set[str]) -> str:
    return "coalesce(checkable, false)" if "checkable" in columns else "true"


def _confidence(rule: Rule, columns: set[str]) -> str:
    return f"coalesce(i.confidence, '{rule.confidence}')" if "confidence" in columns else f"'{rule.confidence}'"


def _items(con: duckdb.DuckDBPyConnection, rule: Rule, only: str, items: str, numbered: int):
    """Run the rule into temp table `items` (an item's check_key: numbered + 1 + its rowid): its columns, the frame
    GX validates (its checkable items) and how many items.

    The key is the new table's rowid (0 to n - 1 in a table only ever inserted into once), not row_number() OVER ():
    a window over all items is computed on one thread after every row is in (TGT-001 at 10,000 documents, 1.7
    million items: 9.2 s with the window, 6.1 s without)."""
    body = "\n".join(line for line in rule.sql.splitlines() if not line.strip().startswith("--"))
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE {items} AS
            SELECT r.*,
                   CAST(r.actual - r.expected AS DECIMAL(38, 2)) AS difference,
                   abs(r.actual - r.expected) - r.tolerance AS excess_exact
            FROM ({body}
            ) r
            {only}""")   # the body on lines of its own: a rule may end with a trailing -- comment
    except duckdb.Error as exc:
        raise RuleExecutionError(f"rule {rule.id} ({os.path.basename(rule.path)}) failed to run: {exc}") from exc
    columns = {c[0] for c in con.execute(f"DESCRIBE {items}").fetchall()}
    if "confidence" in columns:
        bad = con.execute(f"SELECT DISTINCT confidence FROM {items} WHERE confidence IS NOT NULL "
                          "AND confidence NOT IN (SELECT unnest(?::VARCHAR[]))", [list(CONFIDENCES)]).fetchall()
        if bad:
            raise RuleExecutionError(f"rule {rule.id}: confidence must be one of {CONFIDENCES}, got {bad[0][0]!r}")
    # numpy arrays, then a frame: DuckDB's .df() builds the same frame more slowly
    frame = pd.DataFrame(con.execute(f"""SELECT {numbered} + 1 + rowid AS check_key, CAST(excess_exact AS DOUBLE) AS excess,
                                               CAST(abs(difference) AS DOUBLE) AS abs_difference FROM {items}
                                        WHERE {_checkable(columns)}""").fetchnumpy())
    count = con.execute(f"SELECT count(*) FROM {items}").fetchall()[0][0]   # a result left unfetched blocks register()
    return columns, frame, count


def _record(con: duckdb.DuckDBPyConnection, rule_no: int, rule: Rule, items: str, columns: set[str], first: int,
            fails: bool) -> None:
    """One rule's failures (its items beyond the envelope, and within it but inexact: rule_failing_keys) and its
    counts."""
    checkable, confidence = _checkable(columns), _confidence(rule, columns)
    page_row = "i.page_row" if "page_row" in columns else "NULL"
    table_index = "i.table_index" if "table_index" in columns else "NULL"
    printed_unit = "i.printed_unit" if "printed_unit" in columns else "NULL"
    place_note = "CAST(i.place_note AS VARCHAR)" if "place_note" in columns else "NULL"
    other = ", ".join(f"CAST({f'i.other_{c}' if f'other_{c}' in columns else 'NULL'} AS {kind}) AS o_{c}"
                      for c, kind in (("table_id", "VARCHAR"), ("page", "BIGINT"), ("page_row", "BIGINT"),
                                      ("table_index", "BIGINT")))
    # a money figure's unit: the unit the rule names, else its table's (FAILURES looks that up for all rules at once)
    value_unit = {"money": f"CAST({printed_unit} AS VARCHAR)", "score": "'分'", "rate": "'%'", "count": "?"}[rule.value_kind]
    # a suspected mismatch is never an error: it relies on a pairing we cannot be certain of
    mismatch_severity = (f"CASE WHEN {confidence} = 'suspected' THEN 'warning' ELSE '{rule.severity}' END"
                         if rule.severity == "error" else f"'{rule.severity}'")
    key = f"{first} + 1 + i.rowid"
    # the rule's failing items with their outcome (k.beyond: beyond the envelope, else within it but inexact) and the
    # second table's place; the keys of rule_failing_keys in the rule's range are its items'
    failing = f"""(SELECT i.*, k.beyond, {other}
                   FROM {items} i JOIN rule_failing_keys k ON k.check_key = {key})"""
    if fails:   # the file name, tables' kinds and titles and the rule's texts: looked up by FAILURES
        con.execute(f"""
        INSERT INTO new_failures
        SELECT ?, ?, CASE WHEN i.beyond THEN {mismatch_severity} ELSE 'warning' END, i.document_id,
               i.page, i.table_id, i.item,
               i.expected, i.actual, i.difference, i.tolerance,
               CASE WHEN i.beyond THEN 'mismatch' ELSE 'rounding' END,
               ? || ': expected ' || i.expected || ', found ' || i.actual || ', difference ' || i.difference
                 || ' (' || CASE WHEN i.beyond THEN 'beyond the rounding envelope'
                                 ELSE 'within the rounding envelope: rounding' END
                 || ' ±' || CAST(i.tolerance AS DECIMAL(38, 2)) || ')',
               {confidence}, {value_unit}, {page_row}, {table_index},
               i.o_table_id, i.o_page, i.o_page_row, i.o_table_index, {place_note}
        FROM {failing} i""",
                    [rule_no, rule.id, rule.title, *([rule.count_word] if rule.value_kind == "count" else [])])
    # without a failing item, no join: its failing counts are 0
    beyond, within, suspected, outcomes = (
        ("count(*) FILTER (WHERE k.beyond)", "count(*) FILTER (WHERE NOT k.beyond)",
         f"count(*) FILTER (WHERE k.beyond AND {confidence} = 'suspected')",
         f"LEFT JOIN rule_failing_keys k ON k.check_key = {key}") if fails else ("0", "0", "0", ""))
    con.execute(f"""
        INSERT INTO new_counts
        SELECT ?, i.document_id, count(*) FILTER (WHERE {checkable}), {beyond}, {within},
               count(*) FILTER (WHERE NOT {checkable}), {suspected}
        FROM {items} i {outcomes} GROUP BY i.document_id""", [rule.id])


def run_rules(con: duckdb.DuckDBPyConnection, rules: list[Rule] | None = None,
              documents: list[str] | None = None) -> list[RuleOutcome]:
    """Evaluate every rule; replace marts.check_failures and marts.check_results. Caller holds the write lock.

    `documents`: only these documents' items are evaluated (an incremental build's changed documents, removed
    ones included: they have no items left); the other documents' failures and counts are kept from the
    warehouse, which must hold them from the same rules (`can_evaluate_by_document`). None: every document.
    The outcomes returned are the whole warehouse's either way."""
    rules = rules if rules is not None else load_rules()
    con.execute("CREATE SCHEMA IF NOT EXISTS marts")   # the findings sit beside the facts
    use_warehouse_schemas(con)
    if documents is not None and not can_evaluate_by_document(con):
        documents = None
    con.execute("CREATE OR REPLACE TEMP TABLE rule_documents (document_id VARCHAR)")
    if documents:
        con.execute("INSERT INTO rule_documents SELECT unnest(?::VARCHAR[])", [list(documents)])
    # the items of those documents: a list of constants, which DuckDB pushes down into the rule's outer scans
    only = ("" if documents is None else
            f"WHERE r.document_id IN ({', '.join(_sql_text(d) for d in documents) or 'NULL'})")
    failing_keys = _gx_suite_runner()
    shadows = [] if documents is None else _see_only_documents(con)
    try:
        _evaluate(con, rules, only, failing_keys)
    finally:
        for name in shadows:
            con.execute(f'DROP VIEW IF EXISTS temp."{name}"')
    _place_rows(con)
    con.execute("BEGIN TRANSACTION")
    if documents is None:
        con.execute(f"CREATE OR REPLACE TABLE marts.check_failures ({FAILURE_COLUMNS})")
        con.execute(f"INSERT INTO marts.check_failures SELECT * FROM ({FAILURES}) ORDER BY document_id, rule_id, page, item")
        con.execute(f"CREATE OR REPLACE TABLE {COUNTS} AS SELECT * FROM new_counts ORDER BY rule_id, document_id")
    else:
        # the changed documents' failures replace theirs; the other documents' rows stay as they are, with the
        # finding ids and statuses findings.py gave them (it numbers the new rows, which have no id yet): the
        # work is the changed documents', not the warehouse's
        con.execute("DELETE FROM marts.check_failures WHERE document_id IN (SELECT document_id FROM rule_documents)")
        con.execute(f"INSERT INTO marts.check_failures BY NAME SELECT * FROM ({FAILURES}) "
                    "ORDER BY document_id, rule_id, page, item")
        con.execute(f"DELETE FROM {COUNTS} WHERE document_id IN (SELECT document_id FROM rule_documents)")
        con.execute(f"INSERT INTO {COUNTS} SELECT * FROM new_counts")
    totals = {rule_id: counts for rule_id, *counts in con.execute(f"""
        SELECT rule_id, sum(items_checked), sum(beyond_envelope), sum(within_envelope), sum(not_checkable),
               sum(suspected) FROM {COUNTS} GROUP BY rule_id""").fetchall()}
    outcomes = [RuleOutcome(rule, *(int(n) for n in totals.get(rule.id, (0, 0, 0, 0, 0)))) for rule in rules]
    con.execute(f"CREATE OR REPLACE TABLE marts.check_results ({RESULT_COLUMNS})")
    rows = [[o.rule.id, o.rule.severity, o.rule.title, o.items_checked,
             o.errors, o.warnings, o.within_envelope, o.rule.description,
             o.not_checkable, o.suspected, o.rule.confidence,
             o.rule.title_zh, o.rule.description_zh, o.rule.advice_zh, o.rule.value_kind] for o in outcomes]
    if rows:   # one statement for every rule (one each: some 60 ms of a one-document evaluation)
        one = "(" + ", ".join("?" * len(rows[0])) + ")"
        con.execute(f"INSERT INTO marts.check_results VALUES {', '.join([one] * len(rows))}",
                    [value for row in rows for value in row])
    con.execute("COMMIT")
    for name in ("rule_table_units", "placed_rows", "rule_texts"):
        con.execute(f"DROP TABLE {name}")
    return outcomes
