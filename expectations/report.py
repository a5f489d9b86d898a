"""The data-quality report: HTML pages a finance officer can open from a folder or an e-mail.

`write_report(db_path, reports_dir, build_id)` reads the warehouse (read-only) and writes the build's report
folder, which `publish_report` then publishes with the warehouse (see "the reports folder" below):
  - the index (latest.html): run summary (documents loaded / quarantined, failures by severity); one line per
    document — file, status (quarantined with its reason), department and year, errors / suspected / warnings /
    rounding / not-checkable counts — linking to its page; the findings across documents, if any; the rule
    catalogue with what each rule checked and the items it could not check (marts.check_results);
  - one page per document (documents/<document id>.html): every failing identity (rule, table, page, item,
    expected, actual, difference, tolerance, finding, evidence), mismatches before rounding warnings — the
    confirmed ones (确定: both sides are table figures located exactly, or a printed total against its own parts)
    apart from the suspected ones (疑似: prose matched to a table line, a heuristic pairing, a template
    assumption) — and the items of the document each rule could not check.
A build writes only the pages of documents whose page would change; the others are carried over. The index's
counts and each page's digest are computed by DuckDB in one pass over the findings; only the pages written have
their findings read into Python, a batch of documents at a time (their findings, printed cells and files in one
query each): an incremental build's report costs the pages it writes, that one DuckDB pass and a link per page
carried over, and no report holds more findings in Python than one batch's (per process: a report of several
batches has them written by `workers` processes at once, BW_WORKERS, each reading the warehouse read-only).

The pages have inline CSS only: no script, no external URL, no font to fetch, and a Content-Security-Policy
that forbids both anyway; the only images are the evidence pictures of the reports folder (`evidence/*.png`,
relative links; expectations/evidence.py), under each finding with the printed cells it compares. Every piece
of text that comes from a document or a file name is untrusted and goes through html.escape. Amounts are exact
Decimals in 元.
"""
from __future__ import annotations

import datetime as _dt
import functools
import gc
import hashlib
import html
import json
import multiprocessing
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from extract.duckdb_settings import connect, tables_in
from extract.loader import ABANDONED_AFTER_SECONDS, BUILD_INFO, CHANGES
from extract.safe_text import CHANGED_WHEN_SHOWN, shown

from expectations.evidence import EVIDENCE_DIR, MAX_IMAGES, attach_evidence, fetch_rows

FINDING_LABELS = {"mismatch": "不符 mismatch", "rounding": "舍入 rounding"}
SEVERITY_LABELS = {"error": "错误 error", "warning": "警告 warning"}
STATUS_LABELS = {"loaded": "已入库 loaded", "quarantined": "已隔离 quarantined"}
CONFIDENCE_LABELS = {"confirmed": "确定 confirmed", "suspected": "疑似 suspected"}


# ---------------------------------------------------------------------------------------------- formatting

def format_amount(value, signed: bool = False) -> str:
    """An exact amount with thousands separators and two decimals ('13,583,000.00'); '—' for none."""
    if value is None:
        return "—"
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return format(amount, "+,.2f" if signed else ",.2f")


def format_yuan(value, signed: bool = False) -> str:
    text = format_amount(value, signed)
    return text if text == "—" else f"{text} 元"


# Money is kept in 元 and shown in the unit the table printed it in.
MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def format_value(value, kind: str | None, unit: str | None, signed: bool = False) -> str:
    """A finding's value with the unit of its kind: money in its printed unit ('11.31 万元'), scores in 分,
    rates in %, counts with their measure word ('1 项'); exact, never through a float; '—' for none."""
    if value is None:
        return "—"
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    sign = "+" if signed else ""
    if kind in (None, "money"):
        unit = unit if unit in MONEY_UNITS else "元"
        amount = amount / MONEY_UNITS[unit]
        decimals = max(2, -amount.normalize().as_tuple().exponent) if amount else 2
        return f"{amount:{sign},.{decimals}f} {unit}"
    decimals = max(0, -amount.normalize().as_tuple().exponent) if amount else 0
    text = f"{amount:{sign},.{decimals}f}"
    return f"{text}%" if kind == "rate" else f"{text} {unit or ''}".rstrip()


def place_label(page, page_row) -> str:
    """'第 5 页表内第 12 行', '第 5 页', or '—'. page_row is the 0-based index of the row in the page's table
    (header rows included), so the officer counts rows from the table's top line on that page, from 1."""
    if page is None:
        return "—"
    return f"第 {page} 页" + (f"表内第 {page_row + 1} 行" if page_row is not None else "")


# a character that html.escape or shown() would change; text without one is shown as it is
_UNSAFE = re.compile("[&<>\"'" + CHANGED_WHEN_SHOWN + "]")


def _e(value) -> str:
    """Escape anything for HTML text or a quoted attribute (control, bidi and zero-width characters neutralised)."""
    text = value if type(value) is str else "" if value is None else str(value)
    if _UNSAFE.search(text) is None:   # most cells: nothing to escape (the same text, without two passes)
        return text
    return html.escape(shown(text), quote=True)


# ---------------------------------------------------------------------------------------------- data

@dataclass
class Document:
    document_id: str
    file_name: str
    status: str | None = None
    reason_code: str | None = None
    reason: str | None = None
    department_name: str | None = None
    fiscal_year: int | None = None
    document_kind: str | None = None
    budget_tables: int | None = None
    failures: list[dict] = field(default_factory=list)
    not_checkable: dict[str, int] = field(default_factory=dict)   # rule id -> items of this document it could not check
    # What the index shows of the document when its failures are not read (write_report): its counts (_counts) and
    # its items not checkable in all; None: computed from failures and not_checkable.
    counts: tuple[int, int, int, int] | None = None
    not_checkable_items: int | None = None


@dataclass
class ReportData:
    documents: list[Document]
    rules: list[dict]
    checks_ran: bool
    cross_document: list[dict] = field(default_factory=list)   # findings naming no one document


FAILURE_FIELDS = ("rule_id", "severity", "rule_title", "document_id", "file_name", "page", "table_id", "table_kind",
                  "table_title", "item", "expected", "actual", "difference", "tolerance", "finding", "confidence",
                  "rule_title_zh", "advice_zh", "value_kind", "value_unit", "page_row")
# written after the rules by orchestration/findings.py (a finding's id and the officer's decision)
OPTIONAL_FAILURE_FIELDS = ("finding_id", "status", "status_reason", "table_index",
                           # the second table's row of a finding comparing two tables (expectations/runner.py)
                           "other_table_title", "other_page", "other_page_row", "other_table_index",
                           "place_note")   # where the finding sits when it is no table row (a missing table, prose)
RULE_FIELDS = ("rule_id", "severity", "title", "items_checked", "errors", "warnings", "rounding_warnings", "description",
               "not_checkable", "suspected", "confidence", "title_zh", "description_zh", "advice_zh", "value_kind")
DOCUMENT_FIELDS = ("document_id", "file_name", "status", "reason_code", "reason", "department_name", "fiscal_year",
                   "document_kind", "budget_tables")
# a document's findings in the order its page lists them
FAILURE_ORDER = """document_id, CASE finding WHEN 'mismatch' THEN 0 ELSE 1 END, CASE severity WHEN 'error' THEN 0 ELSE 1 END,
                   rule_id, page NULLS LAST, table_id, item, finding_id"""
# what _counts counts, in SQL (a dismissed finding is not counted; NULL compares as Python's None does)
_LIVE = "status IS DISTINCT FROM 'dismissed'"
COUNTS_SQL = f"""
    count(*) FILTER (WHERE {_LIVE} AND finding = 'mismatch' AND severity = 'error'
                     AND confidence IS DISTINCT FROM 'suspected') AS errors,
    count(*) FILTER (WHERE {_LIVE} AND finding = 'mismatch' AND confidence = 'suspected') AS suspected,
    count(*) FILTER (WHERE {_LIVE} AND finding = 'mismatch') AS mismatches,
    count(*) FILTER (WHERE {_LIVE} AND finding IS DISTINCT FROM 'mismatch') AS rounding"""


def read_report_data(db_path: str) -> ReportData:
    """Everything the report shows (no evidence), read in one short read-only connection. Holds every finding of
    the warehouse: write_report reads the documents' findings a batch at a time instead."""
    con = connect(str(db_path), read_only=True)
    try:
        return _read(con)
    finally:
        con.close()


def _read(con) -> ReportData:
    data, _ = _read_index(con)
    _read_documents(con, data.documents)
    return data


def _failure_columns(con) -> str:
    present = {r[0] for r in con.execute("DESCRIBE marts.check_failures").fetchall()}
    return ", ".join(f if f in present else f"NULL AS {f}" for f in FAILURE_FIELDS + OPTIONAL_FAILURE_FIELDS)


def _read_index(con) -> tuple[ReportData, dict[str, str]]:
    """What the index shows, without the documents' findings: every document (dim_documents, and a document only
    findings name) with its counts and items not checkable in all, the rules, the findings across documents; and,
    per document, a digest of everything its page shows (_page_hash). The findings are counted and digested in
    DuckDB, so this costs little per document."""
    tables = tables_in(con, "marts")
    checks_ran = "check_failures" in tables and "check_results" in tables
    docs: dict[str, Document] = {}
    if "dim_documents" in tables:
        for row in con.execute(f"""SELECT {", ".join(DOCUMENT_FIELDS)} FROM marts.dim_documents
                                   ORDER BY status, file_name, document_id""").fetchall():
            docs[row[0]] = Document(*row, counts=(0, 0, 0, 0), not_checkable_items=0)
    rules, cross, digests, not_checkable = [], [], {}, {}
    if checks_ran:
        columns = _failure_columns(con)
        fields = FAILURE_FIELDS + OPTIONAL_FAILURE_FIELDS
        # one 64-bit hash per finding over every field the page may show (DuckDB's hash of the row, ten times
        # cheaper than md5 of its JSON), then one digest per document over its findings' hashes sorted: the findings
        # as a set (two equal items of a rule on one page come in either order). A page whose findings change gets
        # another digest (but for a 2^-64 chance) and is written again.
        for (document_id, file_name, errors, suspected, mismatches, rounding, digest) in con.execute(f"""
                WITH f AS (SELECT {columns} FROM marts.check_failures WHERE document_id IS NOT NULL),
                     h AS (SELECT *, hash(struct_pack({", ".join(fields)}))::VARCHAR AS digest FROM f)
                SELECT document_id, first(file_name ORDER BY {FAILURE_ORDER}), {COUNTS_SQL},
                       md5(string_agg(digest, ',' ORDER BY digest))
                FROM h GROUP BY document_id ORDER BY document_id""").fetchall():
            doc = docs.get(document_id)
            if doc is None:   # a failure for a document dim_documents does not list: still show it
                doc = docs[document_id] = Document(document_id, file_name, not_checkable_items=0)
            doc.counts = (errors, suspected, mismatches - errors - suspected, rounding)
            digests[document_id] = digest
        cross = [dict(zip(fields, r)) for r in con.execute(f"""
            SELECT {columns} FROM marts.check_failures WHERE document_id IS NULL ORDER BY {FAILURE_ORDER}""").fetchall()]
        rules = [dict(zip(RULE_FIELDS, r)) for r in con.execute(
            f"SELECT {', '.join(RULE_FIELDS)} FROM marts.check_results ORDER BY rule_id").fetchall()]
        if "check_counts_by_document" in tables:   # the runner's counts per rule and document
            for document_id, items, listed in con.execute("""
                    SELECT document_id, sum(not_checkable), string_agg(rule_id || '=' || not_checkable, ',' ORDER BY rule_id)
                    FROM marts.check_counts_by_document WHERE not_checkable > 0 GROUP BY document_id""").fetchall():
                if document_id in docs:
                    docs[document_id].not_checkable_items = int(items)
                    not_checkable[document_id] = listed
    sources = {}
    if "stg_documents" in tables_in(con, "staging"):
        sources = {d: (p, fmt) for d, p, fmt in con.execute(
            "SELECT document_id, path, format FROM staging.stg_documents").fetchall()}
    hashes = {d: _page_hash(doc, digests.get(d), not_checkable.get(d), sources.get(d)) for d, doc in docs.items()}
    return ReportData(list(docs.values()), rules, checks_ran, cross), hashes


def _read_documents(con, documents: list[Document]) -> None:
    """Set the findings and the items not checkable (rule by rule) of these documents: one query each for all."""
    marts = tables_in(con, "marts")
    if not documents or "check_failures" not in marts:
        return
    by_id = {d.document_id: d for d in documents}
    ids = sorted(by_id)
    fields = FAILURE_FIELDS + OPTIONAL_FAILURE_FIELDS
    # the range lets DuckDB skip the row groups of other documents (tables are stored in document order, mostly);
    # fetched through Arrow, a batch's findings' 30 columns cost 0.065 -> 0.047 s of CPU (7,000 findings at 10,000)
    document_id = fields.index("document_id")
    for row in fetch_rows(con, f"""
            SELECT {_failure_columns(con)} FROM marts.check_failures
            WHERE document_id BETWEEN ? AND ? AND document_id IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY {FAILURE_ORDER}""", [ids[0], ids[-1], ids]):
        by_id[row[document_id]].failures.append(dict(zip(fields, row)))
    if "check_counts_by_document" in marts:
        for rule_id, document_id, items in con.execute("""
                SELECT rule_id, document_id, not_checkable FROM marts.check_counts_by_document
                WHERE not_checkable > 0 AND document_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY rule_id""",
                                                       [ids]).fetchall():
            by_id[document_id].not_checkable[rule_id] = items


def _suspected(failure: dict) -> bool:
    return failure.get("confidence") == "suspected"


def _counts(failures: list[dict]) -> tuple[int, int, int, int]:
    """(confirmed errors, suspected mismatches, other warnings beyond the envelope, rounding warnings).

    A suspected mismatch is a warning (the runner never gives it an error's severity); it is counted
    apart, as 疑似, from the confirmed warnings.
    """
    failures = [f for f in failures if f.get("status") != "dismissed"]   # dismissed after review: not counted
    mismatches = [f for f in failures if f["finding"] == "mismatch"]
    errors = sum(1 for f in mismatches if f["severity"] == "error" and not _suspected(f))
    suspected = sum(1 for f in mismatches if _suspected(f))
    warnings = len(mismatches) - errors - suspected
    rounding = sum(1 for f in failures if f["finding"] != "mismatch")
    return errors, suspected, warnings, rounding


def _document_counts(doc: Document) -> tuple[int, int, int, int]:
    """_counts of the document's findings (counted by DuckDB when write_report has not read them)."""
    return doc.counts if doc.counts is not None else _counts(doc.failures)


def _not_checkable_items(doc: Document) -> int:
    return doc.not_checkable_items if doc.not_checkable_items is not None else sum(doc.not_checkable.values())


# ---------------------------------------------------------------------------------------------- HTML

CSS = """
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
       margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; border-bottom: 3px solid #8b0000; padding-bottom: .3em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1em; margin-top: 1.5em; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: .8em 0; font-size: .92em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.mismatch.error td { background: #fdecea; }
tr.mismatch.warning td { background: #fff4e0; }
tr.rounding td { color: #555; }
.banner { padding: .8em 1em; border-radius: 4px; font-weight: bold; margin: 1em 0; }
.banner.bad { background: #fdecea; border: 1px solid #e0a0a0; }
.banner.ok { background: #e9f7ef; border: 1px solid #9fd3b0; }
.meta { color: #666; font-size: .9em; }
.advice { color: #1a237e; font-size: .92em; }
.tag { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: .85em; }
.tag.error { background: #c62828; color: #fff; }
.tag.warning { background: #ef6c00; color: #fff; }
.tag.rounding { background: #9e9e9e; color: #fff; }
.tag.ok { background: #2e7d32; color: #fff; }
.tag.suspected { background: #fff; color: #8d6e00; border: 1px dashed #8d6e00; }
tr.suspected td { background: #fffbe6; }
tr.evidence td { background: #fafafa; border-top: none; }
figure.evidence { margin: .3em 0; }
figure.evidence img { max-width: 100%; border: 1px solid #bbb; display: block; }
figure.evidence figcaption, .excerpt-caption { color: #555; font-size: .85em; }
table.excerpt { width: auto; font-size: .85em; margin: .3em 0; }
.excerpt-wrap { overflow-x: auto; max-width: 100%; }
table.excerpt td { background: #fff; max-width: 18em; word-break: break-all; }
table.excerpt tr.hit td { background: #ffe0b2; font-weight: bold; outline: 2px solid #c62828; }
code { font-family: "SFMono-Regular", Consolas, monospace; }
@media print { body { margin: 0; max-width: none; } tr { page-break-inside: avoid; } }
"""


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def _document_label(doc: Document) -> str:
    # an unknown department is left out, never shown as "部门: 2024 年"
    parts = [p for p in (f"部门 {doc.department_name}" if doc.department_name else None,
                         f"{doc.fiscal_year} 年度" if doc.fiscal_year else None, doc.document_kind) if p]
    return " · ".join(_e(p) for p in parts)


def _summary_section(data: ReportData) -> str:
    loaded = [d for d in data.documents if d.status == "loaded"]
    quarantined = [d for d in data.documents if d.status == "quarantined"]
    counts = [_document_counts(d) for d in data.documents] + [_counts(data.cross_document)]
    errors, suspected, warnings, rounding = (sum(c[i] for c in counts) for i in range(4))
    failing_docs = sum(1 for c in counts[:-1] if c[0])
    not_checkable = sum(r.get("not_checkable") or 0 for r in data.rules)
    out = ["<h2>运行概览 Run summary</h2>"]
    if not data.checks_ran:
        out.append('<div class="banner bad">勾稽关系检查尚未运行（仓库中没有 check_failures / check_results）。</div>')
    elif errors:
        out.append(f'<div class="banner bad">{failing_docs} 份文件共有 {errors} 处确定的勾稽关系不符（超出舍入容差）。'
                   f' {errors} confirmed identity mismatch(es) beyond the rounding envelope in {failing_docs} document(s).</div>')
    elif suspected:
        out.append(f'<div class="banner ok">没有确定的勾稽关系不符；{suspected} 处疑似不符需人工核对。'
                   f' No confirmed mismatch; {suspected} suspected one(s) to read on the page.</div>')
    else:
        out.append('<div class="banner ok">所有勾稽关系均在舍入容差之内。 No identity fails beyond the rounding envelope.</div>')
    out.append(_table(["项目", "数量"], [
        f'<tr><td>文件总数 documents</td><td class="num">{len(data.documents)}</td></tr>',
        f'<tr><td>已入库 loaded</td><td class="num">{len(loaded)}</td></tr>',
        f'<tr><td>已隔离 quarantined</td><td class="num">{len(quarantined)}</td></tr>',
        *_count_rows((errors, suspected, warnings, rounding), not_checkable)]))
    return "\n".join(out)


def _count_rows(counts: tuple[int, int, int, int], not_checkable: int) -> list[str]:
    errors, suspected, warnings, rounding = counts
    return [
        f'<tr><td><span class="tag error">错误 error</span> 确定不符 confirmed mismatches</td><td class="num">{errors}</td></tr>',
        f'<tr><td><span class="tag suspected">疑似 suspected</span> 疑似不符 suspected mismatches</td><td class="num">{suspected}</td></tr>',
        f'<tr><td><span class="tag warning">警告 warning</span> 不符 mismatches</td><td class="num">{warnings}</td></tr>',
        f'<tr><td><span class="tag rounding">舍入 rounding</span> 舍入差异 warnings</td><td class="num">{rounding}</td></tr>',
        f'<tr><td>无法检查 items not checkable</td><td class="num">{not_checkable}</td></tr>']


def _status_cell(doc: Document) -> str:
    status = _e(STATUS_LABELS.get(doc.status, doc.status or "—"))
    if doc.status == "quarantined":
        status += f"<br><code>{_e(doc.reason_code)}</code> {_e(doc.reason)}"
    return status


def _documents_index(data: ReportData) -> str:
    """One line per document, linking to its page: documents with confirmed errors first, then by name."""
    out = ["<h2>文件一览 Documents</h2>"]
    if not data.documents:
        out.append("<p>仓库中没有文件。 No documents.</p>")
        return "\n".join(out)
    out.append('<p class="meta">每份文件一页，列出其全部勾稽关系问题及原表截图。 One page per document, with every finding '
               "and its evidence.</p>")

    def order(d):
        e, sus, w, r = _document_counts(d)
        return -e, -sus, -w, -r, d.status != "loaded", d.file_name or "", d.document_id

    rows = []
    for d in sorted(data.documents, key=order):
        e, sus, w, r = _document_counts(d)
        rows.append(f'<tr><td><a href="{PAGES_DIR}/{page_name(d.document_id)}">{_e(d.file_name)}</a></td>'
                    f"<td>{_status_cell(d)}</td><td>{_document_label(d) or '—'}</td>"
                    f'<td class="num">{_e(d.budget_tables if d.budget_tables is not None else "—")}</td>'
                    f'<td class="num">{e}</td><td class="num">{sus}</td><td class="num">{w}</td><td class="num">{r}</td>'
                    f'<td class="num">{_not_checkable_items(d)}</td></tr>')
    out.append(_table(["文件 file", "状态 status", "部门 / 年度", "预算表 tables", "确定错误 errors", "疑似不符 suspected",
                       "警告 warnings", "舍入 rounding", "无法检查 not checkable"], rows))
    return "\n".join(out)


def _failure_row(f: dict, up: str = "") -> str:
    finding = f["finding"] or ""
    severity = f["severity"] or ""
    tag = "rounding" if finding != "mismatch" else severity
    label = FINDING_LABELS.get(finding, finding) if finding != "mismatch" else \
        f"{FINDING_LABELS['mismatch']} · {SEVERITY_LABELS.get(severity, severity)}"
    value = lambda key, signed=False: _e(format_value(f[key], f.get("value_kind"), f.get("value_unit"), signed))  # noqa: E731
    advice = f'<br><span class="advice">处理建议：{_e(f["advice_zh"])}</span>' if f.get("advice_zh") else ""
    finding_id = f'<br><span class="meta">编号 <code>{_e(f["finding_id"])}</code></span>' if f.get("finding_id") else ""
    if f.get("status") == "dismissed":
        tag, label = "rounding", f"已忽略 dismissed：{f.get('status_reason') or ''}"
    suspected = " suspected" if _suspected(f) else ""
    anchor = f' id="f-{_e(f["finding_id"])}"' if f.get("finding_id") else ""   # alerts link here
    return (f'<tr{anchor} class="{_e(finding)} {_e(severity)}{suspected}">'
            f"<td><code>{_e(f['rule_id'])}</code> {_e(f.get('rule_title_zh') or f['rule_title'])}"
            f'<br><span class="meta">{_e(f["rule_title"])}</span>{finding_id}</td>'
            f"<td>{_e(f['table_title'] or f['table_kind'] or '—')}</td>"
            f'<td class="num">{_e(place_label(f["page"], f.get("page_row")))}{_place_note(f)}{_other_place(f)}</td>'
            f"<td>{_e(f['item'])}{advice}</td>"
            f'<td class="num">{value("expected")}</td>'
            f'<td class="num">{value("actual")}</td>'
            f'<td class="num">{value("difference", True)}</td>'
            f'<td class="num">±{value("tolerance")}</td>'
            f'<td><span class="tag {_e(tag)}">{_e(label)}</span></td></tr>' + _evidence_row(f, up))


def _place_note(f: dict) -> str:
    """Where a finding that names no table row sits on paper (the rule's words: a table not printed, a sentence
    of the 情况说明, a count over a whole table)."""
    return f'<br><span class="meta">{_e(f["place_note"])}</span>' if f.get("place_note") else ""


def _other_place(f: dict) -> str:
    """For a finding comparing two tables: where the second table prints the row it compares."""
    if f.get("other_page") is None:
        return ""
    title = f.get("other_table_title") or "另一张表"
    return f'<br><span class="meta">对照 {_e(title)}：{_e(place_label(f["other_page"], f.get("other_page_row")))}</span>'


_HIT = ' class="hit"'
_ROW_LABELS = {"xlsx": "工作表第 {} 行 sheet row {}", "docx": "表格第 {} 行 table row {}"}


def _excerpt(ev, where: str, hit: str = "本项所在行") -> str:
    rows = "".join([_excerpt_row(ev.source, row, row[0] == ev.row) for row in ev.rows])
    return (f'<p class="excerpt-caption">原表摘录 table excerpt: {_e(where)}（标红行为{_e(hit)}）</p>'
            f'<div class="excerpt-wrap"><table class="excerpt"><tbody>{rows}</tbody></table></div>')


@functools.lru_cache(maxsize=4096)
def _excerpt_row(source: str, row: tuple, hit: bool) -> str:
    """A printed row of an excerpt, (page_row, source_row, cells) with its cells a tuple: a row is shown under each
    finding near it, made once, label and all (rendering 600 pages at 1,000: 0.46 -> 0.43 s, when its cells alone were)."""
    page_row, source_row, cells = row
    kind = _ROW_LABELS.get(source)
    label = kind.format(source_row, source_row) if kind and source_row else f"第 {page_row + 1} 行"
    # the shown rows other than the finding's have no class (an empty class="" was 1 % of a page's bytes)
    return (f'<tr{_HIT if hit else ""}><td class="meta">{_e(label)}</td>' + "".join(f"<td>{_e(c)}</td>" for c in cells)
            + "</tr>")


def _evidence_row(f: dict, up: str = "") -> str:
    """The printed cells the finding compares: a cropped page picture (PDF) or an excerpt of the table's rows;
    for a finding comparing two tables, both rows (stacked in one picture, or two excerpts). `up`: the way from
    the page to the reports folder, where the pictures are ("../" from a document's page)."""
    ev = f.get("evidence")
    if ev is None:
        return ""
    if getattr(ev, "compared_only", False):
        return _compared_row(f, ev, up)
    where = place_label(ev.page, ev.row)
    other = getattr(ev, "other", None)
    other_where = f"{f.get('other_table_title') or '另一张表'} {place_label(other.page, other.row)}" if other else ""
    if ev.image:
        both = (f"；下方为对照表 {other_where} 的对应行 (below: the row of the table it is compared with)"
                if other else "")
        body = (f'<figure class="evidence"><img src="{_e(up + ev.image)}" alt="{_e("原表截图 " + where)}">'
                f"<figcaption>原表截图 printed page: {_e(where)}{_e(both)}；红框为本项所在行，橙框为该行各单元格，蓝框为本项比较的数字"
                f" (red: the finding's row; orange: its cells; blue: the figures it compares)</figcaption></figure>")
    else:
        body = _excerpt(ev, where) + (_excerpt(other, other_where) if other else "")
    return f'\n<tr class="evidence"><td colspan="{len(FAILURE_HEADERS)}">{body}</td></tr>'


def _compared_row(f: dict, ev, up: str = "") -> str:
    """A finding in the 情况说明 prose (no table row of its own): the table row its figure was compared with."""
    where = f"{f.get('other_table_title') or '对照表'} {place_label(ev.page, ev.row)}"
    hit = "情况说明数字所对照的表格行"
    if ev.image:
        body = (f'<figure class="evidence"><img src="{_e(up + ev.image)}" alt="{_e("对照表格行截图 " + where)}">'
                f"<figcaption>对照表格行截图 compared table row: {_e(where)}；红框为{_e(hit)}，橙框为该行各单元格，"
                f"蓝框为本项比较的数字 (red: the table row the narrative figure is compared with; orange: its cells; "
                f"blue: the figures it compares)</figcaption></figure>")
    else:
        body = _excerpt(ev, where, hit)
    return f'\n<tr class="evidence"><td colspan="{len(FAILURE_HEADERS)}">{body}</td></tr>'


FAILURE_HEADERS = ["规则 rule", "表 table", "页、行 page, row", "项目及处理建议 item, advice", "应为 expected", "实为 actual",
                   "差额 difference", "容差 tolerance", "结论 finding"]


def _findings_tables(failures: list[dict], up: str) -> list[str]:
    """The findings of one document (or the cross-document ones): confirmed, then suspected apart."""
    out = []
    confirmed = [f for f in failures if not _suspected(f)]
    suspected = [f for f in failures if _suspected(f)]
    if confirmed:
        out.append(_table(FAILURE_HEADERS, [_failure_row(f, up) for f in confirmed]))
    if suspected:
        out.append('<p class="meta"><span class="tag suspected">疑似 suspected</span> 以下结果依赖于文字与表格行的匹配、'
                   "启发式配对或模板假设，请对照原文核对。 These rest on matching prose to a table line, a heuristic "
                   "pairing or a template assumption: read them on the page.</p>")
        out.append(_table(FAILURE_HEADERS, [_failure_row(f, up) for f in suspected]))
    return out


def _cross_document_section(data: ReportData) -> str:
    """Findings of a rule across documents (no rule of the catalogue is one today): on the index, which every
    build rewrites."""
    if not data.cross_document:
        return ""
    return "\n".join(["<h2>跨文件的勾稽关系问题 Findings across documents</h2>",
                      *_findings_tables(data.cross_document, "")])


def _document_body(doc: Document, rules: dict[str, dict]) -> str:
    label = _document_label(doc)
    out = [f'<p class="meta">{label + " · " if label else ""}文档编号 document <code>{_e(doc.document_id)}</code>'
           f" · 状态 {_e(STATUS_LABELS.get(doc.status, doc.status or '—'))}</p>"]
    if doc.status == "quarantined":
        out.append(f'<div class="banner bad">已隔离，未入库 quarantined: <code>{_e(doc.reason_code)}</code> {_e(doc.reason)}</div>')
    out.append(_table(["项目", "数量"], _count_rows(_counts(doc.failures), sum(doc.not_checkable.values()))))
    out.append("<h2>勾稽关系问题 Failing identities</h2>")
    if doc.failures:
        out += _findings_tables(doc.failures, "../")
    else:
        out.append("<p>本文件没有勾稽关系问题。 No failing identity in this document.</p>")
    if doc.not_checkable:
        out.append("<h2>无法检查的项目 Items not checkable</h2>")
        out.append('<p class="meta">文件未印出规则所需的数字，或无法确定其含义：不判断对错。 What the document does not print, '
                   "or prints where its meaning cannot be placed with certainty: neither right nor wrong.</p>")
        rows = []
        for rule_id, items in sorted(doc.not_checkable.items()):
            rule = rules.get(rule_id) or {}
            rows.append(f"<tr><td><code>{_e(rule_id)}</code></td><td>{_e(rule.get('title_zh') or rule.get('title') or '')}</td>"
                        f'<td class="num">{_e(items)}</td></tr>')
        out.append(_table(["规则 rule", "勾稽关系 identity", "项目数 items"], rows))
    return "\n".join(out)


def _rules_section(data: ReportData) -> str:
    out = ["<h2>规则目录 Rule catalogue</h2>"]
    if not data.rules:
        out.append("<p>没有规则运行结果。 No rule results.</p>")
        return "\n".join(out)
    rows = []
    for r in data.rules:
        status = "error" if r["errors"] else "warning" if r["warnings"] else "rounding" if r["rounding_warnings"] else "ok"
        status_label = {"error": "不符", "warning": "警告", "rounding": "舍入", "ok": "通过"}[status]
        rows.append(f"<tr><td><code>{_e(r['rule_id'])}</code></td>"
                    f"<td>{_e(SEVERITY_LABELS.get(r['severity'], r['severity']))}<br>"
                    f"<span class=\"meta\">{_e(CONFIDENCE_LABELS.get(r.get('confidence'), r.get('confidence') or ''))}</span></td>"
                    f"<td><strong>{_e(r.get('title_zh') or r['title'])}</strong>"
                    f"<br>{_e(r.get('description_zh') or '')}"
                    f"<br><span class=\"advice\">处理建议：{_e(r.get('advice_zh') or '—')}</span>"
                    f"<br><span class=\"meta\">{_e(r['title'])} — {_e(r['description'])}</span></td>"
                    f'<td class="num">{_e(r["items_checked"])}</td><td class="num">{_e(r.get("not_checkable") or 0)}</td>'
                    f'<td class="num">{_e(r["errors"])}</td><td class="num">{_e(r.get("suspected") or 0)}</td>'
                    f'<td class="num">{_e(r["warnings"])}</td><td class="num">{_e(r["rounding_warnings"])}</td>'
                    f'<td><span class="tag {status}">{status_label}</span></td></tr>')
    out.append(_table(["规则 rule", "级别 severity", "勾稽关系 identity", "检查项 checked", "无法检查 not checkable",
                       "确定错误 errors", "疑似 suspected", "警告 warnings", "舍入 rounding", "结果 result"], rows))
    return "\n".join(out)


TITLE = "预算公开数据质量报告"


def _html(title: str, body: list[str]) -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may be executed or fetched from elsewhere: inline styles, evidence pictures from the reports folder.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        "",
    ])


def _meta(generated_at: _dt.datetime | None, source: str | None, build_id: str | None = None) -> str:
    generated_at = generated_at or _dt.datetime.now().astimezone()
    meta = f"生成时间 generated {_e(generated_at.strftime('%Y-%m-%d %H:%M:%S %z'))}"
    if source:
        meta += f" · 数据仓库 warehouse <code>{_e(source)}</code>"
    if build_id:
        meta += f" · 构建 build <code>{_e(build_id)}</code>"
    return meta + " · 金额按原表单位列示（精确值） amounts exact, in the table's printed unit"


def render_index(data: ReportData, title: str = TITLE, generated_at: _dt.datetime | None = None,
                 source: str | None = None, build_id: str | None = None) -> str:
    """The index page: the run summary, one line per document linking to its page, the findings across
    documents, the rule catalogue."""
    return _html(title, [f"<h1>{_e(title)}</h1>", f'<p class="meta">{_meta(generated_at, source, build_id)}</p>',
                         _summary_section(data), _documents_index(data), _cross_document_section(data),
                         _rules_section(data)])


def render_document(doc: Document, rules: list[dict] | None = None, generated_at: _dt.datetime | None = None,
                    source: str | None = None) -> str:
    """A document's page (in the reports folder's documents/): every finding of the document with its evidence,
    confirmed apart from suspected, and what could not be checked."""
    by_rule = {r["rule_id"]: r for r in rules or []}
    return _html(f"{doc.file_name or doc.document_id} · {TITLE}", [
        f'<p class="meta"><a href="../{LATEST}">← 返回索引 back to the index</a></p>',
        f"<h1>{_e(doc.file_name)}</h1>", f'<p class="meta">{TITLE} · {_meta(generated_at, source)}</p>',
        _document_body(doc, by_rule)])


# ---------------------------------------------------------------------------------------------- the reports folder
#
# <reports>/latest.html -> current/index.html      these three links never change: the stable names that the CLI,
# <reports>/documents   -> current/documents       the alerts (documents/<document id>.html#f-<finding id>) and
# <reports>/evidence    -> current/evidence        findings show (evidence/<finding id>.png) give out
# <reports>/current     -> .builds/<build id>       replaced by one rename when the build is published
# <reports>/.builds/<build id>/index.html, documents/<document id>.html, evidence/<finding id>.png, pages.json
#
# A build writes its own folder while it runs (nobody sees it), carrying the pages of unchanged documents over
# from the published folder (hard links), and publishing swaps `current`: readers see the whole previous report
# or the whole new one, never a half-written one.

PAGES_DIR = "documents"
LATEST = "latest.html"
INDEX = "index.html"
CURRENT = "current"
BUILDS_DIR = ".builds"
MANIFEST = "pages.json"   # per document: the hash of what its page shows, and its pictures
LINKS = {LATEST: f"{CURRENT}/{INDEX}", PAGES_DIR: f"{CURRENT}/{PAGES_DIR}", EVIDENCE_DIR: f"{CURRENT}/{EVIDENCE_DIR}"}
_DOCUMENT_ID = re.compile(r"[0-9a-f]{16}")


def page_name(document_id: str) -> str:
    """The file of a document's page in documents/: its id (sha256[:16] of its content), so the name is the same in
    every build (links in alerts stay valid) and safe in a path and a URL; any other id by a digest of it."""
    document_id = str(document_id)
    if _DOCUMENT_ID.fullmatch(document_id):
        return f"{document_id}.html"
    return f"id-{hashlib.sha256(document_id.encode('utf-8')).hexdigest()[:16]}.html"


def build_folder(reports_dir: str, build_id: str) -> str:
    if not build_id or os.sep in build_id or build_id.startswith("."):
        raise ValueError(f"not a build id: {build_id!r}")
    return os.path.join(os.path.abspath(reports_dir), BUILDS_DIR, build_id)


@dataclass
class ReportResult:
    """What write_report did: the build's folder (published by publish_report) and the documents whose page it
    wrote, carried over unchanged from the published report, or dropped."""
    folder: str
    written: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    bytes_written: int = 0

    @property
    def index(self) -> str:
        return os.path.join(self.folder, INDEX)


def _page_hash(doc: Document, failures: str | None, not_checkable: str | None, document_source: tuple | None) -> str:
    """A digest of everything a document's page shows — its row of dim_documents, its findings with their ids and
    decisions (`failures`: their digest, _read_index), its items not checkable (`rule=items,…`) — and of where its
    evidence is read from (path and format of the file)."""
    content = {"document": [getattr(doc, name) for name in DOCUMENT_FIELDS], "failures": failures,
               "not_checkable": not_checkable, "source": document_source}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def _build_of(con) -> tuple[str | None, str | None, bool, set[str]]:
    """(build id, project fingerprint, incremental?, documents changed) of the warehouse being reported."""
    try:
        build_id, project, incremental = con.execute(
            f"SELECT max(build_id), max(project), bool_and(incremental) FROM {BUILD_INFO}").fetchone()
        changed = {d for (d,) in con.execute(f"SELECT document_id FROM {CHANGES}").fetchall()}
    except duckdb.Error:   # a warehouse built before incremental builds (or without the loader): from scratch
        return None, None, False, set()
    return build_id, project, bool(incremental), changed


def _published_pages(reports_dir: str, project: str | None) -> tuple[str, dict] | None:
    """(folder, manifest's documents) of the published report, when its pages were made by this project."""
    current = os.path.join(reports_dir, CURRENT)
    if not project or not os.path.islink(current):
        return None
    folder = os.path.realpath(current)
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("project") != project:
        return None
    return folder, manifest.get("documents") or {}


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)   # no copy: the page is immutable once its folder is published
    except OSError:
        shutil.copyfile(source, target)


def _carry(old_folder: str, folder: str, entry: dict) -> bool:
    """Carry a document's page and pictures over from the published report; False when any of them is missing."""
    files = [os.path.join(PAGES_DIR, entry.get("page") or "")] + [os.path.join(EVIDENCE_DIR, p) for p in entry.get("pictures") or []]
    try:
        for f in files:
            if os.path.lexists(os.path.join(folder, f)):
                os.remove(os.path.join(folder, f))
            _link_or_copy(os.path.join(old_folder, f), os.path.join(folder, f))
    except OSError:   # gone (a newer build published and removed that report meanwhile): write the page anew
        return False
    return True


def _write_text(path: str, text: str) -> int:
    data = text.encode("utf-8")
    if os.path.lexists(path):   # a link to the published report's file: never write through it
        os.remove(path)
    with open(path, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o644)
    return len(data)


# Pages are written a batch of documents at a time: their findings, cells and files read in one query each, and
# no more of the warehouse's findings held at once than a batch's.
BATCH_DOCUMENTS, BATCH_FINDINGS = 200, 20000


def _batches(documents: list[Document]):
    batch, findings = [], 0
    for doc in documents:
        if batch and (len(batch) >= BATCH_DOCUMENTS or findings >= BATCH_FINDINGS):
            yield batch
            batch, findings = [], 0
        batch.append(doc)
        findings += sum(_document_counts(doc))
    if batch:
        yield batch


def _write_batch(con, batch: list[Document], rules: list[dict], folder: str, max_images: int,
                 generated_at: _dt.datetime, source: str) -> list[tuple[str, int, list[str]]]:
    """Write the pages (and pictures) of a batch of documents: per document, in the batch's order, (document id,
    bytes written: its page and pictures, its pictures' names). Its findings are let go once its page is written.

    The cyclic garbage collector is off meanwhile: a batch makes no reference cycle (dicts, lists, tuples and Evidence
    freed by their counts; after a whole report of 1,000 documents and 724 pictures written with it off, gc.collect()
    found 47 objects), and the collections its containers set off cost 12-16 % of its CPU time (every 6th of the 51
    batches at 10,000 in one process: 5.65 and 6.10 s with them, 4.76 and 5.52 without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _write_pages(con, batch, rules, folder, max_images, generated_at, source)
    finally:
        if enabled:
            gc.enable()


def _write_pages(con, batch: list[Document], rules: list[dict], folder: str, max_images: int,
                 generated_at: _dt.datetime, source: str) -> list[tuple[str, int, list[str]]]:
    _read_documents(con, batch)
    attach_evidence(con, [f for doc in batch for f in doc.failures], folder, max_images)
    written = []
    for doc in batch:
        size = _write_text(os.path.join(folder, PAGES_DIR, page_name(doc.document_id)),
                           render_document(doc, rules, generated_at, source))
        pictures = sorted(os.path.basename(f["evidence"].image) for f in doc.failures
                          if f.get("evidence") is not None and f["evidence"].image)
        size += sum(os.path.getsize(os.path.join(folder, EVIDENCE_DIR, p)) for p in pictures)
        written.append((doc.document_id, size, pictures))
        doc.failures, doc.not_checkable = [], {}   # the index needs only the counts
    return written


# The pages of a build writing several batches are written by `workers` processes (BW_WORKERS / --workers, the
# setting that also says how many documents are extracted at once), each with its own read-only connection to the
# warehouse (DuckDB lets several processes read a file no process writes), one batch at a time. Started by spawn,
# not fork: the parent may run threads (GX's import, Dagster's). The workers share the configured DuckDB memory
# limit (BW_DUCKDB_MEMORY_LIMIT / workers each): the blocks a worker has read stay cached up to its limit (at 10,000
# documents ~370 MB a worker by its last batch), so the report's DuckDB memory stays within one limit in all.
_worker_con = None
_SIZE = re.compile(r"([0-9.]+)\s*(bytes|[KMGTP]i?B)?")
_UNITS = {"bytes": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "PB": 10**15,
          "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50}


def _size_bytes(text: str) -> int | None:
    """DuckDB's memory_limit as it shows it ('953.6 MiB') in bytes; None when it is no size."""
    match = _SIZE.fullmatch(str(text).strip())
    return int(float(match.group(1)) * _UNITS[match.group(2) or "bytes"]) if match else None


def _worker_write(db_path: str, workers: int, batch: list[Document], *args) -> list[tuple[str, int, list[str]]]:
    global _worker_con
    if _worker_con is None:   # opened by the worker's first batch: an error opening it is that batch's error
        import multiprocessing.util

        _worker_con = connect(db_path, read_only=True)
        multiprocessing.util.Finalize(None, _worker_con.close, exitpriority=10)   # closed when the worker exits
        limit = _size_bytes(_worker_con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        if limit:
            _worker_con.execute(f"SET memory_limit = '{max(limit // workers, 1 << 20)}B'")
    return _write_batch(_worker_con, batch, *args)


def _write_in_workers(db_path: str, batches: list[list[Document]], workers: int, *args) -> list:
    """_write_batch of every batch in `workers` spawned processes; their results in the batches' order. A worker's
    error is raised here (with the worker's traceback as its cause) and the batches not begun are dropped; every
    worker has exited (its connection closed) when this returns or raises."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = [pool.submit(_worker_write, db_path, workers, batch, *args) for batch in batches]
        return [future.result() for future in futures]
    except BrokenProcessPool as error:
        raise RuntimeError(f"a process writing report pages died ({error}): killed, or out of memory?") from error
    finally:   # on an error, the batches not begun are dropped, not written before the error is raised
        pool.shutdown(wait=True, cancel_futures=True)


def write_report(db_path: str, reports_dir: str, build_id: str, max_images: int = MAX_IMAGES, workers: int = 1,
                 generated_at: _dt.datetime | None = None) -> ReportResult:
    """Write the report of the warehouse at db_path into this build's own folder of reports_dir (published by
    publish_report): the index, and the page of every document whose page is not in the published report already.

    A document's page is carried over (hard-linked) from the published report when that report was made by the
    same project, the warehouse was built incrementally, the document is not among the build's changed documents
    (main.build_changes) and the hash of what its page shows equals the published one; otherwise it is written,
    with its evidence pictures (at most max_images per page). A build from scratch writes every page.

    The index and the hashes come from one pass of DuckDB over the findings (counted and digested per document);
    only the documents whose pages are written have their findings read, a batch at a time. When there are several
    batches and workers > 1, they are written by that many processes (_write_in_workers), the files and the result
    the same as written here one batch after the other; a single batch (an incremental build) is written here.
    generated_at (default: now) is the time the pages show."""
    reports_dir = os.path.abspath(str(reports_dir))
    folder = build_folder(reports_dir, build_id)
    remove_abandoned_reports(reports_dir, keep=build_id)
    shutil.rmtree(folder, ignore_errors=True)
    for name in (PAGES_DIR, EVIDENCE_DIR):
        os.makedirs(os.path.join(folder, name))
    result = ReportResult(folder)
    generated_at = generated_at or _dt.datetime.now().astimezone()
    source = os.path.basename(str(db_path))
    con = connect(str(db_path), read_only=True)
    try:
        data, hashes = _read_index(con)
        warehouse_build, project, incremental, changed = _build_of(con)
        published = _published_pages(reports_dir, project) if incremental else None
        old_folder, old_pages = published or (None, {})
        pages, to_write = {}, []
        for doc in data.documents:
            old = old_pages.get(doc.document_id)
            if old and old.get("hash") == hashes[doc.document_id] and doc.document_id not in changed \
                    and _carry(old_folder, folder, old):
                pages[doc.document_id] = old
                result.carried.append(doc.document_id)
            else:
                to_write.append(doc)
        if data.cross_document:
            attach_evidence(con, data.cross_document, folder, max_images)
        batches = list(_batches(sorted(to_write, key=lambda d: d.document_id)))
        arguments = (data.rules, folder, max_images, generated_at, source)
        # (a daemonic process may start none: Python forbids it; the pages are then written here)
        in_workers = min(workers, len(batches)) > 1 and not multiprocessing.current_process().daemon
        written = [] if in_workers else [_write_batch(con, batch, *arguments) for batch in batches]
    finally:
        con.close()   # before the workers open theirs: the parent holds no connection (nor its cache) meanwhile
    if in_workers:
        written = _write_in_workers(str(db_path), batches, min(workers, len(batches)), *arguments)
    for document_id, size, pictures in (w for batch in written for w in batch):
        pages[document_id] = {"hash": hashes[document_id], "page": page_name(document_id), "pictures": pictures}
        result.written.append(document_id)
        result.bytes_written += size
    result.removed = sorted(set(old_pages) - set(pages))
    result.bytes_written += _write_text(result.index, render_index(data, generated_at=generated_at, source=source,
                                                                   build_id=warehouse_build or build_id))
    _write_text(os.path.join(folder, MANIFEST), json.dumps({"project": project, "build": warehouse_build or build_id,
                                                             "documents": pages}, ensure_ascii=False, indent=0))
    return result


def publish_report(reports_dir: str, build_id: str) -> None:
    """Make the build's report the published one: one rename of `current` (under the warehouse's lock, with the
    warehouse file: extract.loader.publish_build). The report it replaces is removed."""
    reports_dir = os.path.abspath(str(reports_dir))
    folder = build_folder(reports_dir, build_id)
    if not os.path.isfile(os.path.join(folder, INDEX)):
        raise FileNotFoundError(f"the report of build {build_id} was not written ({folder})")
    current = os.path.join(reports_dir, CURRENT)
    previous = os.path.realpath(current) if os.path.islink(current) else None
    tmp = os.path.join(reports_dir, f".{CURRENT}-{build_id}.tmp")
    if os.path.lexists(tmp):
        os.remove(tmp)
    os.symlink(os.path.join(BUILDS_DIR, build_id), tmp)
    os.replace(tmp, current)
    _ensure_links(reports_dir)
    if previous and previous != os.path.realpath(folder) \
            and os.path.dirname(previous) == os.path.realpath(os.path.join(reports_dir, BUILDS_DIR)):
        shutil.rmtree(previous, ignore_errors=True)


def discard_report(reports_dir: str, build_id: str) -> None:
    """Drop a build's report folder (the build failed, or was not published); never the published one."""
    folder = build_folder(reports_dir, build_id)
    current = os.path.join(os.path.abspath(str(reports_dir)), CURRENT)
    if not (os.path.islink(current) and os.path.realpath(current) == os.path.realpath(folder)):
        shutil.rmtree(folder, ignore_errors=True)


def remove_abandoned_reports(reports_dir: str, keep: str = "", older_than: float = ABANDONED_AFTER_SECONDS) -> None:
    """Remove report folders of builds killed before they published or discarded them."""
    builds = os.path.join(os.path.abspath(str(reports_dir)), BUILDS_DIR)
    current = os.path.realpath(os.path.join(os.path.abspath(str(reports_dir)), CURRENT))
    for name in os.listdir(builds) if os.path.isdir(builds) else []:
        path = os.path.join(builds, name)
        try:
            old = time.time() - os.path.getmtime(path) > older_than
        except OSError:
            continue
        if name != keep and os.path.realpath(path) != current and old:
            shutil.rmtree(path, ignore_errors=True)


def _ensure_links(reports_dir: str) -> None:
    """latest.html, documents/ and evidence/ lead into `current` (made once; an older version's latest.html file
    and evidence folder are replaced)."""
    for name, target in LINKS.items():
        path = os.path.join(reports_dir, name)
        if os.path.islink(path) and os.readlink(path) == target:
            continue
        aside = None
        if os.path.isdir(path) and not os.path.islink(path):   # an older version's folder of pictures
            aside = os.path.join(reports_dir, BUILDS_DIR, f".old-{name}-{time.time_ns()}")
            os.rename(path, aside)
        tmp = os.path.join(reports_dir, f".{name}.link.tmp")
        if os.path.lexists(tmp):
            os.remove(tmp)
        os.symlink(target, tmp)
        os.replace(tmp, path)
        if aside:
            shutil.rmtree(aside, ignore_errors=True)
