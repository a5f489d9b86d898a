"""`budget-warehouse run [PATH ...] [--db FILE]`: ingest files into the warehouse through the Dagster jobs.

It drives the same definitions as `dagster dev`: one extraction run per document partition,
then one build run (raw load, dbt build, accounting identities). Exit 0 when the pipeline ran,
whatever the data's findings; 1 when the pipeline itself failed; 2 for bad arguments.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from extract.forms import fact_marts
from extract.safe_text import shown


def main(argv: list[str] | None = None) -> int:
    from orchestration.settings import SettingsError

    parser = argparse.ArgumentParser(prog="budget-warehouse", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest files or folders (default: the bundled samples) and build the warehouse")
    run.add_argument("paths", nargs="*", help="files or folders to ingest")
    _add_common(run)
    run.add_argument("--workers", type=int, default=None,
                     help="documents extracted at once (default: $BW_WORKERS, else the number of CPUs)")
    forget = commands.add_parser("forget", help="retract documents (by file path or document id) and rebuild the warehouse")
    forget.add_argument("documents", nargs="+", help="file paths as ingested, or document ids")
    _add_common(forget)
    from orchestration import export, findings
    findings.add_parser(commands, os.environ.get("BW_DB", "warehouse.duckdb"))
    export.add_parsers(commands, os.environ.get("BW_DB", "warehouse.duckdb"))
    args = parser.parse_args(argv)
    if args.command in ("findings", "export", "sql"):   # read the warehouse; no pipeline
        command = {"findings": findings.command, "export": export.export_command, "sql": export.sql_command}[args.command]
        try:
            return command(args)
        except BrokenPipeError:
            # the reader of the output went away (`budget-warehouse sql … | head`): stop quietly, as a tool killed by
            # SIGPIPE does, instead of a traceback (stdout now points nowhere, so Python's flush at exit cannot fail)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141

    logging.getLogger("dagster").setLevel(logging.WARNING)
    try:
        settings = _settings(args)
        if args.command == "forget":
            return forget_documents(settings, args.documents)
        missing = [p for p in args.paths if not os.path.lexists(p)]
        if missing:
            return _usage_error(f"no such file or folder: {', '.join(shown(p) for p in missing)}")
        return run_pipeline(settings, args.paths)
    except SettingsError as exc:
        return _usage_error(str(exc))
    except OSError as exc:
        from extract.pipeline import disk_full

        if disk_full(exc):
            print(f"budget-warehouse: disk full (ENOSPC): {shown(exc)}", file=sys.stderr)
            return 1
        raise


def _add_common(command: argparse.ArgumentParser) -> None:
    command.add_argument("--db", default=None, help="DuckDB warehouse file (default: $BW_DB, else warehouse.duckdb)")
    command.add_argument("--store", default=None, help="per-document Parquet store: a folder or an fsspec URL such as "
                         "s3://bucket/store (default: $BW_STORE, else <db>.store)")


def _usage_error(message: str) -> int:
    print(f"budget-warehouse: {message}", file=sys.stderr)
    return 2


def _settings(args):
    """Environment, then flags; refused (exit 2) before any work when unusable — the alert config too."""
    from orchestration.alerts import AlertConfigError, load_config
    from orchestration.settings import Settings, SettingsError

    settings = Settings.from_env(db_path=args.db, store_dir=args.store, workers=getattr(args, "workers", None))
    if settings.alerts_config:
        try:
            load_config(settings.alerts_config)
        except AlertConfigError as exc:
            raise SettingsError(f"alert config refused: {exc}") from exc
    return settings


def forget_documents(settings, names: list[str]) -> int:
    """Remove documents from the store, then rebuild: their facts and findings leave the warehouse.

    Only document ids and paths registered in the store are accepted; nothing outside
    <store>/<document_id> (and its registry record) is ever removed."""
    from extract import store as document_store
    from extract.loader import forget_documents as remove_from_store

    ids = document_store.documents_for(settings.store_dir, names)
    unknown = [n for n in names if not ids.get(n)]
    if unknown:
        return _usage_error(f"not a document id or a file path registered in the store {shown(settings.store_dir)}: "
                            f"{', '.join(shown(n) for n in unknown)} (nothing removed)")
    removed = remove_from_store(settings.store_dir, sorted({i for found in ids.values() for i in found}))
    print(f"Retracted {len(removed)} document(s): {', '.join(removed)}")
    return run_pipeline(settings, [], build_only=True)


def run_pipeline(settings, paths: list[str], build_only: bool = False) -> int:
    from extract import store as document_store
    from extract.loader import unchanged
    from extract.pipeline import extract_isolated
    from orchestration import console
    from orchestration.alerts import ReportLinks, deliver_alerts
    from orchestration.findings import decisions_file
    from orchestration.settings import sample_documents

    started = time.monotonic()
    files = [] if build_only else document_store.collect_files(paths) if paths else sample_documents()
    store = settings.store_dir
    limits = {"timeout": settings.extract_timeout_seconds, "memory_mb": settings.extract_memory_mb,
              "max_bytes": settings.max_document_mb * 1024 * 1024}
    keys = document_store.register_files(store, files, max_bytes=limits["max_bytes"], timeout=limits["timeout"])
    print(f"Ingesting {len(files)} file(s) as {len(keys)} document(s) into {shown(settings.db_path)}")
    run_log = console.RunLog(settings.db_path)   # dbt's and Dagster's output go there, not to the terminal
    # Extraction writes only the document's own Parquet folder, so documents are extracted several
    # at once (each in its own bounded child process, by the function the asset calls). In-process
    # Dagster runs cannot be started from several threads (the ephemeral instance's storage locks),
    # so the per-partition runs that follow, one at a time, find each result in the store and record it.
    done = []

    def extract(key):
        result = extract_isolated(document_store.path_for(store, key), store, **limits)
        done.append(key)   # progress: one line per document as it finishes
        run_log.say(console.document_line(len(done), len(keys), shown(result.file_name), result.status,
                                          "reused" if result.reused else result.reason_code or ""))
        return result

    failed = []
    with run_log.capture():
        with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
            results = list(pool.map(extract, keys))
        if unchanged(store, settings.db_path, decisions_file(settings.db_path)):
            # Same documents, same extractions, same project and decisions as the published warehouse:
            # a build would publish the same warehouse. Nothing is rebuilt and no run is launched
            # (every extraction was reused: its record is the run that extracted it).
            run_log.say("Warehouse unchanged (same documents, extractor, dbt project, rules and decisions): "
                        "nothing rebuilt")
            links = ReportLinks(settings.report_base_url, settings.reports_dir)   # the published build's report
            alerts = deliver_alerts(settings.db_path, settings.alerts_config, "unchanged", _StderrLog(), links)
        else:
            alerts = None
    if alerts is not None:
        print_summary(settings, None if build_only else keys, time.monotonic() - started,
                      extra=[console.alert_summary(alerts), "Build: unchanged (nothing rebuilt, nothing published)"])
        return 0
    # Dagster only from here: an unchanged re-run never loads the definitions (nor dbt's manifest).
    from dagster import DagsterInstance

    from orchestration.assets import documents_partitions
    from orchestration.definitions import build_defs

    defs = build_defs(settings)
    persistent = bool(os.environ.get("DAGSTER_HOME"))
    instance = DagsterInstance.get() if persistent else DagsterInstance.ephemeral()
    new = [k for k in keys if not instance.has_dynamic_partition(documents_partitions.name, k)]
    if new:
        instance.add_dynamic_partitions(documents_partitions.name, new)
    quiet = console.quiet_run_config()
    extract_job = defs.resolve_job_def("extract_document_job")
    with run_log.capture():
        for key, extracted in zip(keys, results):
            if extracted.reused and (not persistent or key not in new):
                continue   # recorded by the run that extracted it (or nowhere: an ephemeral instance keeps nothing)
            result = extract_job.execute_in_process(instance=instance, partition_key=key, raise_on_error=False,
                                                    run_config=quiet)
            if not result.success:
                failed.append((key, result))
        run_log.say("Building the warehouse (dbt models and tests, rules, report, alerts) …")
        # GX is imported while this process mostly waits on dbt's (a few seconds of wall time on an idle core).
        from expectations.runner import prepare_in_background
        prepare_in_background()
        build = defs.resolve_job_def("build_warehouse_job").execute_in_process(
            instance=instance, raise_on_error=False, run_config=quiet)
    for key, result in failed:
        print(f"budget-warehouse: extraction run failed for {shown(document_store.path_for(store, key))}",
              file=sys.stderr)
        _print_errors(result)
    skipped = skipped_steps(build)
    if failed or not build.success or skipped:
        print(f"--- last lines of {run_log.path} ---\n{run_log.tail()}\n---", file=sys.stderr)
        _print_errors(build)
        if skipped:
            print(f"budget-warehouse: the build skipped {', '.join(skipped)}: nothing was published", file=sys.stderr)
        print(f"budget-warehouse: the pipeline failed (extraction runs failed: {len(failed)}, build ok: "
              f"{build.success and not skipped})", file=sys.stderr)
        return 1
    print_summary(settings, None if build_only else keys, time.monotonic() - started,
                  extra=[console.alert_summary(_alert_metadata(build)), console.build_line(_published_build(settings)),
                         f"dbt and Dagster log: {shown(str(run_log.path))}"])
    return 0


def skipped_steps(result) -> list[str]:
    """Steps of a run that Dagster skipped (an upstream step yielded no output). The run still counts as a success
    for Dagster, but the build publishes in its last step: a skipped step means nothing was published."""
    from dagster import DagsterEventType

    return sorted({e.step_key for e in result.all_events if e.event_type == DagsterEventType.STEP_SKIPPED})


class _StderrLog:
    """Where alert delivery reports a failed recipient outside a Dagster run."""

    @staticmethod
    def error(message: str) -> None:
        print(f"budget-warehouse: {message}", file=sys.stderr)


def _alert_metadata(build) -> dict | None:
    """The finance_alerts asset's metadata of this build (sent / failed per channel), if it ran."""
    for event in build.all_events:
        if event.is_step_materialization and event.asset_key and event.asset_key.path == ["finance_alerts"]:
            return {k: v.value for k, v in event.step_materialization_data.materialization.metadata.items()}
    return None


def _print_errors(result) -> None:
    """The errors of a failed Dagster run; a full disk is named first, whatever error it caused."""
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None) if event.is_failure and event.event_specific_data else None
        if error is None:
            continue
        text = error.message.strip()
        chain = error
        while chain is not None:
            if "No space left on device" in chain.message or "DiskFullError" in (chain.cls_name or ""):
                print(f"budget-warehouse: disk full (ENOSPC): {shown(chain.message.strip(), 500)}", file=sys.stderr)
                break
            chain = chain.cause or chain.context
        print(shown(text, 2000).replace("\\x0a", "\n"), file=sys.stderr)


# The fact tables the summary counts: every form's FACT_MART, from the form registry.
FACT_MARTS = fact_marts()


def print_summary(settings, keys: list[str] | None, seconds: float, extra: list[str] = ()) -> None:
    """Summarise the documents of this run (keys), or the whole warehouse (None)."""
    counts = _summary_counts(settings.db_path, keys)
    _print_summary(counts, settings.reports_dir, seconds, extra)


def _published_build(settings) -> tuple | None:
    """How the published warehouse was built (console.build_line); None when it does not say (an older version's)."""
    import duckdb

    from extract.loader import BUILD_INFO, open_warehouse

    with open_warehouse(settings.db_path) as con:   # the published file, read-only
        try:
            return con.execute(f"""SELECT bool_or(incremental), max(started_from), max(documents_loaded),
                                          max(documents_removed) FROM {BUILD_INFO}""").fetchone()
        except duckdb.Error:
            return None


def _summary_counts(db_path: str, keys: list[str] | None):
    from extract.loader import open_warehouse

    with open_warehouse(db_path) as con:   # the published file, read-only
        if keys is None:
            keys = [k for (k,) in con.execute("SELECT document_id FROM dim_documents").fetchall()]
        ids = "(SELECT unnest(?::VARCHAR[]))"
        docs = con.execute(f"""
            SELECT d.file_name, d.status, coalesce(d.reason_code, ''), coalesce(d.reason, ''),
                   coalesce(string_agg(t.form || ' ' || t.n, ', ' ORDER BY t.form), '')
            FROM dim_documents d
            LEFT JOIN (SELECT document_id, form, count(*) AS n FROM int_tables GROUP BY ALL) t USING (document_id)
            WHERE d.document_id IN {ids} GROUP BY ALL ORDER BY d.file_name""", [keys]).fetchall()
        loaded = [d for d in docs if d[1] == "loaded"]
        quarantined = [d for d in docs if d[1] == "quarantined"]
        tables = con.execute(f"SELECT count(*) FROM int_tables WHERE document_id IN {ids}", [keys]).fetchone()[0]
        facts = {mart: con.execute(f"SELECT count(*) FROM {mart} WHERE document_id IN {ids}", [keys]).fetchone()[0]
                 for mart in FACT_MARTS}
        # a mismatch is told with its confidence (confirmed / suspected): only confirmed errors are alerted
        failures = con.execute(f"""SELECT severity, finding || CASE WHEN finding = 'mismatch' THEN ', ' || confidence ELSE '' END,
                                          count(*) FROM check_failures
                                   WHERE document_id IN {ids} GROUP BY ALL ORDER BY ALL""", [keys]).fetchall()
    return loaded, quarantined, tables, facts, failures, db_path


def _print_summary(counts, reports_dir: str, seconds: float, extra: list[str] = ()) -> None:
    loaded, quarantined, tables, facts, failures, db_path = counts
    print(f"Documents: {len(loaded)} loaded, {len(quarantined)} quarantined")
    # File names and reasons are untrusted: shown() keeps them on their line and free of escape codes.
    for name, _, code, reason, by_form in loaded:
        print(f"  loaded       {shown(name)}: tables {by_form}")
    for name, _, code, reason, _ in quarantined:
        print(f"  quarantined  {shown(name)}: {code} — {shown(reason)}")
    print(f"Tables: {tables}   Facts: " + ", ".join(f"{mart} {n}" for mart, n in facts.items()))
    counts = {f"{s} ({f})": n for s, f, n in failures}
    print("Check failures: " + (", ".join(f"{k}: {v}" for k, v in counts.items()) if counts else "none"))
    for line in extra:
        print(line)
    print(f"Data-quality report: {shown(os.path.join(reports_dir, 'latest.html'))}")
    print(f"Done in {seconds:.0f} s. Query the marts with: budget-warehouse sql --db {shown(db_path)} "
          f"\"SELECT * FROM dim_disclosures\"  (see README: marts)")


if __name__ == "__main__":
    sys.exit(main())
