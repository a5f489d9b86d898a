from __future__ import annotations

import logging
import os
import subprocess
import sys

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject

from orchestration.settings import DBT_PROJECT_DIR, ENVIRONMENT, Settings

log = logging.getLogger(__name__)


class Warehouse(ConfigurableResource):
    """Where the warehouse, its store, inbox and reports live, and the limits of a run
    (built from `orchestration.settings.Settings`, which holds every default)."""

    db_path: str
    store_dir: str
    inbox_dir: str
    reports_dir: str
    alerts_config: str = ""
    report_base_url: str = ""
    extract_timeout_seconds: int
    extract_memory_mb: int
    max_document_mb: int
    build_cpu_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "Warehouse":
        return cls(db_path=settings.db_path, store_dir=settings.store_dir, inbox_dir=settings.inbox_dir,
                   reports_dir=settings.reports_dir, alerts_config=settings.alerts_config,
                   report_base_url=settings.report_base_url,
                   extract_timeout_seconds=settings.extract_timeout_seconds,
                   extract_memory_mb=settings.extract_memory_mb, max_document_mb=settings.max_document_mb,
                   build_cpu_seconds=settings.build_cpu_seconds)

    @property
    def max_document_bytes(self) -> int:
        return self.max_document_mb * 1024 * 1024


def default_warehouse() -> Warehouse:
    return Warehouse.from_settings(Settings.from_env())


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
GUARDED_DBT = os.path.join(os.path.dirname(sys.executable), "bw-guarded-dbt")
DBT = os.path.join(os.path.dirname(sys.executable), "dbt")


def ensure_manifest() -> None:
    """dagster-dbt reads target/manifest.json at import; parse the project when it is missing or
    older than any model, macro or project file (a stale manifest would hide new models and tests)."""
    manifest = dbt_project.manifest_path
    sources = [p for folder in ("models", "macros") for p in (DBT_PROJECT_DIR / folder).rglob("*")
               if p.is_file()] + [DBT_PROJECT_DIR / "dbt_project.yml"]
    if not manifest.exists() or max(p.stat().st_mtime for p in sources) > manifest.stat().st_mtime:
        subprocess.run([DBT, "parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR),
                        "--profiles-dir", str(DBT_PROJECT_DIR)],
                       check=True, env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})


def dbt_resource() -> DbtCliResource:
    """dbt through `bw-guarded-dbt`: it dies with the run, has a CPU-time limit and sees no secrets."""
    executable = GUARDED_DBT
    if not os.path.exists(executable):   # a venv installed before the wrapper existed: `make setup`
        log.warning("bw-guarded-dbt is not installed (run `make setup`); dbt runs without its guards")
        executable = DBT
    return DbtCliResource(project_dir=dbt_project, dbt_executable=executable)


def guarded_dbt_main() -> None:
    """Entry point `bw-guarded-dbt ARGS`: exec dbt ARGS under extract.children's guards."""
    from extract.children import exec_guarded

    cpu = os.environ.get(ENVIRONMENT["build_cpu_seconds"]) or Settings.build_cpu_seconds  # no flag: env or default
    exec_guarded(DBT, sys.argv[1:], int(cpu))
