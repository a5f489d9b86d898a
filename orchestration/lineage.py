"""How the dbt project's nodes become Dagster assets in one connected graph.

- A dbt source table is the raw table of the same name that `raw_tables` writes: key ["raw", <table>]
  (whatever the dbt source is called), so every source has a producer and no phantom keys appear.
- A model's group is its form family: the folder under its layer (models/<layer>/<family>/…).
- Owners per family: who answers for the family's facts and findings (set them for your organisation).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import AssetKey
from dagster_dbt import DagsterDbtTranslator

from extract.forms import FAMILIES, SHARED_FAMILY

FAMILY_OWNERS = {
    SHARED_FAMILY: ["team:data-platform"],
    "budget": ["team:budget-analysis"],
    "disclosure": ["team:budget-analysis"],
    "targets": ["team:performance-management"],
    "evaluations": ["team:performance-management"],
}
assert set(FAMILY_OWNERS) == {SHARED_FAMILY, *FAMILIES}


def raw_asset_key(table: str) -> AssetKey:
    return AssetKey(["raw", table])


class FamilyTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return raw_asset_key(dbt_resource_props["name"])
        # A model's key is its name, whatever schema its layer writes to (staging/intermediate/marts):
        # the rules' `-- asset:` lines and the asset checks name models so.
        return AssetKey([dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return family_of_node(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]):
        return FAMILY_OWNERS.get(family_of_node(dbt_resource_props))


def family_of_node(dbt_resource_props: Mapping[str, Any]) -> str:
    """models/<layer>/<family>/<model>.sql (fqn: project, layer, family, model) and seeds/<family>/<seed>.csv;
    anything else belongs to the shared family."""
    fqn = dbt_resource_props.get("fqn") or []
    if dbt_resource_props.get("resource_type") == "seed":   # seeds/<family>/<seed>.csv
        family = fqn[1] if len(fqn) > 2 else None
    else:
        family = fqn[2] if len(fqn) > 3 else None
    return family if family in FAMILY_OWNERS else SHARED_FAMILY
