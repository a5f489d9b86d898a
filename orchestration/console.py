"""What `budget-warehouse run` prints: one line per document, a summary, and nothing else.

dbt's and Dagster's own output (hundreds of lines per build: dbt's progress, Dagster's event log and
warnings) goes to a log file under the warehouse's folder, `<db>.logs/<timestamp>.log` (`BW_LOGS` to move
it); the CLI names the file, and prints its last lines when the pipeline fails.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import sys
import warnings
from pathlib import Path

LOGS_ENV = "BW_LOGS"


def logs_dir(db_path: str) -> Path:
    return Path(os.environ.get(LOGS_ENV) or (str(Path(db_path).resolve()) + ".logs"))


class RunLog:
    """The log file of one CLI run; `console` is the terminal the CLI itself prints to."""

    def __init__(self, db_path: str):
        folder = logs_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.path = folder / f"run-{stamp}-{os.getpid()}.log"
        self.console = sys.stdout
        self.errors = sys.stderr
        self._handle = None

    def say(self, text: str) -> None:
        print(text, file=self.console, flush=True)

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    @contextlib.contextmanager
    def capture(self):
        """Send stdout, stderr, Python warnings and the dagster/dbt loggers to the log file meanwhile."""
        handle = open(self.path, "a", encoding="utf-8", buffering=1)
        handler = logging.StreamHandler(handle)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        loggers = [logging.getLogger(name) for name in ("dagster", "dagster_dbt", "dbt", "great_expectations")]
        saved = [(lg, lg.handlers[:], lg.propagate) for lg in loggers]
        try:
            for lg in loggers:
                lg.handlers = [handler]
                lg.propagate = False
            with warnings.catch_warnings():
                warnings.simplefilter("default")
                with contextlib.redirect_stdout(handle), contextlib.redirect_stderr(handle):
                    yield self
        finally:
            for lg, handlers, propagate in saved:
                lg.handlers = handlers
                lg.propagate = propagate
            handle.close()


def quiet_run_config() -> dict:
    """Dagster's console logger at WARNING (its output lands in the log file anyway)."""
    return {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def document_line(n: int, total: int, path: str, status: str | None, detail: str = "") -> str:
    width = len(str(total))
    return f"  [{n:>{width}}/{total}] {status or 'failed':<11} {os.path.basename(path)}" + (f" — {detail}" if detail else "")


def alert_summary(metadata: dict | None) -> str:
    """'Alerts: email 2 sent, webhook:wecom 1 sent 1 failed' from the finance_alerts asset's metadata."""
    if not metadata:
        return "Alerts: not configured (BW_ALERTS_CONFIG)"
    if metadata.get("note"):
        return f"Alerts: not configured ({metadata['note']})"
    by_channel = metadata.get("by_channel") or {}
    if not by_channel:
        return f"Alerts: nothing new to send ({metadata.get('documents', 0)} document(s) with open errors already alerted)"
    parts = [" ".join([channel] + [f"{counts[k]} {k}" for k in ("sent", "failed") if counts.get(k)])
             for channel, counts in sorted(by_channel.items())]
    return "Alerts: " + ", ".join(parts)


def build_line(build: tuple | None) -> str:
    """'Build: …' — how the published build was made, from main.warehouse_build's (incremental, started_from,
    documents_loaded, documents_removed)."""
    if build is None:
        return "Build: not recorded"
    incremental, started_from, loaded, removed = build
    if not incremental:
        return f"Build: from scratch ({loaded} document(s) loaded)"
    return (f"Build: incremental, from {'the previous build' if started_from == 'previous build' else 'a copy of the published warehouse'}"
            f" ({loaded} document(s) reloaded, {removed} removed)")
