"""Many documents extracted in one run, each one a step of Dagster's executor.

`extract_batch_job` registers the files of its run config (files or folders) in the store and fans out one
`extract_one_document` step per document (dynamic outputs). The executor runs the steps: locally
`multiprocess_executor` (each step its own process, `max_concurrent` at once); deployed, the same definitions
run each step on Dagster's celery or Kubernetes executor instead (README: Deployment). A step calls the
function the per-document asset calls (`extract_partition`: its own bounded child process) and records the
materialization of that document's partition of `extract/document`, so the asset catalog shows every
extraction whichever job did it. Nothing here opens the warehouse: a build follows (`build_warehouse_job`,
or the sensor that requests one after extractions).
"""

from dagster import (AssetMaterialization, DynamicOut, DynamicOutput, Field, OpExecutionContext, job,
                     multiprocess_executor, op)

from extract import store as document_store
from orchestration.assets import documents_partitions, extract_partition, extracted_document
from orchestration.resources import Warehouse


@op(out=DynamicOut(str), config_schema={"paths": Field([str], description="files or folders to extract")},
    description="Register the files in the store; one output per document (quarantined files included).")
def documents_to_extract(context: OpExecutionContext, warehouse: Warehouse):
    keys = document_store.register_files(warehouse.store_dir, document_store.collect_files(context.op_config["paths"]),
                                         max_bytes=warehouse.max_document_bytes, timeout=warehouse.extract_timeout_seconds)
    new = [k for k in keys if not context.instance.has_dynamic_partition(documents_partitions.name, k)]
    if new:
        context.instance.add_dynamic_partitions(documents_partitions.name, new)
    for key in keys:
        yield DynamicOutput(key, mapping_key=key)   # document ids are hex digests: valid mapping keys


@op(description="Extract one document into the store (bounded child process) and record its partition.")
def extract_one_document(context: OpExecutionContext, warehouse: Warehouse, document_id: str) -> str:
    metadata = extract_partition(context.log, warehouse, document_id)
    context.log_event(AssetMaterialization(asset_key=extracted_document.key, partition=document_id, metadata=metadata))
    return metadata["status"]


@op(description="How many documents were loaded and quarantined.")
def extraction_summary(context: OpExecutionContext, statuses: list[str]) -> dict[str, int]:
    summary = {status: statuses.count(status) for status in sorted(set(statuses))}
    context.log.info(f"extracted {len(statuses)} document(s): {summary}")
    return summary


@job(executor_def=multiprocess_executor, tags={"budget_warehouse/kind": "extract"},
     description="Extract many documents at once, one executor step per document (locally: one process each).")
def extract_batch_job():
    extraction_summary(documents_to_extract().map(extract_one_document).collect())
