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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budget-warehouse", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest files or folders (default: the bundled samples) and build the warehouse")
    run.add_argument("paths", nargs="*", help="files or folders to ingest")
    run.add_argument("--db", default=os.environ.get("BW_DB", "warehouse.duckdb"), help="DuckDB warehouse file (default: warehouse.duckdb)")
    run.add_argument("--store", default=None, help="per-document Parquet store (default: <db>.store)")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="documents extracted at once (default: the number of CPUs)")
    forget = commands.add_parser("forget", help="retract documents (by file path or document id) and rebuild the warehouse")
    forget.add_argument("documents", nargs="+", help="file paths as ingested, or document ids")
    forget.add_argument("--db", default=os.environ.get("BW_DB", "warehouse.duckdb"), help="DuckDB warehouse file (default: warehouse.duckdb)")
    forget.add_argument("--store", default=None, help="per-document Parquet store (default: <db>.store)")
    args = parser.parse_args(argv)

    os.environ["BW_DB"] = os.path.abspath(args.db)
    if args.store:
        os.environ["BW_STORE"] = os.path.abspath(args.store)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    logging.getLogger("dagster").setLevel(logging.WARNING)
    if args.command == "forget":
        return forget_documents(args.documents)
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        print(f"budget-warehouse: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    return run_pipeline(args.paths, workers=max(1, args.workers))


def forget_documents(names: list[str]) -> int:
    """Remove documents from the store, then rebuild: their facts and findings leave the warehouse."""
    from extract.loader import forget_documents as remove_from_store
    from orchestration import registry, settings

    store = settings.store_dir()
    ids = registry.documents_for(store, names)
    unknown = [n for n in names if not ids.get(n)]
    if unknown:
        print(f"budget-warehouse: not in the warehouse: {', '.join(unknown)}", file=sys.stderr)
        return 2
    removed = remove_from_store(store, sorted({i for found in ids.values() for i in found}))
    print(f"Retracted {len(removed)} document(s): {', '.join(removed)}")
    return run_pipeline([], build_only=True)


def run_pipeline(paths: list[str], build_only: bool = False, workers: int = 1) -> int:
    from dagster import DagsterInstance

    from extract.pipeline import extract_isolated
    from orchestration import registry, settings
    from orchestration.assets import documents_partitions
    from orchestration.definitions import build_defs
    from orchestration.resources import default_warehouse

    started = time.monotonic()
    defs = build_defs()
    files = [] if build_only else registry.collect_files(paths) if paths else settings.sample_documents()
    store = settings.store_dir()
    keys = []
    for path in files:
        key = registry.register(store, path)
        if key not in keys:
            keys.append(key)
    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    new = [k for k in keys if not instance.has_dynamic_partition(documents_partitions.name, k)]
    if new:
        instance.add_dynamic_partitions(documents_partitions.name, new)
    print(f"Ingesting {len(files)} file(s) as {len(keys)} document(s) into {settings.db_path()}")
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    extract_job = defs.resolve_job_def("extract_document_job")
    # Extraction writes only the document's own Parquet folder, so documents are extracted several
    # at once (each in its own bounded child process, by the function the asset calls). In-process
    # Dagster runs cannot be started from several threads (the ephemeral instance's storage locks),
    # so the per-partition runs that follow, one at a time, find each result in the store and record it.
    if workers > 1 and len(keys) > 1:
        warehouse = default_warehouse()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda key: extract_isolated(registry.path_for(store, key), store,
                                                       timeout=warehouse.extract_timeout_seconds,
                                                       memory_mb=warehouse.extract_memory_mb), keys))
    failed = []
    for key in keys:
        result = extract_job.execute_in_process(instance=instance, partition_key=key, raise_on_error=False,
                                             run_config=quiet)
        if not result.success:
            failed.append(key)
            print(f"budget-warehouse: extraction run failed for {registry.path_for(store, key)}", file=sys.stderr)
    build = defs.resolve_job_def("build_warehouse_job").execute_in_process(
        instance=instance, raise_on_error=False, run_config=quiet)
    if failed or not build.success:
        for event in build.all_events:
            if event.is_failure and event.event_specific_data and getattr(event.event_specific_data, "error", None):
                print(event.event_specific_data.error.message.strip()[:2000], file=sys.stderr)
        print(f"budget-warehouse: the pipeline failed (extraction runs failed: {len(failed)}, build ok: {build.success})",
              file=sys.stderr)
        return 1
    print_summary(settings.db_path(), None if build_only else keys, time.monotonic() - started)
    return 0


# The fact tables the summary counts: every form's FACT_MART, from the form registry.
FACT_MARTS = fact_marts()


def print_summary(db_path: str, keys: list[str] | None, seconds: float) -> None:
    """Summarise the documents of this run (keys), or the whole warehouse (None)."""
    from extract.loader import warehouse_lock

    with warehouse_lock(db_path):
        counts = _summary_counts(db_path, keys)
    _print_summary(counts, seconds)


def _summary_counts(db_path: str, keys: list[str] | None):
    from extract.duckdb_settings import connect

    con = connect(db_path, read_only=True)
    try:
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
    finally:
        con.close()
    return loaded, quarantined, tables, facts, failures, db_path


def _print_summary(counts, seconds: float) -> None:
    loaded, quarantined, tables, facts, failures, db_path = counts
    print(f"Documents: {len(loaded)} loaded, {len(quarantined)} quarantined")
    for name, _, code, reason, by_form in loaded:
        print(f"  loaded       {name}: tables {by_form}")
    for name, _, code, reason, _ in quarantined:
        print(f"  quarantined  {name}: {code} — {reason}")
    print(f"Tables: {tables}   Facts: " + ", ".join(f"{mart} {n}" for mart, n in facts.items()))
    counts = {f"{s} ({f})": n for s, f, n in failures}
    print("Check failures: " + (", ".join(f"{k}: {v}" for k, v in counts.items()) if counts else "none"))
    from orchestration import settings

    print(f"Data-quality report: {os.path.join(settings.reports_dir(), 'latest.html')}")
    print(f"Done in {seconds:.0f} s. Query the marts with: duckdb {db_path}  (see README: marts)")


if __name__ == "__main__":
    sys.exit(main())
