from __future__ import annotations

import os
import subprocess
import sys

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject

from orchestration import settings


class Warehouse(ConfigurableResource):
    """The warehouse file, the per-document store and the inbox (see orchestration/settings.py)."""

    db_path: str
    store_dir: str
    inbox_dir: str
    reports_dir: str
    extract_timeout_seconds: int = 300
    extract_memory_mb: int = 3072


def default_warehouse() -> Warehouse:
    return Warehouse(db_path=settings.db_path(), store_dir=settings.store_dir(), inbox_dir=settings.inbox_dir(),
                     reports_dir=settings.reports_dir(),
                     extract_timeout_seconds=int(os.environ.get("BW_EXTRACT_TIMEOUT", "300")),
                     extract_memory_mb=int(os.environ.get("BW_EXTRACT_MEMORY_MB", "3072")))


dbt_project = DbtProject(project_dir=settings.DBT_PROJECT_DIR, profiles_dir=settings.DBT_PROJECT_DIR)


def ensure_manifest() -> None:
    """dagster-dbt reads target/manifest.json at import; parse the project when it is missing or
    older than any model, macro or project file (a stale manifest would hide new models and tests)."""
    manifest = dbt_project.manifest_path
    sources = [p for folder in ("models", "macros") for p in (settings.DBT_PROJECT_DIR / folder).rglob("*")
               if p.is_file()] + [settings.DBT_PROJECT_DIR / "dbt_project.yml"]
    if not manifest.exists() or max(p.stat().st_mtime for p in sources) > manifest.stat().st_mtime:
        dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
        subprocess.run([dbt, "parse", "--quiet", "--project-dir", str(settings.DBT_PROJECT_DIR),
                        "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
                       check=True, env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project,
                          dbt_executable=os.path.join(os.path.dirname(sys.executable), "dbt"))
