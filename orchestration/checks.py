"""Each catalogue rule as a Dagster asset check on the mart it checks, listing its failing rows.

Checks read the `check_failures` table written by the check_failures asset. A document that does
not add up is a finding, not a broken pipeline: checks are not blocking, and an ERROR rule
reports severity ERROR.
"""

from dagster import (AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetKey,
                     MetadataValue, multi_asset_check)

from expectations.catalogue import load_rules
from extract.loader import open_warehouse
from extract.safe_text import shown
from orchestration.resources import Warehouse

RULES = load_rules()
MAX_ROWS_IN_METADATA = 50


@multi_asset_check(
    specs=[AssetCheckSpec(name=rule.id.replace("-", "_"), asset=AssetKey([rule.asset]),
                          description=f"{rule.id} [{rule.severity}] {rule.title}: {rule.description}",
                          additional_deps=[AssetKey(["check_failures"])]) for rule in RULES],
    can_subset=True)
def identity_checks(context: AssetCheckExecutionContext, warehouse: Warehouse):
    # The published warehouse, read-only: no process writes that file, so no lock is needed.
    with open_warehouse(warehouse.db_path) as con:
        results = list(_results(context, con))
    yield from results


def _results(context: AssetCheckExecutionContext, con):
    for rule in RULES:
        name = rule.id.replace("-", "_")
        if context.selected_asset_check_keys and not any(k.name == name for k in context.selected_asset_check_keys):
            continue
        rows = con.execute("""
            SELECT finding, file_name, page, table_title, item, expected, actual, difference, tolerance
            FROM check_failures WHERE rule_id = ? ORDER BY severity, file_name, page""", [rule.id]).fetchall()
        beyond = [r for r in rows if r[0] == "mismatch"]
        table = "| finding | file | page | table | item | expected | actual | difference | ± |\n|---|---|---|---|---|---|---|---|---|\n" + \
            "\n".join("| " + " | ".join(shown(v).replace("|", "/") for v in r) + " |" for r in rows[:MAX_ROWS_IN_METADATA])
        yield AssetCheckResult(
            check_name=name, asset_key=AssetKey([rule.asset]), passed=not beyond,
            severity=AssetCheckSeverity.ERROR if rule.severity == "error" else AssetCheckSeverity.WARN,
            metadata={"rule_id": rule.id, "failures": len(beyond), "rounding_warnings": len(rows) - len(beyond),
                      "failing_rows": MetadataValue.md(table if rows else "none")})
