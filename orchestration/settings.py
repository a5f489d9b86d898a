"""Where things live. Everything can be set by environment variable; defaults suit a local run."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = PROJECT_ROOT / "samples"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DOCUMENT_SUFFIXES = {".pdf", ".xlsx", ".docx", ".txt"}


def db_path() -> str:
    return str(Path(os.environ.get("BW_DB", "warehouse.duckdb")).resolve())


def store_dir() -> str:
    """Per-document Parquet outputs; defaults to a folder beside the warehouse file."""
    return str(Path(os.environ.get("BW_STORE", db_path() + ".store")).resolve())


def inbox_dir() -> str:
    return str(Path(os.environ.get("BW_INBOX", "inbox")).resolve())


def reports_dir() -> str:
    return str(Path(os.environ.get("BW_REPORTS", db_path() + ".reports")).resolve())


def sample_documents() -> list[str]:
    return sorted(str(p) for p in SAMPLES_DIR.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
