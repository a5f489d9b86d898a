"""Extract one document into the store: a folder of Parquet files per document.

Extraction never opens the warehouse, so any number of documents can be extracted at once
(here in child processes, later on other machines); `extract.loader` is the one writer.
A document that cannot be read ends as a `documents` row with status `quarantined` and a reason.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from extract.forms import FORMS
from extract.model import UnreadableDocument
from extract.raw_schema import RAW_TABLES, arrow_schema
from extract.readers import read_document, sha256_of

# Bump when extraction output changes, so stored results are redone rather than reused.
EXTRACTOR_VERSION = "16"
DEFAULT_TIMEOUT_SECONDS = 300
DEFAULT_MEMORY_MB = 3072

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
}


@dataclass
class ExtractResult:
    document_id: str
    file_name: str
    status: str
    reason_code: str
    reason: str
    reused: bool = False


def document_id_for(sha256: str) -> str:
    return sha256[:16]


def extract_document(path: str, store: str) -> ExtractResult:
    """Extract in this process and write `<store>/<document_id>/`; reuses an identical earlier result."""
    sha = sha256_of(path)
    doc_id = document_id_for(sha)
    target = os.path.join(store, doc_id)
    done = _read_done(target)
    if done and done.get("extractor_version") == EXTRACTOR_VERSION:
        return ExtractResult(doc_id, done["file_name"], done["status"], done["reason_code"], done["reason"], reused=True)
    base = {"document_id": doc_id, "file_name": os.path.basename(path), "path": os.path.abspath(path),
            "sha256": sha, "format": "", "pages": 0, "text_chars": 0, "tables_found": 0,
            "tables_recognised": 0, "extractor_version": EXTRACTOR_VERSION}
    rows: dict[str, list[dict]] = {name: [] for name in RAW_TABLES if name != "documents"}
    try:
        document = read_document(path)
        base.update(format=document.format, pages=document.pages, text_chars=document.text_chars,
                    tables_found=sum(1 for t in document.tables if t.rows))
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


def write_result(store: str, document_row: dict, rows: dict[str, list[dict]]) -> ExtractResult:
    """Write one document's Parquet files to a temporary folder and rename it into place."""
    os.makedirs(store, exist_ok=True)
    doc_id = document_row["document_id"]
    staging = tempfile.mkdtemp(prefix=f".{doc_id}-", dir=store)
    all_rows = {"documents": [document_row], **rows}
    for table in RAW_TABLES:
        schema = arrow_schema(table)
        data = all_rows.get(table, [])
        columns = {name: [r.get(name) for r in data] for name in schema.names}
        pq.write_table(pa.table(columns, schema=schema), os.path.join(staging, f"{table}.parquet"))
    with open(os.path.join(staging, "_DONE.json"), "w", encoding="utf-8") as handle:
        json.dump({k: document_row[k] for k in ("file_name", "status", "reason_code", "reason", "extractor_version")},
                  handle, ensure_ascii=False)
    target = os.path.join(store, doc_id)
    if os.path.exists(target):
        shutil.rmtree(target)
    os.rename(staging, target)
    return ExtractResult(doc_id, document_row["file_name"], document_row["status"],
                         document_row["reason_code"], document_row["reason"])


def _read_done(target: str) -> dict | None:
    try:
        with open(os.path.join(target, "_DONE.json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def extract_isolated(path: str, store: str, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                     memory_mb: int = DEFAULT_MEMORY_MB) -> ExtractResult:
    """Extract in a child process bounded in time and memory, so one file cannot hang or kill a run."""
    def limit_memory():
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        completed = subprocess.run([sys.executable, "-m", "extract.pipeline", path, store],
                                   capture_output=True, text=True, timeout=timeout, preexec_fn=limit_memory,
                                   cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if completed.returncode == 0 and completed.stdout.strip():
            try:
                return ExtractResult(**json.loads(completed.stdout.strip().splitlines()[-1]))
            except (ValueError, TypeError):
                pass  # unreadable answer from the child: quarantined below with its output
        # Under the memory limit a child fails with MemoryError, or earlier, while loading a shared
        # library ("failed to map segment", "Cannot allocate memory") or in C++ (bad_alloc).
        out_of_memory = re.search(r"MemoryError|failed to map segment|Cannot allocate memory|bad_alloc", completed.stderr)
        code = "out_of_memory" if out_of_memory else "extraction_error"
        detail = (completed.stderr.strip() or completed.stdout.strip() or f"exit code {completed.returncode}").splitlines()[-1]
        reason = f"{REASONS[code]} ({detail})"
    except subprocess.TimeoutExpired:
        code, reason = "timeout", f"{REASONS['timeout']} ({timeout:.0f} s)"
    sha = sha256_of(path)
    row = {"document_id": document_id_for(sha), "file_name": os.path.basename(path), "path": os.path.abspath(path),
           "sha256": sha, "format": "", "pages": 0, "text_chars": 0, "tables_found": 0, "tables_recognised": 0,
           "extractor_version": EXTRACTOR_VERSION, "status": "quarantined", "reason_code": code, "reason": reason}
    return write_result(store, row, {name: [] for name in RAW_TABLES if name != "documents"})


def main(argv: list[str]) -> int:
    result = extract_document(argv[0], argv[1])
    print(json.dumps(result.__dict__, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
