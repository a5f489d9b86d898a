"""Assets: per-document extraction, the raw load, the dbt models and the rule catalogue."""

import os
import shutil

from dagster import (AssetExecutionContext, AssetKey, AssetSpec, DynamicPartitionsDefinition, MaterializeResult,
                     MetadataValue, asset, multi_asset)
from dagster_dbt import DbtCliResource, dbt_assets

from expectations.report import write_report
from expectations.runner import run_rules
from extract.duckdb_settings import connect
from extract.loader import load_store, warehouse_lock
from extract.pipeline import extract_isolated
from extract.forms import family_of_raw_table
from extract.raw_schema import RAW_TABLES
from orchestration import registry
from orchestration.alerts import collect_alerts, deliver, load_config
from orchestration.lineage import FAMILY_OWNERS, FamilyTranslator, raw_asset_key
from orchestration.resources import Warehouse, dbt_project, ensure_manifest

documents_partitions = DynamicPartitionsDefinition(name="documents")


@asset(key=["extract", "document"], partitions_def=documents_partitions, group_name="extract",
       description="One document's tables as per-document Parquet files in the store (loaded or quarantined).")
def extracted_document(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    key = context.partition_key
    path = registry.path_for(warehouse.store_dir, key)
    result = extract_isolated(path, warehouse.store_dir, timeout=warehouse.extract_timeout_seconds,
                              memory_mb=warehouse.extract_memory_mb)
    if result.status == "quarantined":
        context.log.warning(f"{result.file_name} quarantined ({result.reason_code}): {result.reason}")
    return MaterializeResult(metadata={
        "file_name": result.file_name, "status": result.status, "reason_code": result.reason_code,
        "reason": result.reason, "reused_earlier_extraction": result.reused, "path": path})


@multi_asset(specs=[AssetSpec(raw_asset_key(name), deps=[extracted_document], group_name=family_of_raw_table(name),
                              owners=FAMILY_OWNERS[family_of_raw_table(name)],
                              description=f"raw.{name}: text as printed, with provenance") for name in RAW_TABLES],
             description="The one writer: rebuilds raw.* from the per-document store in one transaction.")
def raw_tables(context: AssetExecutionContext, warehouse: Warehouse):
    # Every document extracted into this warehouse's store is loaded, whichever run extracted it:
    # the store, not one Dagster instance's partition list, is the record of what was ingested.
    counts = load_store(warehouse.store_dir, warehouse.db_path)
    for name in RAW_TABLES:
        yield MaterializeResult(asset_key=AssetKey(["raw", name]), metadata={"rows": counts[name]})


ensure_manifest()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=FamilyTranslator())
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    os.environ["BW_DB"] = warehouse.db_path  # the dbt profile reads it
    with warehouse_lock(warehouse.db_path):
        yield from dbt.cli(["build"], context=context).stream()


@asset(key=["check_failures"], group_name="data_quality",
       deps=[warehouse_models],  # every dbt model: rules may read any mart
       description="Every failing accounting identity: rule, severity, document, page, expected, actual, difference.")
def check_failures(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    with warehouse_lock(warehouse.db_path):
        con = connect(warehouse.db_path)
        try:
            outcomes = run_rules(con)
            by_severity = dict(con.execute(
                "SELECT severity, count(*) FROM check_failures GROUP BY severity").fetchall())
        finally:
            con.close()
    return MaterializeResult(metadata={
        "rules": len(outcomes), "items_checked": sum(o.items_checked for o in outcomes),
        "errors": by_severity.get("error", 0), "warnings": by_severity.get("warning", 0),
        "table": MetadataValue.text("main.check_failures")})


@asset(key=["data_quality_report"], group_name="data_quality", deps=[check_failures],
       description="The HTML data-quality report of this build: <reports_dir>/<run id>.html and latest.html.")
def data_quality_report(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    with warehouse_lock(warehouse.db_path):
        path = write_report(warehouse.db_path, os.path.join(warehouse.reports_dir, f"{context.run_id}.html"))
    shutil.copyfile(path, os.path.join(warehouse.reports_dir, "latest.html"))
    return MaterializeResult(metadata={"path": MetadataValue.path(path)})


@asset(key=["finance_alerts"], group_name="data_quality", deps=[check_failures],
       description="One alert per document with an error-level identity mismatch, to the recipients in BW_ALERTS_CONFIG.")
def finance_alerts(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    config = load_config()  # $BW_ALERTS_CONFIG; None = alerts off
    if config is None:
        return MaterializeResult(metadata={"documents": 0, "sent": 0, "failed": 0, "note": "BW_ALERTS_CONFIG not set"})
    with warehouse_lock(warehouse.db_path):
        alerts = collect_alerts(warehouse.db_path)
    outcomes = deliver(alerts, config, context.run_id)
    failed = [o for o in outcomes if o["status"] == "failed"]
    for o in failed:
        context.log.error(f"alert for {o['file_name']!r} via {o['channel']} ({o['recipient']}, {o['target']}) failed: {o['error']}")
    return MaterializeResult(metadata={"documents": len(alerts), "sent": len(outcomes) - len(failed), "failed": len(failed)})
