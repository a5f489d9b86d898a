"""The per-document store: its layout, its registry and document ids.

    <store>/<document_id>/<raw table>.parquet + _DONE.json   one extracted (or quarantined) document
    <store>/_registry/<document_id>.json                     {"path", "file_name", "seen_at_ns"}: where it was seen
    <store>/.<document_id>-XXXX/                             a result being written (renamed into place)

A document id is the first 16 hex digits of the file's sha256 (`document_id_for`, the one place it is
computed), so an identical file is the same document wherever it lies and a changed file is a new one.
A file that cannot be hashed (not a regular file, unreadable, too large) gets an id from its path
(`problem_document_id`) and is quarantined; once readable it becomes a content-addressed document that
replaces the quarantined one (the registry keeps, per path, the version seen last).

Only regular files are ever opened, non-blocking, and hashing is bounded in size and time: a FIFO, a
symlink to /dev/zero or a socket is recorded, never read.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import time
from dataclasses import dataclass

from extract import limits

DOCUMENT_ID_LENGTH = 16
_DOCUMENT_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_BYTES = limits.MAX_DOCUMENT_MB * 1024 * 1024
REGISTRY = "_registry"
DONE = "_DONE.json"

PROBLEMS = {
    "not_a_regular_file": "not a regular file (a folder, FIFO, socket or device); it is not opened",
    "unreadable": "the file or folder cannot be read (permissions or an I/O error)",
    "too_large": "the file is larger than the per-document size limit",
    "timeout": "reading the file took longer than the per-document time limit",
}


def document_id_for(sha256: str) -> str:
    return sha256[:DOCUMENT_ID_LENGTH]


def problem_document_id(path: str) -> str:
    """The id of a file that cannot be hashed: from its absolute path, so each path is one document."""
    return document_id_for(hashlib.sha256(b"unhashable\0" + os.fsencode(os.path.abspath(path))).hexdigest())


def is_document_id(text: str) -> bool:
    return bool(_DOCUMENT_ID.match(text))


@dataclass
class Identity:
    """What a path is: its document id and sha256, or the problem that keeps it from being read."""
    path: str
    document_id: str
    sha256: str = ""
    problem: str = ""          # a key of PROBLEMS, or "" for a readable regular file
    detail: str = ""

    @property
    def reason(self) -> str:
        return PROBLEMS[self.problem] + (f" ({self.detail})" if self.detail else "")


def identify(path: str, max_bytes: int = MAX_BYTES, timeout: float = limits.TIMEOUT_SECONDS) -> Identity:
    """Hash a regular file, bounded in size and time; anything else becomes an Identity with a problem."""
    def problem(code: str, detail: str = "") -> Identity:
        return Identity(path, problem_document_id(path), problem=code, detail=detail)

    try:
        # O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError as exc:
        return problem("unreadable", exc.strerror or "")
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):   # a socket, a device without a driver
            return problem("not_a_regular_file", exc.strerror or "")
        return problem("unreadable", exc.strerror or str(exc))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "folder" if stat.S_ISDIR(info.st_mode) else "FIFO" if stat.S_ISFIFO(info.st_mode) else \
                "socket" if stat.S_ISSOCK(info.st_mode) else "device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "special file"
            return problem("not_a_regular_file", kind)
        if info.st_size > max_bytes:
            return problem("too_large", f"{info.st_size:,} bytes; the limit is {max_bytes:,}")
        digest, read, deadline = hashlib.sha256(), 0, time.monotonic() + timeout
        while True:
            block = os.read(fd, 1 << 20)
            if not block:
                break
            read += len(block)
            if read > max_bytes:   # the file grew while being read
                return problem("too_large", f"more than {max_bytes:,} bytes")
            if time.monotonic() > deadline:
                return problem("timeout", f"{timeout:.0f} s")
            digest.update(block)
    except OSError as exc:
        return problem("unreadable", exc.strerror or str(exc))
    finally:
        os.close(fd)
    sha = digest.hexdigest()
    return Identity(path, document_id_for(sha), sha256=sha)


def collect_files(paths: list[str]) -> list[str]:
    """Files named, and every entry below folders named (hidden ones skipped), in a stable order.

    A sub-folder that cannot be listed is returned itself (it will be quarantined as unreadable), so
    nothing below an input folder is skipped silently. Symlinked folders are not followed.
    """
    files = []
    for path in paths:
        if os.path.isdir(path):
            failed: list[str] = []
            for root, dirs, names in os.walk(path, onerror=lambda exc: failed.append(exc.filename)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [os.path.join(root, n) for n in sorted(names) if not n.startswith(".")]
            files += sorted(failed)
        else:
            files.append(path)
    return files


# ---------------------------------------------------------------------------------------------- layout

def document_dir(store: str, document_id: str) -> str:
    if not is_document_id(document_id):
        raise ValueError(f"not a document id: {document_id!r}")
    return os.path.join(store, document_id)


def stored_documents(store: str) -> list[str]:
    """Every document with a finished result in the store."""
    if not os.path.isdir(store):
        return []
    return sorted(d for d in os.listdir(store) if is_document_id(d) and os.path.exists(os.path.join(store, d, DONE)))


def read_done(store: str, document_id: str) -> dict | None:
    try:
        with open(os.path.join(document_dir(store, document_id), DONE), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def remove_document(store: str, document_id: str) -> bool:
    """Remove one document's folder and registry record; never anything outside them. True if it was there."""
    target = document_dir(store, document_id)   # refuses anything that is not a document id
    record = os.path.join(store, REGISTRY, f"{document_id}.json")
    found = False
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
        found = True
    if os.path.isfile(record):
        os.remove(record)
        found = True
    return found


# ---------------------------------------------------------------------------------------------- registry

def register(store: str, identity: Identity) -> str:
    """Record that the identified file was seen now at its path; returns its document id."""
    folder = os.path.join(store, REGISTRY)
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, f"{identity.document_id}.json")
    record = {"path": os.path.abspath(identity.path), "file_name": os.path.basename(identity.path),
              "seen_at_ns": time.time_ns()}
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return identity.document_id


def register_path(store: str, path: str, max_bytes: int = MAX_BYTES, timeout: float = limits.TIMEOUT_SECONDS) -> Identity:
    """Identify a file (bounded) and record it in the registry: the one way a path enters the store."""
    identity = identify(path, max_bytes=max_bytes, timeout=timeout)
    register(store, identity)
    return identity


def register_files(store: str, files: list[str], max_bytes: int = MAX_BYTES,
                   timeout: float = limits.TIMEOUT_SECONDS) -> list[str]:
    """Register every file (bounded and non-blocking: a FIFO, a device or an unreadable file gets a quarantine id,
    never a hang); their document ids in order, each once (identical files are one document)."""
    ids: list[str] = []
    for path in files:
        document_id = register_path(store, path, max_bytes=max_bytes, timeout=timeout).document_id
        if document_id not in ids:
            ids.append(document_id)
    return ids


def registry_records(store: str) -> dict[str, dict]:
    """document id -> {"path", "file_name", "seen_at_ns"} for every readable record."""
    folder = os.path.join(store, REGISTRY)
    records = {}
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name.endswith(".json") and is_document_id(name[:-5]):
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    record = json.load(handle)
                records[name[:-5]] = {"path": record["path"], "file_name": record.get("file_name", ""),
                                      "seen_at_ns": int(record.get("seen_at_ns", 0))}
            except (OSError, ValueError, KeyError):
                continue  # a record being rewritten: treat that document as current
    return records


def path_for(store: str, document_id: str) -> str:
    with open(os.path.join(store, REGISTRY, f"{document_id}.json"), encoding="utf-8") as handle:
        return json.load(handle)["path"]


def superseded_documents(store: str) -> set[str]:
    """Documents whose path was seen since with other content (a changed file): not loaded."""
    records = registry_records(store)
    latest: dict[str, tuple[int, str]] = {}
    for doc_id, record in records.items():
        if record["path"] not in latest or record["seen_at_ns"] > latest[record["path"]][0]:
            latest[record["path"]] = (record["seen_at_ns"], doc_id)
    current = {doc_id for _, doc_id in latest.values()}
    return {doc_id for doc_id in records if doc_id not in current}


def documents_for(store: str, names: list[str]) -> dict[str, list[str]]:
    """Each name -> the document ids it stands for: a document id known to the store, or a path
    registered in it. Anything else (".", "..", an unregistered folder or file) stands for none."""
    records = registry_records(store)
    known = set(records) | set(stored_documents(store))
    found = {}
    for name in names:
        if is_document_id(name) and name in known:
            found[name] = [name]
        else:
            path = os.path.abspath(name)
            found[name] = sorted(k for k, r in records.items() if r["path"] == path)
    return found
