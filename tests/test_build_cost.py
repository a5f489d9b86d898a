"""The fixed cost of one build (issue #15): what a build leaves out or does meanwhile must not change what it does."""
import threading

import duckdb

from expectations import runner
from orchestration.guarded_dbt import dbt_build_args


def test_gx_prepared_in_background_is_the_context_the_rules_use():
    # The CLI starts GX's import and context in a thread before the build; run_rules asks for the same context meanwhile
    # (or after). Both must get the one context of the process: built once, never two half-built ones.
    runner._new_gx_suite_runner.cache_clear()
    got = []
    asking = [threading.Thread(target=lambda: got.append(runner._gx_suite_runner())) for _ in range(2)]
    runner.prepare_in_background()
    for thread in asking:
        thread.start()
    got.append(runner._gx_suite_runner())
    for thread in asking:
        thread.join()
    assert len(got) == 3 and all(g is got[0] for g in got)
    assert runner._new_gx_suite_runner.cache_info().misses == 1


def test_rules_run_after_a_background_preparation():
    # A real rule evaluation through the prepared context: an item beyond its envelope fails, one within is rounding.
    runner.prepare_in_background()
    con = duckdb.connect()
    frame = con.execute("""SELECT * FROM (VALUES (1, 2.0, 2.0), (2, 0.0, 0.01), (3, -0.5, 0.5))
                           t(check_key, excess, abs_difference)""").df()
    beyond, inexact = runner._gx_suite_runner()(frame)
    assert beyond == {1} and inexact == {1, 2, 3}


def test_dbt_build_writes_no_debug_log_and_incremental_builds_skip_unit_tests():
    # dbt's debug log was written to the build's folder and removed with it, unread (a few % of dbt's CPU time).
    for incremental in (False, True):
        args = dbt_build_args(incremental)
        assert args[0] == "build" and args[args.index("--log-level-file") + 1] == "none"
    assert "unit_test" in dbt_build_args(True) and "unit_test" not in dbt_build_args(False)
    assert "tag:project_only" in dbt_build_args(True) and "tag:project_only" not in dbt_build_args(False)


def test_tests_an_incremental_build_leaves_out_read_the_project_alone():
    # A data test tagged project_only is left out of an incremental build (its verdict was given when the published
    # warehouse, of the same project, was built): it may read seeds only, whose rows are the project's CSV files.
    import json

    from orchestration.guarded_dbt import PROJECT_ONLY_TAG
    from orchestration.resources import dbt_project, ensure_manifest

    ensure_manifest()
    nodes = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))["nodes"]
    tagged = {name: node["depends_on"]["nodes"] for name, node in nodes.items()
              if node["resource_type"] == "test" and PROJECT_ONLY_TAG in node["tags"]}
    assert tagged and all(parents and all(p.startswith("seed.") for p in parents) for parents in tagged.values())


# Run in a Python started as a build starts dbt (bw-guarded-dbt's environment): dbt-common's own loggers, a JSON console
# logger at info level and a debug-level text file, fed debug, info and print events.
DBT_LOGGERS = r"""
import io, json, os, tempfile
from dbt_common.events import logger as dbt_logger
from dbt_common.events.base_types import EventLevel, msg_from_base_event
from dbt_common.events.types import Note, PrintEvent, SystemExecutingCmd

made = []
def counting(create_line):
    def create(self, msg):
        made.append((self.name, msg.info.name))
        return create_line(self, msg)
    return create
for cls in (dbt_logger._JsonLogger, dbt_logger._TextLogger):
    cls.create_line = counting(cls.create_line)
console = io.StringIO()
log_file = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
loggers = [dbt_logger._JsonLogger(dbt_logger.LoggerConfig(name="console", line_format=dbt_logger.LineFormat.Json,
                                                           level=EventLevel.INFO, output_stream=console)),
           dbt_logger._TextLogger(dbt_logger.LoggerConfig(name="file", line_format=dbt_logger.LineFormat.DebugText,
                                                          level=EventLevel.DEBUG, output_file_name=log_file))]
for event in (SystemExecutingCmd(cmd=["x"]), Note(msg="a note"), PrintEvent(msg="printed")):
    for logger in loggers:
        logger.write_line(msg_from_base_event(event))
print(json.dumps({"patched": dbt_logger._Logger.write_line.__name__, "made": made,
                  "console": [json.loads(line)["info"]["name"] for line in console.getvalue().splitlines()],
                  "file": open(log_file).read().count("\n")}))
os.remove(log_file)
"""


def run_as(program: str, code: str, folder, environ: dict[str, str]):
    """Run `code` in a Python process whose program is named `program` (as the dbt of a build is: `.venv/bin/dbt`)."""
    import subprocess
    import sys

    script = folder / program
    script.write_text(code, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], env=environ, capture_output=True, text=True, cwd=str(folder))


def test_dbt_of_a_build_writes_the_same_lines_without_serialising_the_events_it_drops(tmp_path):
    import json

    from extract.children import child_environment
    from orchestration.guarded_dbt import dbt_environment

    # Only the dbt process is changed; a Python it starts (multiprocessing's resource tracker) imports the module too.
    for program, environ, patched in (("dbt", dbt_environment(child_environment()), True),
                                      ("dbt", child_environment(), False),
                                      ("tracker", dbt_environment(child_environment()), False)):
        out = run_as(program, DBT_LOGGERS, tmp_path, environ)
        assert out.returncode == 0, out.stderr
        result = json.loads(out.stdout)
        assert (result["patched"] == "write_line_if_enabled") is patched
        # the lines written are the same either way: the console its info-level events, the file every event
        assert result["console"] == ["Note", "PrintEvent"] and result["file"] == 3
        made = {tuple(m) for m in result["made"]}
        assert (("console", "SystemExecutingCmd") in made) is not patched   # the debug event dropped unserialised
        assert {("console", "Note"), ("console", "PrintEvent"), ("file", "SystemExecutingCmd")} <= made


# An exit handler that writes a file, registered as dbt registers its own (closing its DuckDB connections at exit).
EXIT = r"""
import atexit, sys
atexit.register(lambda: open("handler_ran", "w").write("yes"))
class TornDown:   # freed when the interpreter is torn down
    def __del__(self, open=open):   # builtins may be gone by then
        open("torn_down", "w").write("yes")
kept = TornDown()
print("printed before exit", end="")
{ending}
"""


def test_dbt_of_a_build_ends_after_its_exit_handlers_with_its_exit_status(tmp_path):
    # The dbt process ends without tearing down the interpreter (0.5-0.8 s of every build), but only after every exit
    # handler ran and its output is flushed, with the status it exits with; an uncaught exception still exits 1.
    from extract.children import child_environment
    from orchestration.guarded_dbt import dbt_environment

    environ = dbt_environment(child_environment())
    endings = {"sys.exit(0)": 0, "sys.exit(2)": 2, "sys.exit()": 0, "pass": 0, "sys.exit('a message')": 1,
               # a sys.exit caught on the way, then an exception nobody catches
               "try:\n    sys.exit(0)\nexcept SystemExit:\n    pass\nraise RuntimeError('boom')": 1,
               # sys.exit in another thread ends that thread only
               "import threading\nt = threading.Thread(target=sys.exit, args=(0,))\nt.start(); t.join()\nsys.exit(3)": 3}
    for ending, status in endings.items():
        for left in ("handler_ran", "torn_down"):
            (tmp_path / left).unlink(missing_ok=True)
        out = run_as("dbt", EXIT.format(ending=ending), tmp_path, environ)
        assert out.returncode == status, (ending, out.stderr)
        # torn down as usual where the process ends without sys.exit, or Python prints something at exit (an exception,
        # a message)
        assert (tmp_path / "torn_down").exists() == (status == 1 or ending == "pass"), ending
        assert out.stdout == "printed before exit" and (tmp_path / "handler_ran").read_text() == "yes"
        assert ("boom" in out.stderr) == ("boom" in ending) and ("a message" in out.stderr) == ("message" in ending)


def test_an_incremental_build_leaves_out_the_nodes_that_read_no_changed_raw_table():
    from orchestration.guarded_dbt import dbt_build_args, unchanged_nodes

    def node(kind, name):
        return {"resource_type": kind, "name": name}
    manifest = {
        "sources": {"source.p.raw.budget_cells": {"schema": "raw", "name": "budget_cells"},
                    "source.p.raw.target_indicators": {"schema": "raw", "name": "target_indicators"},
                    "source.p.findings.check_failures": {"schema": "marts", "name": "check_failures"}},
        "nodes": {"model.p.stg_budget_cells": node("model", "stg_budget_cells"),
                  "model.p.fct_budget_lines": node("model", "fct_budget_lines"),
                  "model.p.stg_target_indicators": node("model", "stg_target_indicators"),
                  "model.p.dim_projects": node("model", "dim_projects"),
                  "seed.p.subject_lines": node("seed", "subject_lines"),
                  "test.p.checks_budget.1": node("test", "checks_budget"),
                  "test.p.checks_targets.2": node("test", "checks_targets"),
                  # reads a budget model and a target model: runs when either changed
                  "test.p.relationships_budget_targets.3": node("test", "relationships_budget_targets"),
                  # two nodes of one name: never left out (--exclude selects by name)
                  "model.p.twice": node("model", "twice"), "test.p.twice.4": node("test", "twice")},
        "child_map": {"source.p.raw.budget_cells": ["model.p.stg_budget_cells"],
                      "model.p.stg_budget_cells": ["model.p.fct_budget_lines", "test.p.checks_budget.1",
                                                   "test.p.relationships_budget_targets.3"],
                      "source.p.raw.target_indicators": ["model.p.stg_target_indicators"],
                      "model.p.stg_target_indicators": ["model.p.dim_projects", "test.p.checks_targets.2",
                                                        "test.p.relationships_budget_targets.3"],
                      "seed.p.subject_lines": ["model.p.fct_budget_lines"]}}
    assert unchanged_nodes(manifest, ["budget_cells"]) == [
        "checks_targets", "dim_projects", "stg_target_indicators", "subject_lines"]
    assert unchanged_nodes(manifest, ["target_indicators"]) == [
        "checks_budget", "fct_budget_lines", "stg_budget_cells", "subject_lines"]
    assert unchanged_nodes(manifest, ["budget_cells", "target_indicators"]) == ["subject_lines"]
    # a table of the same name in another schema (the findings) is not a raw table
    assert "fct_budget_lines" in unchanged_nodes(manifest, ["check_failures"])
    # left out beside the project-only tests; a build from scratch leaves nothing out
    args = dbt_build_args(True, ["dim_projects", "subject_lines"])
    assert args[args.index("--exclude") + 1] == "tag:project_only dim_projects subject_lines"
    assert "--exclude" not in dbt_build_args(False)


def test_a_file_an_older_loader_wrote_counts_every_raw_table_as_changed():
    # An incremental build's file records which raw tables its load changed; a file written before that column existed
    # (a published warehouse copied as a build's file when raw_tables did not run) leaves no dbt node out.
    from extract.loader import BUILD_INFO, CHANGES, changed_raw_tables
    from extract.raw_schema import RAW_TABLES

    con = duckdb.connect()
    con.execute(f"CREATE TABLE {BUILD_INFO} (incremental BOOLEAN)")
    con.execute(f"INSERT INTO {BUILD_INFO} VALUES (true)")
    con.execute(f"CREATE TABLE {CHANGES} (document_id VARCHAR)")
    assert changed_raw_tables(con) == sorted(RAW_TABLES)
    con.execute(f"ALTER TABLE {BUILD_INFO} ADD COLUMN raw_tables_changed VARCHAR[]")
    con.execute(f"UPDATE {BUILD_INFO} SET raw_tables_changed = ['narrative_figures', 'documents']")
    assert changed_raw_tables(con) == ["documents", "narrative_figures"]
    con.execute(f"UPDATE {BUILD_INFO} SET incremental = false")
    assert changed_raw_tables(con) is None   # a build from scratch: every node runs
