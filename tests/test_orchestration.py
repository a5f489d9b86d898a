"""Dagster wiring: the inbox sensor, changed and retracted files, extraction on Dagster's executor, schedules."""
import json

import duckdb

import shutil

from dagster import DagsterInstance, SensorResult, SkipReason, build_sensor_context

from conftest import SAMPLES, query


def test_inbox_sensor_turns_new_files_into_partitions_once(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "seed002_budget.txt", inbox / "a.txt")
    shutil.copy(SAMPLES / "seed002_budget.txt", inbox / "same-content.txt")   # identical file: one partition
    monkeypatch.setenv("BW_INBOX", str(inbox))
    monkeypatch.setenv("BW_DB", str(tmp_path / "w.duckdb"))
    monkeypatch.delenv("BW_STORE", raising=False)
    from orchestration.definitions import inbox_sensor
    from orchestration.resources import default_warehouse

    instance = DagsterInstance.ephemeral()
    resources = {"warehouse": default_warehouse()}
    result = inbox_sensor(build_sensor_context(instance=instance, resources=resources))
    assert isinstance(result, SensorResult)
    assert len(result.run_requests) == 1
    key = result.run_requests[0].partition_key
    assert result.dynamic_partitions_requests[0].partition_keys == [key]
    instance.add_dynamic_partitions("documents", [key])
    assert isinstance(inbox_sensor(build_sensor_context(instance=instance, resources=resources)), SkipReason)
    # a changed file is a new partition
    (inbox / "a.txt").write_text((SAMPLES / "seed002_budget.txt").read_text(encoding="utf-8").replace("13932.64", "13932.65", 1),
                                 encoding="utf-8")
    changed = inbox_sensor(build_sensor_context(instance=instance, resources=resources))
    assert [r.partition_key for r in changed.run_requests] != [key] and len(changed.run_requests) == 1


# Two runs at once on one warehouse: tests/test_reliability.py (overlapping builds, with a reader open).


def test_a_changed_file_replaces_its_earlier_version_and_the_first_version_again_is_current_again(tmp_path):
    """The store decides which version of a path is loaded: the one seen last. (A whole build of a changed file,
    compared row for row with a build from scratch, is tests/test_incremental_equality.py.)"""
    from extract import store as document_store
    from extract.loader import load_store
    from extract.pipeline import extract_isolated

    store, db, doc = str(tmp_path / "store"), str(tmp_path / "w.duckdb"), tmp_path / "budget.txt"
    original = (SAMPLES / "seed002_budget.txt").read_text(encoding="utf-8")

    def ingest(text: str) -> str:   # as a run does: register the path, extract (or reuse), load the current ones
        doc.write_text(text, encoding="utf-8")
        (document_id,) = document_store.register_files(store, [str(doc)])
        assert extract_isolated(str(doc), store).status == "loaded"
        load_store(store, db)
        return document_id

    first = ingest(original)
    assert query(db, "SELECT document_id FROM raw.documents") == [(first,)]
    # the same path with one figure changed: the new version replaces the old, it is not added beside it
    changed = ingest(original.replace("13932.64", "13932.65", 1))
    assert changed != first and document_store.superseded_documents(store) == {first}
    assert query(db, "SELECT document_id FROM raw.documents") == [(changed,)]
    assert query(db, "SELECT count(*) FROM raw.budget_cells WHERE value_text = '13932.65'") == [(1,)]
    # ingesting the first version again makes it current again (its extraction is reused)
    assert ingest(original) == first and document_store.superseded_documents(store) == {changed}
    assert query(db, "SELECT document_id FROM raw.documents") == [(first,)]


# CLI `forget` (retract a removed file, rebuild): tests/test_incremental_equality.py, on a copy of its warehouse.


def test_documents_extract_in_parallel_into_one_store_and_load_once(tmp_path):
    """Extraction writes only per-document Parquet: four at once into one store, then one load."""
    from concurrent.futures import ThreadPoolExecutor

    from extract.loader import load_store
    from extract.pipeline import extract_isolated

    store, db = str(tmp_path / "store"), str(tmp_path / "w.duckdb")
    files = [str(SAMPLES / n) for n in ("seed002_budget.txt", "seed002_budget.xlsx", "seed002_budget_grid.pdf",
                                        "seed002_budget_hrules.pdf")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda path: extract_isolated(path, store), files))
    assert [r.status for r in results] == ["loaded"] * 4
    counts = load_store(store, db)
    assert counts["documents"] == 4 and counts["budget_tables"] == 36
    assert query(db, "SELECT count(DISTINCT document_id) FROM raw.budget_cells")[0][0] == 4


def test_a_batch_of_documents_is_extracted_by_dagsters_multiprocess_executor(tmp_path, monkeypatch):
    """extract_batch_job: one executor step per document, each in its own process; every document ends in the
    store (a bad file quarantined, the batch going on) and its partition of extract/document is materialized."""
    import os

    from dagster import DagsterEventType, execute_job, instance_for_test, reconstructable

    from extract import store as document_store
    from orchestration.definitions import extract_batch_job_with_resources

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("seed002_budget.txt", "targets_seed003.docx"):
        shutil.copy(SAMPLES / name, inbox / name)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a pdf at all")
    store = tmp_path / "w.duckdb.store"
    monkeypatch.setenv("BW_DB", str(tmp_path / "w.duckdb"))   # the step processes read the settings from here
    monkeypatch.delenv("BW_STORE", raising=False)
    with instance_for_test() as instance:
        with execute_job(reconstructable(extract_batch_job_with_resources), instance=instance, run_config={
                "ops": {"documents_to_extract": {"config": {"paths": [str(inbox)]}}},
                "execution": {"config": {"max_concurrent": 2, "start_method": {
                    "forkserver": {"preload_modules": ["orchestration.definitions"]}}}}}) as result:
            assert result.success
            steps = {e.step_key: e.pid for e in result.all_events if e.event_type == DagsterEventType.STEP_START}
            materialized = {e.event_specific_data.materialization.partition
                            for e in result.all_events if e.event_type == DagsterEventType.ASSET_MATERIALIZATION}
            summary = result.output_for_node("extraction_summary")
    ids = sorted(document_store.stored_documents(str(store)))
    assert len(ids) == 3 and materialized == set(ids)
    assert {k for k in steps if k.startswith("extract_one_document[")} == {f"extract_one_document[{d}]" for d in ids}
    assert len(set(steps.values()) - {os.getpid()}) == len(steps)   # every step in a process of its own
    assert summary == {"loaded": 2, "quarantined": 1}


def test_a_document_extracted_before_a_column_was_added_still_loads(tmp_path):
    """After an upgrade that adds a raw column, the store still holds documents extracted by the older
    extractor (only the files of a run are extracted again): they load, the new column NULL, beside documents
    extracted by this version."""
    import pyarrow.parquet as pq

    from extract.loader import load_store
    from extract.pipeline import extract_isolated

    store, db = str(tmp_path / "store"), str(tmp_path / "w.duckdb")
    old, new = (extract_isolated(str(SAMPLES / name), store) for name in ("seed001_evaluations.xlsx", "seed002_budget.txt"))
    for table in ("evaluation_tables", "budget_cells"):
        path = tmp_path / "store" / old.document_id / f"{table}.parquet"
        if path.exists():
            written = pq.read_table(path)
            pq.write_table(written.drop_columns([written.column_names[-1]]), path)   # as an older extractor wrote it
    done = tmp_path / "store" / old.document_id / "_DONE.json"
    record = json.loads(done.read_text(encoding="utf-8"))
    del record["raw_schema"]   # which it did not record
    done.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    counts = load_store(store, db)
    assert counts["documents"] == 2 and counts["evaluation_tables"] > 0
    last = query(db, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
                     "AND table_name = 'evaluation_tables' ORDER BY ordinal_position DESC LIMIT 1")[0][0]
    assert query(db, f"SELECT count(*) FROM raw.evaluation_tables WHERE {last} IS NULL") == \
        query(db, "SELECT count(*) FROM raw.evaluation_tables")
    assert new.status == "loaded" and query(db, "SELECT count(DISTINCT document_id) FROM raw.budget_cells")[0][0] == 1


def test_empty_tables_write_no_file_and_both_load_paths_give_the_same_rows(tmp_path):
    """A document's raw tables without rows have no Parquet file (each costs the loader a file open at every
    cold build); a store written with the current raw schema is read in one plain scan per table, an older one
    by column name: the same rows either way."""
    from extract.loader import load_store
    from extract.pipeline import extract_isolated
    from extract.raw_schema import RAW_TABLES, schema_fingerprint

    store = tmp_path / "store"
    ids = [extract_isolated(str(SAMPLES / name), str(store)).document_id
           for name in ("seed001_evaluations.xlsx", "seed002_budget.txt")]
    plain = load_store(str(store), str(tmp_path / "plain.duckdb"))
    for doc_id in ids:
        folder = store / doc_id
        written = {p.stem for p in folder.glob("*.parquet")}
        assert written == {t for t in RAW_TABLES
                           if query(str(tmp_path / "plain.duckdb"),
                                    f"SELECT count(*) FROM raw.{t} WHERE document_id = '{doc_id}'")[0][0]}
        assert "documents" in written and len(written) < len(RAW_TABLES)
        record = json.loads((folder / "_DONE.json").read_text(encoding="utf-8"))
        assert record["raw_schema"] == schema_fingerprint()
        del record["raw_schema"]   # as an extractor before the schema was recorded: read by column name
        (folder / "_DONE.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    by_name = load_store(str(store), str(tmp_path / "by_name.duckdb"))
    assert plain == by_name and plain["budget_cells"] > 0 and plain["evaluation_indicators"] > 0
    con = duckdb.connect(str(tmp_path / "plain.duckdb"))
    con.execute(f"ATTACH '{tmp_path / 'by_name.duckdb'}' AS by_name (READ_ONLY)")
    for table in RAW_TABLES:
        assert con.execute(f"SELECT count(*) FROM (SELECT * FROM raw.{table} EXCEPT ALL "
                           f"SELECT * FROM by_name.raw.{table})").fetchone()[0] == 0, table


def test_nightly_schedule_and_build_after_extraction_request_the_build_job(tmp_path, monkeypatch):
    from dagster import build_schedule_context, build_sensor_context

    monkeypatch.setenv("BW_DB", str(tmp_path / "w.duckdb"))
    from extract.build_key import build_key, current_documents
    from orchestration.definitions import build_after_extraction, build_defs, nightly_build
    from orchestration.findings import decisions_file
    from orchestration.resources import Warehouse
    from orchestration.settings import Settings

    assert nightly_build.name == "nightly_build" and nightly_build.execution_timezone == "Asia/Shanghai"
    assert nightly_build.cron_schedule == "0 2 * * *" and nightly_build.job_name == "build_warehouse_job"
    warehouse = Warehouse.from_settings(Settings.from_env())
    tick = nightly_build.evaluate_tick(build_schedule_context(resources={"warehouse": warehouse}))
    assert len(tick.run_requests) == 1      # no warehouse yet: build
    # a published warehouse built from exactly what the store holds now, with this code: the night is skipped
    con = duckdb.connect(warehouse.db_path)
    con.execute("CREATE TABLE main.warehouse_build (build_id VARCHAR, loaded_at_ns BIGINT, report VARCHAR, build_key VARCHAR)")
    con.execute("INSERT INTO main.warehouse_build VALUES ('b1', 1, NULL, ?)",
                [build_key(warehouse.store_dir, current_documents(warehouse.store_dir), decisions_file(warehouse.db_path))])
    con.close()
    tick = nightly_build.evaluate_tick(build_schedule_context(resources={"warehouse": warehouse}))
    assert not tick.run_requests and "unchanged" in tick.skip_message

    # successful extraction runs of document partitions trigger one build of the warehouse per tick
    from extract.store import register_path

    defs = build_defs()
    instance = DagsterInstance.ephemeral()
    extract = defs.resolve_job_def("extract_document_job")
    sensor_context = dict(instance=instance, resources={"warehouse": warehouse})
    assert isinstance(build_after_extraction(build_sensor_context(**sensor_context)), SkipReason)
    key = register_path(str(tmp_path / "w.duckdb.store"), str(SAMPLES / "seed002_budget.txt")).document_id
    instance.add_dynamic_partitions("documents", [key])
    run = extract.execute_in_process(instance=instance, partition_key=key)
    assert run.success
    first = build_after_extraction.evaluate_tick(build_sensor_context(**sensor_context))
    assert len(first.run_requests) == 1 and first.cursor
    assert [job.name for job in build_after_extraction.jobs] == ["build_warehouse_job"]
    # nothing extracted since: no build; two documents extracted before the next tick: one build
    assert not build_after_extraction.evaluate_tick(build_sensor_context(**sensor_context, cursor=first.cursor)).run_requests
    other = register_path(str(tmp_path / "w.duckdb.store"), str(SAMPLES / "seed002_budget.xlsx")).document_id
    instance.add_dynamic_partitions("documents", [other])
    for partition in (key, other):
        assert extract.execute_in_process(instance=instance, partition_key=partition).success
    second = build_after_extraction.evaluate_tick(build_sensor_context(**sensor_context, cursor=first.cursor))
    assert len(second.run_requests) == 1 and second.cursor != first.cursor
    # once a build of exactly these documents is published, extracting one of them again builds nothing
    con = duckdb.connect(warehouse.db_path)
    con.execute("UPDATE main.warehouse_build SET build_key = ?",
                [build_key(warehouse.store_dir, current_documents(warehouse.store_dir), decisions_file(warehouse.db_path))])
    con.close()
    assert extract.execute_in_process(instance=instance, partition_key=other).success
    third = build_after_extraction.evaluate_tick(build_sensor_context(**sensor_context, cursor=second.cursor))
    assert not third.run_requests and "unchanged" in third.skip_message and third.cursor != second.cursor


def test_a_run_with_a_skipped_step_is_not_taken_for_a_published_build():
    """Dagster calls a run whose step was skipped (an upstream asset yielded no output) a success; the build
    publishes in its last step, so the CLI must see the skip (orchestration.cli.skipped_steps) and fail."""
    from dagster import AssetOut, Definitions, Output, asset, multi_asset

    from orchestration.cli import skipped_steps

    @multi_asset(outs={"models": AssetOut(is_required=False)})
    def models():
        if False:   # like a dbt build that yields no materialization for a model
            yield Output(None, "models")

    @asset(deps=["models"])
    def publish():
        return None

    run = Definitions(assets=[models, publish]).get_implicit_global_asset_job_def().execute_in_process()
    assert run.success and skipped_steps(run) == ["publish"]


def test_default_workers_are_the_cpus_the_process_may_use():
    """BW_WORKERS' default (documents extracted, report batches written at once) counts the CPUs the process may run
    on, not the machine's: a container limited to one CPU of a large host starts one worker, not one per host CPU."""
    import os
    import subprocess
    import sys

    code = "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); " \
           "from orchestration.settings import Settings; print(Settings.from_env().workers)"
    env = {k: v for k, v in os.environ.items() if k != "BW_WORKERS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "1"
