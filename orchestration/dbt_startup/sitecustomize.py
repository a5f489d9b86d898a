"""Run at the start of the dbt process of a build (bw-guarded-dbt puts this folder first on its PYTHONPATH; Python imports
`sitecustomize` at start-up): dbt's loggers skip an event below their level before writing it out, not after.

dbt (dbt-common 1.x, `_Logger.write_line`) serialises every event of a run into a line — for the console a JSON line,
about 5,000 for a one-document build, nine in ten of them debug-level — and only then lets Python's logging drop the
lines below the console's level (info). That thrown-away work was about 15 % of dbt's CPU time in a build. The same
test (`Logger.isEnabledFor`, at the level dbt's own write_line logs the event at) is made first: the lines written are
the same. If dbt-common no longer has what this relies on, dbt runs unchanged.
"""
import logging

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


skip_events_below_level()
