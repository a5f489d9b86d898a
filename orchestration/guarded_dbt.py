"""`bw-guarded-dbt ARGS`: dbt under extract.children's guards (dies with the run, CPU-time limit, no secrets).

dagster-dbt starts it as its dbt executable (orchestration/resources.py). `--in-build-folder DIR` among the
arguments runs dbt in DIR, where the profile's constant path (`warehouse.duckdb`, dbt_project/profiles.yml)
is this build's own file: one profile for every build, so dbt's partial parse is reused. Kept apart from the
Dagster wiring: it starts once per build and should not import Dagster.
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
# it copies): the unit tests, whose verdict depends on the project alone and was given when the published warehouse
# was built (a build whose dbt tests fail is never published). Not the seeds, though that copy holds them: a seed
# is an asset that check_failures depends on, and Dagster skips an asset whose upstream was not materialized.
INCREMENTAL_BUILD_EXCLUDES = ["--exclude-resource-type", "unit_test"]


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


def main() -> None:
    from extract.children import child_environment, exec_guarded

    cpu = os.environ.get(ENVIRONMENT["build_cpu_seconds"]) or Settings.build_cpu_seconds  # no flag: env or default
    args, environ, folder = in_build_folder(sys.argv[1:], dict(os.environ), os.getcwd())
    os.chdir(folder)
    exec_guarded(DBT, args, int(cpu), child_environment(environ))
