from __future__ import annotations

import importlib.metadata
import os
import sys

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from orchestration.guarded_dbt import manifest_is_stale, parse_if_stale  # noqa: F401 (tests import manifest_is_stale from here)
from orchestration.settings import DBT_PROJECT_DIR, Settings



class Warehouse(ConfigurableResource):
    """Where the warehouse, its store, inbox and reports live, and the limits of a run
    (built from `orchestration.settings.Settings`, which holds every default)."""

    db_path: str
    store_dir: str
    inbox_dir: str
    reports_dir: str
    alerts_config: str = ""
    report_base_url: str = ""
    workers: int                   # documents extracted, and batches of report pages written, at once
    extract_timeout_seconds: int
    extract_memory_mb: int
    max_document_mb: int
    build_cpu_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "Warehouse":
        return cls(db_path=settings.db_path, store_dir=settings.store_dir, inbox_dir=settings.inbox_dir,
                   reports_dir=settings.reports_dir, alerts_config=settings.alerts_config,
                   report_base_url=settings.report_base_url, workers=settings.workers,
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


def ensure_manifest() -> None:
    """dagster-dbt reads target/manifest.json when the definitions load; parse the project when the
    manifest is missing or stale (a stale manifest would hide new models, seeds, macros and tests)."""
    parse_if_stale(DBT_PROJECT_DIR)


class WarehouseDbt(DbtCliResource):
    """dagster-dbt's resource without two start-up costs of every build that this project never uses:
    `dbt --version` in a subprocess (the version is the installed dbt-core's, pinned in pyproject.toml),
    and an in-process dbt adapter, which dagster-dbt opens only to fetch row counts and column metadata
    (not asked for here). The dbt command itself runs exactly as before."""

    @property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource() -> DbtCliResource:
    """dbt through `bw-guarded-dbt`: it dies with the run, has a CPU-time limit and sees no secrets."""
    if not os.path.exists(GUARDED_DBT):   # a venv installed before the wrapper existed
        raise RuntimeError("bw-guarded-dbt is not installed: run `make setup`")
    return WarehouseDbt(project_dir=dbt_project, dbt_executable=GUARDED_DBT)
