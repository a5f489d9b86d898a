"""Run at the start of the dbt process of a build (bw-guarded-dbt puts this folder first on its PYTHONPATH; Python imports
`sitecustomize` at start-up): dbt's loggers skip an event below their level before writing it out, not after.

dbt (dbt-common 1.x, `_Logger.write_line`) serialises every event of a run into a line — for the console a JSON line,
about 5,000 for a one-document build, nine in ten of them debug-level — and only then lets Python's logging drop the
lines below the console's level (info). That thrown-away work was about 15 % of dbt's CPU time in a build. The same
test (`Logger.isEnabledFor`, at the level dbt's own write_line logs the event at) is made first: the lines written are
the same. If dbt-common no longer has what this relies on, dbt runs unchanged.

Once dbt has called sys.exit and every exit handler has run (its DuckDB connections closed, logging flushed), the
process ends with that exit status without tearing down the interpreter: freeing dbt's manifest and modules object by
object took 0.5-0.8 s of every build, after dbt's work was done. An exit by an uncaught exception tears down as usual.

Only the dbt process itself is changed: Python processes dbt starts (multiprocessing's resource tracker, `python -c`)
inherit the PYTHONPATH and import this module too, and importing dbt-common there cost CPU beside dbt's start-up.
"""
import atexit
import logging
import os
import sys
import threading

LEVELS = {"debug": logging.DEBUG, "test": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING,
          "error": logging.ERROR}


def skip_events_below_level() -> bool:
    try:
        from dbt_common.events import logger as dbt_logger

        write_line, is_print_event = dbt_logger._Logger.write_line, dbt_logger._is_print_event
    except (ImportError, AttributeError):
        return False

    def write_line_if_enabled(self, msg):
        python_logger = getattr(self, "_python_logger", None)
        level = "error" if is_print_event(msg) else msg.info.level   # the level write_line logs it at
        if python_logger is not None and level in LEVELS and not python_logger.isEnabledFor(LEVELS[level]):
            return
        write_line(self, msg)

    dbt_logger._Logger.write_line = write_line_if_enabled
    return True


def exit_without_teardown() -> None:
    """Make the process end right after its exit handlers, with the status dbt passed to sys.exit."""
    status = []
    exit_as_called, report_uncaught = sys.exit, sys.excepthook

    def exit_recording_status(code=None):
        if threading.current_thread() is threading.main_thread():   # elsewhere it ends a thread, not the process
            status[:] = [code]
        exit_as_called(code)

    def report_uncaught_and_forget_status(*exc_info):   # the process ends by an exception: exit status 1, as usual
        status.clear()
        report_uncaught(*exc_info)

    def end_now():   # registered first, so it runs after every other exit handler
        if len(status) != 1 or not (status[0] is None or isinstance(status[0], int)):
            return   # no sys.exit, or one Python would print: the usual exit
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        os._exit(status[0] or 0)

    atexit.register(end_now)
    sys.exit, sys.excepthook = exit_recording_status, report_uncaught_and_forget_status


if os.path.basename(sys.argv[0] if sys.argv else "") == "dbt":
    exit_without_teardown()
    skip_events_below_level()
