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
import subprocess
import sys
from pathlib import Path

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
# What an incremental build leaves out (extract/loader.py: it starts from a file built by the same project, the
# published warehouse or the file it replaced): the tests whose verdict depends on the project alone and was given
# when that file was built (a build whose dbt tests fail is never published) — the unit tests, and the data tests
# tagged `project_only` (the seeds' row checks: a seed's rows are its CSV file's) —, and every model, seed and test
# that reads none of the raw tables the load changed (`unchanged_nodes`). The asset of a model or seed left out is
# reported materialized, unchanged (orchestration/assets.py): check_failures depends on every model, and Dagster
# skips an asset whose upstream was not materialized. A test left out is an asset check not executed in that run.
PROJECT_ONLY_TAG = "project_only"


# What a dbt parse reads: a change to any file (or a file added or removed: its folder's mtime moves)
# under these folders, or to these files, makes target/manifest.json stale.
DBT_INPUT_FOLDERS = ("models", "seeds", "macros", "tests", "snapshots", "analyses")
DBT_INPUT_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml")


def manifest_is_stale(project_dir: Path, manifest: Path) -> bool:
    """True when the manifest is missing or older than anything dbt parses: a model, seed, macro, data
    test or project file (a changed seed or macro would otherwise leave the assets on the old graph)."""
    if not manifest.exists():
        return True
    inputs = [project_dir / name for name in DBT_INPUT_FILES]
    for folder in DBT_INPUT_FOLDERS:
        if (project_dir / folder).exists():
            inputs += [project_dir / folder, *(project_dir / folder).rglob("*")]
    built = manifest.stat().st_mtime
    return any(p.stat().st_mtime > built for p in inputs if p.exists())


def parse_if_stale(project_dir: Path) -> Path:
    """The project's manifest (target/manifest.json), parsed first when missing or stale (`manifest_is_stale`)."""
    manifest = project_dir / "target" / "manifest.json"
    if manifest_is_stale(project_dir, manifest):
        subprocess.run([DBT, "parse", "--quiet", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)],
                       check=True, env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    return manifest


def dbt_build_args(incremental: bool, unchanged: list[str] = ()) -> list[str]:
    """The arguments of a build's `dbt build`: an incremental build's (see above) or a build from scratch's;
    `unchanged`: the nodes an incremental build leaves out as well (`unchanged_nodes`)."""
    if not incremental:
        return list(DBT_BUILD)
    excluded = [f"tag:{PROJECT_ONLY_TAG}", *unchanged]
    return DBT_BUILD + ["--exclude-resource-type", "unit_test", "--exclude", " ".join(excluded)]


def unchanged_nodes(manifest: dict, changed_tables: list[str]) -> list[str]:
    """The models, seeds and data tests of the dbt project (its manifest) that read none of the raw tables an
    incremental build changed (extract/loader.py `changed_raw_tables`), directly or through other nodes: their tables,
    views and verdicts are those of the file the build started from, built by the same project, so the build leaves
    them out (about 40 of the ~115 nodes when one document is added, at 40-90 ms of dbt's own time each). A test
    reading a changed node and an unchanged one runs. By name, as `--exclude` selects them; a name two nodes share
    is not left out."""
    changed_tables = set(changed_tables)
    raw_sources = {unique_id for unique_id, source in manifest["sources"].items()
                   if source["schema"] == "raw" and source["name"] in changed_tables}
    changed, stack = set(raw_sources), list(raw_sources)
    while stack:
        for child in manifest["child_map"].get(stack.pop(), []):
            if child not in changed:
                changed.add(child)
                stack.append(child)
    names: dict[str, list[str]] = {}
    for unique_id, node in manifest["nodes"].items():
        names.setdefault(node["name"], []).append(unique_id)
    return sorted(name for name, ids in names.items() if len(ids) == 1 and ids[0] not in changed
                  and manifest["nodes"][ids[0]]["resource_type"] in ("model", "seed", "test"))


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
