"""`bw-guarded-dbt ARGS`: dbt under extract.children's guards (dies with the run, CPU-time limit, no secrets).

dagster-dbt starts it as its dbt executable (orchestration/resources.py). `--in-build-folder DIR` among the
arguments runs dbt in DIR, where the profile's constant path (`warehouse.duckdb`, dbt_project/profiles.yml)
is this build's own file: one profile for every build, so dbt's partial parse is reused. dbt starts with
orchestration/dbt_startup first on its PYTHONPATH (`dbt_environment`): its sitecustomize makes dbt's loggers skip
the events below their level before serialising them (the same output, about 15 % less of dbt's CPU time). Kept
apart from the Dagster wiring: it starts once per build and should not import Dagster.
"""
from __future__ import annotations

import os
import sys

from orchestration.settings import ENVIRONMENT, Settings

IN_BUILD_FOLDER = "--in-build-folder"
# Paths dagster-dbt hands dbt through the environment, relative to the folder it starts dbt in.
DBT_PATH_VARIABLES = ("DBT_PROJECT_DIR", "DBT_PROFILES_DIR", "DBT_TARGET_PATH", "DBT_LOG_PATH")
DBT_PATH_OPTIONS = ("--project-dir", "--profiles-dir", "--target-path", "--log-path")
DBT = os.path.join(os.path.dirname(sys.executable), "dbt")
# A build's dbt command (orchestration/assets.py; bench/scale.py runs the same). --no-write-json: dbt would write
# manifest.json (twice) and run_results.json into the build's target folder, which nothing reads (Dagster takes
# every result from dbt's event stream and its graph from `dbt parse`'s manifest): about a second of start-up.
# --log-level-file none: dbt's debug log (dbt.log, 6 MB for a one-document build: every event of every node, each
# serialised to a line) went to the build's folder and was removed with it, unread; about 8 % of dbt's CPU time.
# What the run log keeps is dbt's output (its info-level event stream), as before.
DBT_BUILD = ["build", "--no-write-json", "--log-level-file", "none"]
# What an incremental build leaves out (extract/loader.py: it builds the same project as the published warehouse
# it copies): the tests whose verdict depends on the project alone and was given when the published warehouse was
# built (a build whose dbt tests fail is never published) — the unit tests, and the data tests tagged
# `project_only` (the seeds' row checks: a seed's rows are its CSV file's). Not the seeds, though that copy holds
# them, nor any model (a view's definition is the published one's too): each is an asset that check_failures
# depends on, and Dagster skips an asset whose upstream was not materialized. Tests are asset checks, which gate
# nothing downstream.
PROJECT_ONLY_TAG = "project_only"
INCREMENTAL_BUILD_EXCLUDES = ["--exclude-resource-type", "unit_test", "--exclude", f"tag:{PROJECT_ONLY_TAG}"]


def dbt_build_args(incremental: bool) -> list[str]:
    """The arguments of a build's `dbt build`: an incremental build's (see above) or a build from scratch's."""
    return DBT_BUILD + (INCREMENTAL_BUILD_EXCLUDES if incremental else [])


def in_build_folder(args: list[str], environ: dict[str, str], cwd: str) -> tuple[list[str], dict[str, str], str]:
    """dbt's arguments, environment and working folder for `bw-guarded-dbt ARGS`: without IN_BUILD_FOLDER,
    unchanged; with it, dbt runs in that folder, every path it was given made absolute first."""
    if IN_BUILD_FOLDER not in args:
        return args, environ, cwd
    at = args.index(IN_BUILD_FOLDER)
    folder, args = args[at + 1], args[:at] + args[at + 2:]
    environ = {**environ, "DBT_PROJECT_DIR": environ.get("DBT_PROJECT_DIR", cwd)}
    environ.update({name: os.path.join(cwd, environ[name]) for name in DBT_PATH_VARIABLES if name in environ})
    args = [os.path.join(cwd, value) if previous in DBT_PATH_OPTIONS else value
            for previous, value in zip([""] + args, args)]
    return args, environ, os.path.abspath(os.path.join(cwd, folder))


DBT_STARTUP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dbt_startup")


def dbt_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment of a build's dbt: `environ` with orchestration/dbt_startup first on PYTHONPATH."""
    path = [DBT_STARTUP] + [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != DBT_STARTUP]
    return {**environ, "PYTHONPATH": os.pathsep.join(path)}


def main() -> None:
    from extract.children import child_environment, exec_guarded

    cpu = os.environ.get(ENVIRONMENT["build_cpu_seconds"]) or Settings.build_cpu_seconds  # no flag: env or default
    args, environ, folder = in_build_folder(sys.argv[1:], dict(os.environ), os.getcwd())
    os.chdir(folder)
    exec_guarded(DBT, args, int(cpu), dbt_environment(child_environment(environ)))
