"""Which file a document partition stands for: kept for callers of the old module; the store's
layout, registry and ids live in `extract.store`."""
from __future__ import annotations

from extract.store import MAX_BYTES, collect_files, documents_for, path_for, register_path  # noqa: F401
from extract.limits import TIMEOUT_SECONDS


def register(store: str, path: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> str:
    """Identify `path` (bounded; special and unreadable files get a quarantine id) and record it; its document id."""
    return register_path(store, path, max_bytes=max_bytes, timeout=timeout).document_id
