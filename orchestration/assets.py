"""Assets: per-document extraction, the raw load, the dbt models and the rule catalogue."""

import json
import os
from pathlib import Path

from dagster import (AssetExecutionContext, AssetKey, AssetSpec, DynamicPartitionsDefinition, MaterializeResult,
                     MetadataValue, Output, asset, multi_asset)
from dagster_dbt import DbtCliResource, dbt_assets

from expectations.report import CURRENT, LATEST, discard_report, publish_report, write_report
from expectations.runner import run_rules
from extract import store as document_store
from extract.loader import (BUILD_INFO, abandon_build, build_path, changed_documents, changed_raw_tables, load_store,
                            open_warehouse, publish_build, warehouse_lock)
from extract.pipeline import extract_isolated
from extract.forms import family_of_raw_table
from extract.raw_schema import RAW_TABLES
from orchestration.alerts import ReportLinks, deliver_alerts
from orchestration.dbt_failures import failing_check_rows, failure_lines
from orchestration.findings import assign_ids_and_status, decisions_file
from extract.safe_text import shown
from orchestration.lineage import FAMILY_OWNERS, FamilyTranslator, raw_asset_key
from orchestration.guarded_dbt import IN_BUILD_FOLDER, dbt_build_args, unchanged_nodes
from orchestration.resources import Warehouse, dbt_project, ensure_manifest

documents_partitions = DynamicPartitionsDefinition(name="documents")


@asset(key=["extract", "document"], partitions_def=documents_partitions, group_name="extract",
       description="One document's tables as per-document Parquet files in the store (loaded or quarantined).")
def extracted_document(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    return MaterializeResult(metadata=extract_partition(context.log, warehouse, context.partition_key))


def extract_partition(log, warehouse: Warehouse, document_id: str) -> dict:
    """Extract one registered document into the store (its own bounded child process); the partition's metadata.
    Also the step of orchestration/batch.py's extract_batch_job."""
    path = document_store.path_for(warehouse.store_dir, document_id)
    result = extract_isolated(path, warehouse.store_dir, timeout=warehouse.extract_timeout_seconds,
                              memory_mb=warehouse.extract_memory_mb, max_bytes=warehouse.max_document_bytes)
    if result.status == "quarantined":
        log.warning(f"{shown(result.file_name)} quarantined ({result.reason_code}): {shown(result.reason)}")
    return {"file_name": result.file_name, "status": result.status, "reason_code": result.reason_code,
            "reason": result.reason, "reused_earlier_extraction": result.reused, "path": path}


@multi_asset(specs=[AssetSpec(raw_asset_key(name), deps=[extracted_document], group_name=family_of_raw_table(name),
                              owners=FAMILY_OWNERS[family_of_raw_table(name)],
                              description=f"raw.{name}: text as printed, with provenance") for name in RAW_TABLES],
             description="The one writer: rebuilds raw.* from the per-document store, into this build's own file.")
def raw_tables(context: AssetExecutionContext, warehouse: Warehouse):
    # Every document extracted into this warehouse's store is loaded, whichever run extracted it:
    # the store, not one Dagster instance's partition list, is the record of what was ingested.
    # The build writes its own file (extract.loader), published only when its rules have run.
    counts = load_store(warehouse.store_dir, warehouse.db_path, build_id=context.run.run_id,
                        decisions_file=decisions_file(warehouse.db_path))
    for name in RAW_TABLES:
        yield MaterializeResult(asset_key=AssetKey(["raw", name]), metadata={"rows": counts[name]})


ensure_manifest()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=FamilyTranslator())
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    # dbt runs in the build's folder, whose file the profile opens (one profile for every build: dbt's
    # partial parse is reused; bw-guarded-dbt does the chdir, see orchestration/resources.py).
    folder = os.path.dirname(build_path(warehouse.db_path, context.run.run_id))
    try:
        # this build's file exists (a copy of the published one if raw_tables did not run)
        with open_warehouse(warehouse.db_path, context.run.run_id) as con:
            changed_tables = changed_raw_tables(con)
        incremental = changed_tables is not None
        manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
        unchanged = unchanged_nodes(manifest, changed_tables) if incremental else []
        # The models and seeds an incremental build leaves out are in its file as the file it started from has them.
        # Reported first: what they read is unchanged too, and Dagster takes a multi-asset's outputs in dependency
        # order (a model dbt rebuilds may read one of them).
        for key in in_dependency_order(manifest, context.selected_asset_keys & {AssetKey([n]) for n in unchanged}):
            yield Output(None, output_name=context.assets_def.get_output_name_for_asset_key(key), metadata={
                "unchanged": MetadataValue.text("not rebuilt: it reads none of the raw tables this build's load changed "
                                                f"({', '.join(changed_tables) or 'none'})")})
        # dbt's artifacts and log go to the build's folder, removed with it: dagster-dbt's default is a new
        # folder per run under dbt_project/target (13 MB each, never removed).
        yield from dbt.cli(dbt_build_args(incremental, unchanged) + [IN_BUILD_FOLDER, folder], context=context,
                           target_path=Path(folder) / "dbt_target").stream()
    except BaseException as error:
        if isinstance(error, Exception):   # dbt failed (not an interrupt): name the rows its tests found
            _log_failing_rows(context, folder, build_path(warehouse.db_path, context.run.run_id))
        abandon_build(warehouse.db_path, context.run.run_id)
        raise


def in_dependency_order(manifest: dict, keys: set[AssetKey]) -> list[AssetKey]:
    """The asset keys of dbt models and seeds (a key is the node's name, orchestration/lineage.py), each after the
    nodes it reads."""
    by_name = {node["name"]: unique_id for unique_id, node in manifest["nodes"].items()
               if node["resource_type"] in ("model", "seed")}
    ordered, placed = [], set()

    def place(unique_id):
        if unique_id in placed:
            return
        placed.add(unique_id)
        for parent in manifest["parent_map"].get(unique_id, []):
            place(parent)
        name = manifest["nodes"].get(unique_id, {}).get("name")
        if name is not None and AssetKey([name]) in keys:
            ordered.append(AssetKey([name]))

    for key in sorted(keys):
        place(by_name[key.path[-1]])
    return ordered


def _log_failing_rows(context: AssetExecutionContext, folder: str, db_path: str) -> None:
    """The rows a failed build's column_checks tests find (orchestration/dbt_failures.py), into the run log."""
    try:
        lines = failure_lines(failing_check_rows(os.path.join(folder, "dbt_target"), db_path))
    except Exception as error:   # the build failed already: say why these rows are missing, keep dbt's error
        context.log.warning(f"the failing rows of dbt's tests could not be read: {shown(str(error), 300)}")
        return
    for line in lines:
        context.log.error(f"dbt test failed: {shown(line, 500)}")


@asset(key=["check_failures"], group_name="data_quality",
       deps=[warehouse_models],  # every dbt model: rules may read any mart
       description="Every failing accounting identity: rule, severity, document, page, expected, actual, difference.")
def check_failures(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    # The last step of a build: rules and report on the build's own file and report folder, then everything is
    # published together (under one lock; readers of the previous file keep it until they close).
    try:
        with open_warehouse(warehouse.db_path, context.run.run_id) as con:
            # an incremental build evaluates the rules on the documents it changed; the others' findings stand
            outcomes = run_rules(con, documents=changed_documents(con))
            assign_ids_and_status(con, warehouse.db_path)   # stable ids; dismissals kept beside the warehouse
            by_severity = dict(con.execute(
                "SELECT severity, count(*) FROM check_failures GROUP BY severity").fetchall())
            con.execute(f"UPDATE {BUILD_INFO} SET report = ?", [os.path.join(warehouse.reports_dir, LATEST)])
        os.makedirs(warehouse.reports_dir, exist_ok=True)
        pages = write_report(build_path(warehouse.db_path, context.run.run_id), warehouse.reports_dir, context.run.run_id,
                             workers=warehouse.workers)
        published = publish_build(warehouse.db_path, context.run.run_id,
                                  lambda: publish_report(warehouse.reports_dir, context.run.run_id))
    except BaseException:
        abandon_build(warehouse.db_path, context.run.run_id)
        discard_report(warehouse.reports_dir, context.run.run_id)
        raise
    if not published:
        discard_report(warehouse.reports_dir, context.run.run_id)
        context.log.info("an overlapping build loaded a newer store and was published; this one is not")
    return MaterializeResult(metadata={
        "rules": len(outcomes), "items_checked": sum(o.items_checked for o in outcomes),
        "errors": by_severity.get("error", 0), "warnings": by_severity.get("warning", 0),
        "published": published, "table": MetadataValue.text("marts.check_failures"),
        "report_pages_written": len(pages.written), "report_pages_carried_over": len(pages.carried)})


@asset(key=["data_quality_report"], group_name="data_quality", deps=[check_failures],
       description="The HTML data-quality report: <reports_dir>/latest.html (the index) and one page per document "
                   "in <reports_dir>/documents/.")
def data_quality_report(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    # Written and published with the warehouse by check_failures; alone (from the UI), from the published
    # warehouse, under its lock so that no build publishes in between.
    current = os.path.join(warehouse.reports_dir, CURRENT)
    if not (os.path.islink(current) and os.path.basename(os.path.realpath(current)) == context.run.run_id):
        os.makedirs(warehouse.reports_dir, exist_ok=True)
        with warehouse_lock(warehouse.db_path):
            try:
                write_report(warehouse.db_path, warehouse.reports_dir, context.run.run_id, workers=warehouse.workers)
                publish_report(warehouse.reports_dir, context.run.run_id)
            except BaseException:
                discard_report(warehouse.reports_dir, context.run.run_id)
                raise
    return MaterializeResult(metadata={"path": MetadataValue.path(os.path.join(warehouse.reports_dir, LATEST))})


@asset(key=["finance_alerts"], group_name="data_quality", deps=[check_failures],
       description="One alert per document with an error-level identity mismatch, to the recipients in BW_ALERTS_CONFIG.")
def finance_alerts(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    links = ReportLinks(warehouse.report_base_url, warehouse.reports_dir)
    metadata = deliver_alerts(warehouse.db_path, warehouse.alerts_config, context.run.run_id, context.log, links)
    if "by_channel" in metadata:
        metadata["by_channel"] = MetadataValue.json(metadata["by_channel"])
    return MaterializeResult(metadata=metadata)
