"""The one code location: `dagster dev -m orchestration.definitions` and `budget-warehouse run` both use it."""

import os

from dagster import (AssetSelection, DagsterRunStatus, DefaultScheduleStatus, DefaultSensorStatus, Definitions,
                     RunRequest, RunsFilter, ScheduleEvaluationContext, SensorEvaluationContext, SensorResult,
                     SkipReason, define_asset_job, schedule, sensor)

from extract import store as document_store
from extract.loader import unchanged
from orchestration.assets import (check_failures, data_quality_report, documents_partitions, extracted_document,
                                  finance_alerts, raw_tables, warehouse_models)
from orchestration.batch import extract_batch_job
from orchestration.checks import identity_checks
from orchestration.findings import decisions_file
from orchestration.resources import Warehouse, dbt_resource
from orchestration.settings import Settings

RUN_KIND_TAG = "budget_warehouse/kind"

extract_job = define_asset_job(
    "extract_document_job", selection=AssetSelection.assets(extracted_document),
    tags={RUN_KIND_TAG: "extract"},
    description="Extract one document (partition) into the per-document store.")

build_job = define_asset_job(
    "build_warehouse_job",
    selection=AssetSelection.assets(raw_tables, check_failures, data_quality_report, finance_alerts)
    | AssetSelection.assets(warehouse_models)
    | AssetSelection.checks(identity_checks),
    tags={RUN_KIND_TAG: "build"},   # deploy/dagster.yaml queues builds one at a time by this tag
    description="Load the store into raw.*, build and test every dbt model, run every accounting identity.")


@sensor(job=extract_job, minimum_interval_seconds=30, default_status=DefaultSensorStatus.STOPPED,
        description="Every new or changed file in the inbox (BW_INBOX) becomes a document partition and is extracted.")
def inbox_sensor(context: SensorEvaluationContext, warehouse: Warehouse):
    if not os.path.isdir(warehouse.inbox_dir):
        return SkipReason(f"inbox {warehouse.inbox_dir} does not exist")
    new_keys, requests = [], []
    for path in document_store.collect_files([warehouse.inbox_dir]):
        # Bounded and non-blocking; an unreadable or special file gets a quarantine id (its partition
        # records the reason) instead of failing every tick.
        key = document_store.register_path(warehouse.store_dir, path, max_bytes=warehouse.max_document_bytes,
                                           timeout=warehouse.extract_timeout_seconds).document_id
        if not context.instance.has_dynamic_partition(documents_partitions.name, key) and key not in new_keys:
            new_keys.append(key)
            requests.append(RunRequest(partition_key=key, run_key=key))
    if not requests:
        return SkipReason("no new or changed files in the inbox")
    return SensorResult(run_requests=requests,
                        dynamic_partitions_requests=[documents_partitions.build_add_request(new_keys)])


@sensor(job=build_job, minimum_interval_seconds=60, default_status=DefaultSensorStatus.STOPPED,
        description="Rebuild the warehouse once per tick after any document extractions succeeded since the last "
                    "build request (ten files dropped in the inbox make one build, not ten; builds wait on <db>.lock).")
def build_after_extraction(context: SensorEvaluationContext, warehouse: Warehouse):
    # The cursor is the storage id of the newest extraction run already answered by a build request.
    newest = context.instance.get_run_records(
        filters=RunsFilter(job_name=extract_job.name, statuses=[DagsterRunStatus.SUCCESS]), limit=1)
    if not newest or (context.cursor and newest[0].storage_id <= int(context.cursor)):
        return SkipReason("no document extracted since the last build request")
    context.update_cursor(str(newest[0].storage_id))
    # The same build key as the CLI and the schedule: a file extracted again with the same content, or
    # dropped in again under another name, rebuilds nothing.
    if unchanged(warehouse.store_dir, warehouse.db_path, decisions_file(warehouse.db_path)):
        return SkipReason("documents were extracted, but the warehouse is unchanged since its last build")
    return RunRequest(run_key=f"build-after-{newest[0].dagster_run.run_id}")


@schedule(name="nightly_build", job=build_job, cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai",
          default_status=DefaultScheduleStatus.STOPPED,
          description="Rebuild the warehouse and re-run every identity each night at 02:00 China time, unless "
                      "nothing it is built from changed (same documents, code, rules and decisions).")
def nightly_build(context: ScheduleEvaluationContext, warehouse: Warehouse):
    # The same build key the CLI checks (extract/build_key.py): an unchanged warehouse is not rebuilt.
    if unchanged(warehouse.store_dir, warehouse.db_path, decisions_file(warehouse.db_path)):
        return SkipReason("the warehouse is unchanged since its last build (same documents, code, rules and decisions)")
    return RunRequest()


def build_defs(settings: Settings | None = None) -> Definitions:
    """Definitions whose resources carry `settings` (default: read from the environment now)."""
    settings = settings or Settings.from_env()
    return Definitions(
        assets=[extracted_document, raw_tables, warehouse_models, check_failures, data_quality_report, finance_alerts],
        asset_checks=[identity_checks],
        jobs=[extract_job, extract_batch_job, build_job],
        sensors=[inbox_sensor, build_after_extraction],
        schedules=[nightly_build],
        resources={"warehouse": Warehouse.from_settings(settings), "dbt": dbt_resource()},
    )


defs = build_defs()


def extract_batch_job_with_resources():
    """extract_batch_job with this code location's resources: the target of dagster.reconstructable() (the
    multiprocess executor rebuilds the job in every step's process from this module-level function)."""
    return defs.resolve_job_def("extract_batch_job")
