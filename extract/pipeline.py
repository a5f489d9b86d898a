"""Extract one document into the store: a folder of Parquet files per document.

Extraction never opens the warehouse, so any number of documents can be extracted at once
(here in child processes, later on other machines); `extract.loader` is the one writer.
A document that cannot be read ends as a `documents` row with status `quarantined` and a reason.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from extract import limits as default_limits
from extract import store as document_store
from extract.children import child_environment, limits
from extract.forms import FORMS
from extract.model import UnreadableDocument
from extract.raw_schema import RAW_TABLES, arrow_schema, schema_fingerprint
from extract.readers import read_document

# Bump when extraction output changes, so stored results are redone rather than reused.
EXTRACTOR_VERSION = "40"   # 40: target grids keep the cells of header columns they do not read (target_indicators.unread_text, target_tables.unread_columns: 是否核心, 备注, 序号); a store extracted before has neither, nor activity_text or period_goal_text (added at 39 without a new version). 39: only a line quoting a table (《…表》) and going on is prose, not one quoting a project (《…专项》项目支出绩效自评表 is a title). 38: a budget line whose first name column is blank (a group merged down it: 江苏's 收入预算总表) and prints no code is named by its next name column. 37: a budget line's label merged over its block's 名称 | 金额 columns (江苏's 当年支出小计 / 支出合计) puts no text under 金额 (it was reported as an unreadable amount, BUD-090). 36: a column labelled 预算数 alone has the budget basis also in a 决算 (the “三公” 决算表 printing 预算数 beside 决算数: its budget figures were read as a second 决算 figure of the line); 支出用途 is a neutral group label (江苏's 收支预算总表 by 功能分类 and by 支出用途); a line of prose (ending on a clause mark, or quoting a table in 《》 and going on) is no table title. 35: PDF characters whose box lies mostly below their baseline (a font declaring a descent deeper than an em: 重庆's E-BZ digits and brackets) take the page's other characters' offset from the baseline. 34: target grids keep 分值 / 指标权重 (target_indicators.weight_text); a money label naming its unit (专项资金情况（万元）) gives the project's unit. 33: self-evaluations of other producers (四川 部门预算项目支出绩效自评表, two-row indicator headers, 部门整体 forms with 年度主要任务, 指标分值/自评得分, 评价指标体系 forms whose 评分标准 is no 得分, 合计 total rows; 指标性质/度量单位 kept; header columns not settled are not read: evaluation_tables.unread_columns). 32: raw text split by form feeds: a table is on its page's number. 31: raw text two-sided tables place a row printing one label by its side's numbering and 本年…合计 sums; what the document's other tables show constrains identity placement (zero columns of note-only fund tables and of 收支总表 income lines without figures; a fund table's 基本/项目 bounds the 支出总表 line). 30: merged issue 11 (target tables of other producers: PDF text the page does not show (off the page, clipped) is not read; ruled grids are closed along their top and bottom (cells merged over a page break); a figure centred in a merged cell does not re-cut the grid; project lists with merged cells over page breaks (北京 预算12表), lists of projects and goals (深圳, 湖州), a target grid continued under its repeated title; "金额单位" printed in a target table's cell is its unit; 项目全称, 预算金额, 绩效目标值 recognised) with 29: five more budget table kinds (财政拨款支出表, 财政拨款基本支出表, 基本支出表, 项目支出表, 机关运行经费表); a column under 其他资金/单位资金 alone is unmapped, not total; a 单位名称 column before the 项目名称 column names the unit. 28: raw text 绩效目标表 rebuilt (rows whose cells are not certain kept whole: target_indicators.unsplit_text, cells_certain). 27: a self-evaluation funds row wider than its header (shifted cells) keeps its label, its figures are not read. 26: raw text rows placed by the table's own identities (budget_cells.placement 'identity'). 25: a table printed in two halves on consecutive pages is joined; 上年结转 as a column of a 收支总表 income side is carryover_part. 24: raw.cell_boxes, page_row counts caption rows; a body row like an earlier one opening a page is kept; narrative totals named as such; raw text tables (budget_cells.placement), unit total rows (row_kind), funding block columns
DEFAULT_TIMEOUT_SECONDS = default_limits.TIMEOUT_SECONDS
DEFAULT_MEMORY_MB = default_limits.MEMORY_MB
DEFAULT_MAX_BYTES = default_limits.MAX_DOCUMENT_MB * 1024 * 1024
# Tabular text exports lose the printed titles, units and header structure: not read, quarantined.
TABULAR_TEXT_SUFFIXES = {".csv", ".tsv"}

REASONS = {
    "empty_file": "the file is empty",
    "html_not_pdf": "a web page saved with a .pdf name",
    "no_text_layer": "a scanned PDF without a text layer",
    "encrypted": "a password-protected PDF",
    "corrupt": "a damaged or truncated file",
    "unsupported_type": "a file type we do not read",
    "archive_bomb": "an XLSX/DOCX that would expand to an unsafe size",
    "no_recognised_form": "no disclosure table we know was found",
    "timeout": "extraction took longer than the per-document time limit",
    "out_of_memory": "extraction needed more memory than the per-document limit",
    "extraction_error": "the extractor failed on this file (a bug to report)",
    **document_store.PROBLEMS,
}


@dataclass
class ExtractResult:
    document_id: str
    file_name: str
    status: str
    reason_code: str
    reason: str
    reused: bool = False


def _document_row(path: str, doc_id: str, sha: str) -> dict:
    return {"document_id": doc_id, "file_name": os.path.basename(path), "path": os.path.abspath(path),
            "sha256": sha, "format": "", "pages": 0, "text_chars": 0, "tables_found": 0,
            "tables_recognised": 0, "extractor_version": EXTRACTOR_VERSION}


def _no_rows() -> dict[str, list[dict]]:
    return {name: [] for name in RAW_TABLES if name != "documents"}


def quarantine(store: str, path: str, doc_id: str, sha: str, code: str, reason: str) -> ExtractResult:
    row = {**_document_row(path, doc_id, sha), "status": "quarantined", "reason_code": code, "reason": reason}
    return write_result(store, row, _no_rows())


def extract_document(path: str, store: str, max_bytes: int = DEFAULT_MAX_BYTES,
                     timeout: float = DEFAULT_TIMEOUT_SECONDS) -> ExtractResult:
    """Extract in this process and write `<store>/<document_id>/`; reuses an identical earlier result.

    Only a regular, readable file within the size limit is opened (extract.store.identify); anything
    else is quarantined with the reason, and the batch goes on.
    """
    identity = document_store.identify(path, max_bytes=max_bytes, timeout=timeout)
    doc_id, sha = identity.document_id, identity.sha256
    if identity.problem:
        return quarantine(store, path, doc_id, sha, identity.problem, identity.reason)
    done = document_store.read_done(store, doc_id)
    if done and done.get("extractor_version") == EXTRACTOR_VERSION:
        return ExtractResult(doc_id, done["file_name"], done["status"], done["reason_code"], done["reason"], reused=True)
    base = _document_row(path, doc_id, sha)
    rows = _no_rows()
    try:
        if os.path.splitext(path)[1].lower() in TABULAR_TEXT_SUFFIXES:
            raise UnreadableDocument("unsupported_type", "a CSV/TSV export: it keeps no printed title, unit or "
                                     "header layout, so its tables cannot be placed; provide the PDF, XLSX or DOCX")
        document = read_document(path, sha256=sha)
        base.update(format=document.format, pages=document.pages, text_chars=document.text_chars,
                    tables_found=sum(1 for t in document.tables if t.rows))
        rows["cell_boxes"] = cell_boxes(document)
        for form in FORMS:
            for table, form_rows in form.extract(document).items():
                rows[table].extend(form_rows)
        recognised = sum(1 for name in rows if name.endswith("_tables") for _ in rows[name])
        base["tables_recognised"] = recognised
        if not recognised:
            raise UnreadableDocument("no_recognised_form", f"none of the {base['tables_found']} tables in the document is a disclosure table we know")
        status, code, reason = "loaded", "", ""
    except UnreadableDocument as exc:
        status, code, reason = "quarantined", exc.reason, exc.message
        rows = {name: [] for name in rows}
    except MemoryError:
        status, code, reason = "quarantined", "out_of_memory", REASONS["out_of_memory"]
        rows = {name: [] for name in rows}
    except Exception as exc:  # a bad file never stops the batch
        status, code, reason = "quarantined", "extraction_error", f"{type(exc).__name__}: {exc}"
        rows = {name: [] for name in rows}
    return write_result(store, {**base, "status": status, "reason_code": code, "reason": reason}, rows)


def cell_boxes(document) -> list[dict]:
    """raw.cell_boxes: every non-empty cell of the reader's tables with where it is printed."""
    out = []
    for table in document.tables:
        width, height = table.page_size or (None, None)
        for i, cells in enumerate(table.rows):
            boxes = table.boxes[i] if table.boxes is not None and i < len(table.boxes) else None
            source_row = table.source_rows[i] if table.source_rows is not None and i < len(table.source_rows) else None
            for j, text in enumerate(cells):
                if not text:
                    continue
                box = boxes[j] if boxes is not None and j < len(boxes) else None
                out.append({"document_id": document.document_id, "page": table.page, "table_index": table.index,
                            "page_row": table.first_row + i, "col": j, "text": text,
                            "x0": box[0] if box else None, "top": box[1] if box else None,
                            "x1": box[2] if box else None, "bottom": box[3] if box else None,
                            "page_width": width, "page_height": height, "source_row": source_row})
    return out


def write_result(store: str, document_row: dict, rows: dict[str, list[dict]]) -> ExtractResult:
    """Write one document's Parquet files to a temporary folder and move it into place (extract.store: on a
    store given as a URL the files are written locally, then uploaded, `_DONE.json` last).

    On any failure (a full disk: ENOSPC) the temporary folder is removed and the error says so."""
    doc_id = document_row["document_id"]
    fs = document_store.store_fs(store)
    staging = fs.staging_folder(doc_id)
    try:
        all_rows = {"documents": [document_row], **rows}
        for table in RAW_TABLES:
            data = all_rows.get(table, [])
            if not data:   # no file for a table without rows: the loader reads a missing file as no rows
                continue   # (a document has rows in 10 of its 22 tables or fewer; every file costs the loader)
            schema = arrow_schema(table)
            columns = {name: [r.get(name) for r in data] for name in schema.names}
            pq.write_table(pa.table(columns, schema=schema), os.path.join(staging, f"{table}.parquet"))
        with open(os.path.join(staging, document_store.DONE), "w", encoding="utf-8") as handle:
            json.dump({**{k: document_row[k] for k in ("file_name", "status", "reason_code", "reason", "extractor_version")},
                       "raw_schema": schema_fingerprint()}, handle, ensure_ascii=False)
        publish_document(store, staging, doc_id)
    except BaseException as exc:
        if disk_full(exc) and not isinstance(exc, DiskFullError):   # the staging folder's disk
            raise DiskFullError(f"no space left on the device of the store {store} while writing document {doc_id}") from exc
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)   # gone already when renamed into a local store
    return ExtractResult(doc_id, document_row["file_name"], document_row["status"],
                         document_row["reason_code"], document_row["reason"])


def publish_document(store: str, folder: str, doc_id: str) -> None:
    """Put a finished document folder into the store (extract.store); a full disk is said plainly."""
    try:
        document_store.store_fs(store).publish_document(folder, doc_id)
    except BaseException as exc:
        if disk_full(exc):
            raise DiskFullError(f"no space left on the device of the store {store} while writing document {doc_id}") from exc
        raise


class DiskFullError(OSError):
    """The disk holding the store or the warehouse is full (ENOSPC): said plainly, not as a side effect."""

    def __init__(self, message: str):
        super().__init__(errno.ENOSPC, message)


def disk_full(exc: BaseException) -> bool:
    """True for ENOSPC, however it is wrapped (OSError, pyarrow, DuckDB's IOException, a cause chain)."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def extract_isolated(path: str, store: str, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                     memory_mb: int = DEFAULT_MEMORY_MB, max_bytes: int = DEFAULT_MAX_BYTES) -> ExtractResult:
    """Extract in a child process bounded in time, CPU and memory, so one file cannot hang or kill a run.

    The child dies with this process (PR_SET_PDEATHSIG) and sees no secret environment variables.
    """
    identity = document_store.identify(path, max_bytes=max_bytes, timeout=timeout)
    if identity.problem:   # never hand a FIFO, a device or an unreadable file to a child
        return quarantine(store, path, identity.document_id, "", identity.problem, identity.reason)
    done = document_store.read_done(store, identity.document_id)
    if done and done.get("extractor_version") == EXTRACTOR_VERSION:   # as extract_document would, without a child
        return ExtractResult(identity.document_id, done["file_name"], done["status"], done["reason_code"],
                             done["reason"], reused=True)
    if not document_store.store_fs(store).on_local_disk:
        # The child writes to a local scratch store (it sees no credentials: child_environment), this process
        # puts the finished result into the store.
        with tempfile.TemporaryDirectory(prefix="bw-extract-") as scratch:
            result = extract_isolated(path, scratch, timeout=timeout, memory_mb=memory_mb, max_bytes=max_bytes)
            publish_document(store, os.path.join(scratch, result.document_id), result.document_id)
            return result
    cpu_seconds = max(1, int(timeout) + 1)
    try:
        completed = subprocess.run([sys.executable, "-m", "extract.pipeline", path, store, str(max_bytes), str(timeout)],
                                   capture_output=True, text=True, timeout=timeout,
                                   preexec_fn=limits(cpu_seconds, memory_mb), env=child_environment(),
                                   cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if completed.returncode == 0 and completed.stdout.strip():
            try:
                return ExtractResult(**json.loads(completed.stdout.strip().splitlines()[-1]))
            except (ValueError, TypeError):
                pass  # unreadable answer from the child: quarantined below with its output
        # Under the memory limit a child fails with MemoryError, or earlier, while loading a shared
        # library ("failed to map segment", "Cannot allocate memory") or in C++ (bad_alloc).
        if "DiskFullError" in completed.stderr or "No space left on device" in completed.stderr:
            raise DiskFullError(f"no space left on the device of the store {store} while extracting {path}")
        out_of_memory = re.search(r"MemoryError|failed to map segment|Cannot allocate memory|bad_alloc", completed.stderr)
        cpu_limit = completed.returncode in (-signal.SIGXCPU, -signal.SIGKILL)
        code = "out_of_memory" if out_of_memory else "timeout" if cpu_limit else "extraction_error"
        detail = (completed.stderr.strip() or completed.stdout.strip() or f"exit code {completed.returncode}").splitlines()[-1]
        if cpu_limit and not out_of_memory:
            detail = f"CPU-time limit of {cpu_seconds} s"
        reason = f"{REASONS[code]} ({detail})"
    except subprocess.TimeoutExpired:
        code, reason = "timeout", f"{REASONS['timeout']} ({timeout:.0f} s)"
    return quarantine(store, path, identity.document_id, identity.sha256, code, reason)


def main(argv: list[str]) -> int:
    max_bytes = int(argv[2]) if len(argv) > 2 else DEFAULT_MAX_BYTES
    timeout = float(argv[3]) if len(argv) > 3 else DEFAULT_TIMEOUT_SECONDS
    result = extract_document(argv[0], argv[1], max_bytes=max_bytes, timeout=timeout)
    print(json.dumps(result.__dict__, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
