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
