"""Which file a document partition stands for.

A partition key is the first 16 hex digits of the file's sha256, so an identical file is the same
partition wherever it lies, and a changed file is a new one. The store keeps key -> path in
`<store>/_registry/<key>.json` with the time the file was last seen there; the loader uses those
records to load, for each path, only the version seen last (see extract.loader.superseded_documents).
"""
from __future__ import annotations

import json
import os
import time

from extract.pipeline import document_id_for
from extract.readers import sha256_of


def _folder(store: str) -> str:
    return os.path.join(store, "_registry")


def register(store: str, path: str) -> str:
    key = document_id_for(sha256_of(path))
    os.makedirs(_folder(store), exist_ok=True)
    target = os.path.join(_folder(store), f"{key}.json")
    record = {"path": os.path.abspath(path), "file_name": os.path.basename(path), "seen_at_ns": time.time_ns()}
    tmp = target + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False)
    os.replace(tmp, target)
    return key


def path_for(store: str, key: str) -> str:
    with open(os.path.join(_folder(store), f"{key}.json"), encoding="utf-8") as handle:
        return json.load(handle)["path"]


def collect_files(paths: list[str]) -> list[str]:
    """Files named, and every file below folders named (hidden files skipped), in a stable order."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [os.path.join(root, n) for n in sorted(names) if not n.startswith(".")]
        else:
            files.append(path)
    return files


def documents_for(store: str, names: list[str]) -> dict[str, list[str]]:
    """Each name (a file path as ingested, or a document id) -> the document ids it stands for."""
    records = {}
    folder = _folder(store)
    for entry in os.listdir(folder) if os.path.isdir(folder) else []:
        if entry.endswith(".json"):
            with open(os.path.join(folder, entry), encoding="utf-8") as handle:
                records[entry[:-5]] = json.load(handle)["path"]
    found = {}
    for name in names:
        path = os.path.abspath(name)
        found[name] = sorted(k for k, p in records.items() if p == path or k == name)
        if not found[name] and os.path.isdir(os.path.join(store, name)):
            found[name] = [name]   # a document id extracted without a registry record
    return found
