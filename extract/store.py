"""The per-document store: its layout, its registry and document ids.

    <store>/<document_id>/<raw table>.parquet + _DONE.json   one extracted (or quarantined) document
    <store>/_registry/<document_id>.json                     {"path", "file_name", "seen_at_ns"}: where it was seen
    <store>/.<document_id>-XXXX/                             a result being written (moved into place)

The store is a local folder (os and shutil, as always) or any fsspec URL (`file://…`, `memory://…`,
`s3://bucket/store` with s3fs installed): `StoreFS` is the one object that knows which, and every
operation on the store (list, read, write, stamp, remove) goes through it. A document is finished when
its `_DONE.json` exists: on a local folder its result appears at once by one rename; on an object store,
where nothing is renamed atomically, `_DONE.json` is written last (and removed first when a result is
replaced), so a folder without it is a result being written and is never loaded.

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
import tempfile
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache

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


# ---------------------------------------------------------------------------------------------- the store's filesystem

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*(://|::)")


def is_url(location: str) -> bool:
    """An fsspec URL (`s3://…`, `file://…`, `simplecache::s3://…`), not a local path."""
    return bool(_URL.match(location))


class StoreFS:
    """The store's location: a local folder, handled with os and shutil as always, or an fsspec URL.

    Paths are given as parts below the store's root (`fs.path(document_id, DONE)`)."""

    def __init__(self, location: str):
        self.location = location
        self.local = not is_url(location)
        if self.local:
            self.fs, self.root = None, location
        else:
            import fsspec   # only for a URL: a local store costs nothing more than before

            # ValueError for an unknown protocol, ImportError for a missing package (s3fs …): the caller
            # (orchestration.settings) turns both into an unusable-setting message.
            self.fs, self.root = fsspec.core.url_to_fs(location)
            self.root = self.root.rstrip("/") or "/"

    def path(self, *parts: str) -> str:
        if self.local:
            return os.path.join(self.root, *parts)
        return "/".join([self.root.rstrip("/"), *parts]) if parts else self.root

    @property
    def on_local_disk(self) -> bool:
        """A local folder or a `file://` URL: DuckDB and child processes read its paths directly."""
        return self.local or "file" in _protocols(self.fs)

    def duckdb_path(self, *parts: str) -> str:
        """The name DuckDB reads a file of the store by (after `register_with(con)`)."""
        return self.path(*parts) if self.on_local_disk else self.fs.unstrip_protocol(self.path(*parts))

    def register_with(self, con) -> None:
        """Let a DuckDB connection read the store's files (fsspec filesystems through DuckDB's Python client)."""
        if not self.on_local_disk:
            con.register_filesystem(self.fs)

    def listdir(self, *parts: str) -> list[str]:
        """The names directly in a folder of the store (none when it is missing)."""
        folder = self.path(*parts)
        if self.local:
            return os.listdir(folder) if os.path.isdir(folder) else []
        self.forget_listings()
        try:
            return [name.rstrip("/").rsplit("/", 1)[-1] for name in self.fs.ls(folder, detail=False)]
        except (FileNotFoundError, NotADirectoryError):
            return []

    def forget_listings(self) -> None:
        """Drop the listings fsspec caches (s3fs, gcsfs): a long-lived process (the sensor, the web server) must
        see documents other processes wrote since."""
        if not self.local:
            self.fs.invalidate_cache()

    def exists(self, *parts: str) -> bool:
        if self.local:
            return os.path.exists(self.path(*parts))
        self.forget_listings()
        return self.fs.exists(self.path(*parts))

    def read_bytes(self, *parts: str) -> bytes:
        """A file's bytes; OSError (FileNotFoundError …) when it cannot be read."""
        if self.local:
            with open(self.path(*parts), "rb") as handle:
                return handle.read()
        return self.fs.cat_file(self.path(*parts))

    def write_bytes(self, data: bytes, *parts: str) -> None:
        """Write a small file whole: to a temporary name, then moved over the target (readers see the old
        file or the new one; on an object store one upload is already all or nothing)."""
        target = self.path(*parts)
        if self.local:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            tmp = f"{target}.{os.getpid()}.tmp"
            try:
                with open(tmp, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
            return
        self.fs.makedirs(self.path(*parts[:-1]), exist_ok=True)
        if "file" in _protocols(self.fs):
            tmp = f"{target}.{uuid.uuid4().hex}.tmp"
            self.fs.pipe_file(tmp, data)
            self.fs.mv(tmp, target)
        else:
            self.fs.pipe_file(target, data)

    def remove_file(self, *parts: str) -> bool:
        target = self.path(*parts)
        if self.local:
            if os.path.isfile(target):
                os.remove(target)
                return True
            return False
        if self.fs.isfile(target):
            self.fs.rm_file(target)
            return True
        return False

    def remove_folder(self, *parts: str) -> bool:
        """Remove a document's folder (never a symlink's target). Its `_DONE.json` goes first: a half-removed
        folder on an object store reads as unfinished, never as a document with tables missing."""
        target = self.path(*parts)
        if self.local:
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
                return True
            return False
        if not self.fs.isdir(target):
            return False
        self.remove_file(*parts, DONE)
        self.fs.rm(target, recursive=True)
        return True

    def change_token(self, *parts: str) -> str:
        """What changes when a file is written again, whatever its bytes: the local modification time in
        nanoseconds, else what the filesystem reports (ETag, mtime, LastModified, created); "0" if missing."""
        target = self.path(*parts)
        if self.local:
            try:
                return str(os.stat(target).st_mtime_ns)
            except OSError:
                return "0"
        self.forget_listings()
        try:
            info = self.fs.info(target)
        except (OSError, ValueError):
            return "0"
        return "|".join(str(info[key]) for key in ("ETag", "etag", "mtime", "LastModified", "last_modified",
                                                    "created", "generation", "version_id") if info.get(key) is not None)

    def staging_folder(self, document_id: str) -> str:
        """A new local folder to write a result into before `publish_document`: inside a local store (on its
        filesystem, so one rename puts it in place), else a temporary folder."""
        if self.local:
            os.makedirs(self.root, exist_ok=True)
            return tempfile.mkdtemp(prefix=f".{document_id}-", dir=self.root)
        return tempfile.mkdtemp(prefix=f"bw-{document_id}-")

    def publish_document(self, finished: str, document_id: str) -> None:
        """Put a result written to the local folder `finished` (its Parquet files and `_DONE.json`) into the store
        as `document_id`, replacing an earlier one.

        A local store renames `finished` (its `staging_folder`) into place. On a URL the files go to a temporary
        name, then into place; `_DONE.json` is written last, after the old result's `_DONE.json` was removed
        first: an object store renames nothing atomically, so a reader that comes by midway finds no `_DONE.json`
        and treats the document as unfinished (not loaded), never as half of one."""
        target = document_dir_parts(document_id)
        if self.local:
            folder = self.path(*target)
            if os.path.exists(folder):
                shutil.rmtree(folder)
            os.rename(finished, folder)
            return
        staging = f".{document_id}-{uuid.uuid4().hex[:8]}"
        names = sorted(n for n in os.listdir(finished) if n != DONE)
        try:
            self.fs.makedirs(self.path(staging), exist_ok=True)
            for name in names:
                self.fs.put_file(os.path.join(finished, name), self.path(staging, name))
            self.remove_folder(*target)
            self.fs.makedirs(self.path(*target), exist_ok=True)
            for name in names:
                self.fs.mv(self.path(staging, name), self.path(*target, name))
            self.fs.put_file(os.path.join(finished, DONE), self.path(*target, DONE))
        finally:
            if self.fs.exists(self.path(staging)):
                self.fs.rm(self.path(staging), recursive=True)


def _protocols(fs) -> tuple[str, ...]:
    return (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)


@lru_cache(maxsize=64)
def store_fs(location: str) -> StoreFS:
    """The filesystem of the store at `location` (a local path or an fsspec URL): the one place it is resolved."""
    return StoreFS(location)


# ---------------------------------------------------------------------------------------------- layout

def document_dir_parts(document_id: str) -> tuple[str]:
    if not is_document_id(document_id):
        raise ValueError(f"not a document id: {document_id!r}")
    return (document_id,)


def document_dir(store: str, document_id: str) -> str:
    return store_fs(store).path(*document_dir_parts(document_id))


def stored_documents(store: str) -> list[str]:
    """Every document with a finished result in the store (a folder without `_DONE.json` is being written)."""
    fs = store_fs(store)
    names = fs.listdir()
    if fs.local:
        return sorted(d for d in names if is_document_id(d) and os.path.exists(os.path.join(store, d, DONE)))
    candidates = [d for d in names if is_document_id(d)]
    if not candidates:
        return []
    # one listing of the whole store rather than one request per document (listdir dropped cached listings)
    done = {p.rstrip("/") for p in fs.fs.glob(fs.path("*", DONE))}
    return sorted(d for d in candidates if fs.path(d, DONE) in done)


def read_done(store: str, document_id: str) -> dict | None:
    try:
        return json.loads(store_fs(store).read_bytes(*document_dir_parts(document_id), DONE).decode("utf-8"))
    except (OSError, ValueError):
        return None


def remove_document(store: str, document_id: str) -> bool:
    """Remove one document's folder and registry record; never anything outside them. True if it was there."""
    fs = store_fs(store)
    target = document_dir_parts(document_id)   # refuses anything that is not a document id
    found = fs.remove_folder(*target)
    found = fs.remove_file(REGISTRY, f"{document_id}.json") or found
    return found


# ---------------------------------------------------------------------------------------------- registry

def register(store: str, identity: Identity) -> str:
    """Record that the identified file was seen now at its path; returns its document id."""
    record = {"path": os.path.abspath(identity.path), "file_name": os.path.basename(identity.path),
              "seen_at_ns": time.time_ns()}
    store_fs(store).write_bytes(json.dumps(record, ensure_ascii=False).encode("utf-8"),
                                REGISTRY, f"{identity.document_id}.json")
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
    fs = store_fs(store)
    records = {}
    for name in fs.listdir(REGISTRY):
        if name.endswith(".json") and is_document_id(name[:-5]):
            try:
                record = json.loads(fs.read_bytes(REGISTRY, name).decode("utf-8"))
                records[name[:-5]] = {"path": record["path"], "file_name": record.get("file_name", ""),
                                      "seen_at_ns": int(record.get("seen_at_ns", 0))}
            except (OSError, ValueError, KeyError):
                continue  # a record being rewritten: treat that document as current
    return records


def path_for(store: str, document_id: str) -> str:
    return json.loads(store_fs(store).read_bytes(REGISTRY, f"{document_id}.json").decode("utf-8"))["path"]


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
