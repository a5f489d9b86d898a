"""Every setting of a run, in one object: read once from the environment, overridden by CLI flags.

Each default is written here and nowhere else. Nothing writes `os.environ`: the CLI builds a
`Settings`, `build_defs(settings)` turns it into the `warehouse` resource, and the assets pass
what a child needs explicitly (the database path reaches dbt as `--vars {db_path: ...}`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

from extract import limits
from extract.store import is_url, store_fs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = PROJECT_ROOT / "samples"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DOCUMENT_SUFFIXES = {".pdf", ".xlsx", ".docx", ".txt"}


class SettingsError(ValueError):
    """A setting is unusable (a bad number, a folder where a file is expected …): exit 2, before any work."""


def _usable_cpus() -> int:
    """The CPUs this process may run on (its affinity: taskset, a container's cpuset), not the machine's: the default
    number of documents extracted, and of report batches written, at once."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):   # no affinity on this platform (macOS)
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    # field: (environment variable, default) — see ENVIRONMENT below; paths are made absolute.
    db_path: str = "warehouse.duckdb"
    store_dir: str = ""            # "" = <db>.store
    inbox_dir: str = "inbox"
    reports_dir: str = ""          # "" = <db>.reports
    alerts_config: str = ""        # "" = alerts off
    report_base_url: str = ""      # "" = alerts name the report's file; else links <base>/<report>.html#f-<id>
    workers: int = _usable_cpus()
    extract_timeout_seconds: int = limits.TIMEOUT_SECONDS
    extract_memory_mb: int = limits.MEMORY_MB
    max_document_mb: int = limits.MAX_DOCUMENT_MB
    build_cpu_seconds: int = limits.BUILD_CPU_SECONDS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Environment variables (BW_*), then `overrides` (CLI flags; None = not given); validated."""
        environ = os.environ if environ is None else environ
        values = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, variable in ENVIRONMENT.items():
            if environ.get(variable, "") != "":
                values[name] = environ[variable]
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name, value in list(values.items()):
            if types[name] in ("int", int):
                try:
                    values[name] = int(value)
                except (TypeError, ValueError):
                    raise SettingsError(f"{_label(name)} must be a whole number, not {value!r}") from None
        return replace(cls(), **values).resolved()

    def resolved(self) -> "Settings":
        db = str(Path(self.db_path).expanduser().resolve())
        settings = replace(
            self, db_path=db,
            store_dir=self.store_dir if is_url(self.store_dir) else  # an fsspec URL (s3://…) is kept as given
            str(Path(self.store_dir or db + ".store").expanduser().resolve()),
            inbox_dir=str(Path(self.inbox_dir).expanduser().resolve()),
            reports_dir=str(Path(self.reports_dir or db + ".reports").expanduser().resolve()),
            alerts_config=str(Path(self.alerts_config).expanduser().resolve()) if self.alerts_config else "")
        settings.validate()
        return settings

    def validate(self) -> None:
        for name in ("workers", "extract_timeout_seconds", "extract_memory_mb", "max_document_mb", "build_cpu_seconds"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{_label(name)} must be at least 1, not {getattr(self, name)}")
        if os.path.isdir(self.db_path):
            raise SettingsError(f"--db {self.db_path} is a folder; give a file name such as {self.db_path}/warehouse.duckdb")
        folder = os.path.dirname(self.db_path)
        if not os.path.isdir(folder):
            raise SettingsError(f"--db {self.db_path}: the folder {folder} does not exist")
        if is_url(self.store_dir):
            try:
                store_fs(self.store_dir)
            except (ImportError, ValueError) as exc:   # an unknown protocol, a missing package (s3fs, gcsfs …)
                raise SettingsError(f"{_label('store_dir')} {self.store_dir} is not a usable store URL: {exc}") from None
        for name in ("store_dir", "reports_dir"):
            path = getattr(self, name)
            if name == "store_dir" and is_url(path):
                continue
            if os.path.exists(path) and not os.path.isdir(path):
                raise SettingsError(f"{_label(name)} {path} exists and is not a folder")
        if self.report_base_url and not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", self.report_base_url):
            raise SettingsError(f"{_label('report_base_url')} must be an http(s) URL of the reports folder, "
                                f"not {self.report_base_url!r}")
        if self.alerts_config and not os.path.isfile(self.alerts_config):
            raise SettingsError(f"{_label('alerts_config')} {self.alerts_config} is not a file")


# Setting -> environment variable. The CLI flag of a setting is named in FLAGS.
ENVIRONMENT = {
    "db_path": "BW_DB", "store_dir": "BW_STORE", "inbox_dir": "BW_INBOX", "reports_dir": "BW_REPORTS",
    "alerts_config": "BW_ALERTS_CONFIG", "report_base_url": "BW_REPORT_BASE_URL", "workers": "BW_WORKERS", "extract_timeout_seconds": "BW_EXTRACT_TIMEOUT",
    "extract_memory_mb": "BW_EXTRACT_MEMORY_MB", "max_document_mb": "BW_MAX_DOCUMENT_MB",
    "build_cpu_seconds": "BW_BUILD_CPU_SECONDS",
}
FLAGS = {"db_path": "--db", "store_dir": "--store", "workers": "--workers"}


def _label(name: str) -> str:
    return " / ".join(x for x in (FLAGS.get(name), ENVIRONMENT.get(name)) if x)


def sample_documents() -> list[str]:
    return sorted(str(p) for p in SAMPLES_DIR.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
