"""The Dagster code location as one connected graph: every asset has a producer (no phantom keys from dbt
sources), every asset sits in a named group (its form family, extract or data_quality) with a description
and owners, and the nightly schedule runs at 02:00 China time."""
import json

from orchestration.definitions import defs
from orchestration.resources import dbt_project

FAMILY_GROUPS = {"documents", "budget", "disclosure", "targets", "evaluations"}


def _graph():
    return defs.resolve_asset_graph()


def test_every_asset_key_has_a_producer():
    graph = _graph()
    phantom = sorted("/".join(key.path) for key in graph.get_all_asset_keys() if not graph.get(key).is_materializable)
    assert phantom == []


def test_raw_assets_are_exactly_the_dbt_sources():
    graph = _graph()
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    # the findings tables (check_failures, check_results) are dbt sources for the docs only, written by Python
    sources = {("raw", source["name"]) for source in manifest["sources"].values() if source["source_name"] != "findings"}
    raw_assets = {tuple(key.path) for key in graph.get_all_asset_keys() if key.path[0] == "raw"}
    assert raw_assets == sources
    # and every staging model reads its source through them: the raw assets have dbt children
    for key in graph.get_all_asset_keys():
        if key.path[0] == "raw":
            assert graph.get(key).child_keys, key


def test_every_asset_in_a_named_group_with_description_and_owners():
    graph = _graph()
    groups = {}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name and node.group_name != "default", key
        assert node.description, key
        groups.setdefault(node.group_name, []).append(key)
        if node.group_name in FAMILY_GROUPS:
            assert node.owners, key
    assert set(groups) == FAMILY_GROUPS | {"extract", "data_quality"}
    assert {"fct_budget_lines", "dim_classifications"} <= {k.path[-1] for k in groups["budget"]}
    assert {"dim_projects", "fct_performance_indicators"} <= {k.path[-1] for k in groups["targets"]}
    assert "required_disclosure_tables" in {k.path[-1] for k in groups["disclosure"]}   # a seed, by its folder


def test_schedule_is_nightly_build_in_china_time():
    (schedule,) = defs.schedules
    assert schedule.name == "nightly_build" and schedule.execution_timezone == "Asia/Shanghai"
