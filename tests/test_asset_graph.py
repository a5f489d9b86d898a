"""The Dagster code location as one connected graph: every asset has a producer (no phantom keys from dbt
sources), every asset sits in a named group (its form family, extract or data_quality) with a description
and owners, and the nightly schedule runs at 02:00 China time."""
import json
import os

from orchestration.definitions import defs
from orchestration.resources import dbt_project, manifest_is_stale
from orchestration.settings import DBT_PROJECT_DIR

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


def _project(root):
    """A dbt project's inputs on disk, all older than its manifest."""
    files = {"dbt_project.yml": "name: p\n", "models/staging/stg_x.sql": "select 1 as x\n",
             "seeds/disclosure/lines.csv": "a,b\n1,2\n", "macros/amounts.sql": "{% macro m() %}1{% endmacro %}\n"}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    manifest = root / "target" / "manifest.json"
    manifest.parent.mkdir()
    manifest.write_text("{}", encoding="utf-8")
    for path in [*root.rglob("*")]:
        os.utime(path, (1_000_000, 1_000_000))
    os.utime(manifest, (2_000_000, 2_000_000))
    return manifest


def test_a_changed_model_seed_macro_or_project_file_makes_the_manifest_stale(tmp_path):
    for changed in ("models/staging/stg_x.sql", "seeds/disclosure/lines.csv", "macros/amounts.sql", "dbt_project.yml"):
        root = tmp_path / changed.replace("/", "_")
        manifest = _project(root)
        assert not manifest_is_stale(root, manifest)
        os.utime(root / changed, (3_000_000, 3_000_000))
        assert manifest_is_stale(root, manifest), changed


def test_an_added_or_removed_seed_or_a_missing_manifest_makes_it_stale(tmp_path):
    manifest = _project(tmp_path)
    (tmp_path / "seeds" / "disclosure" / "lines.csv").unlink()   # the folder's mtime moves to now
    assert manifest_is_stale(tmp_path, manifest)
    manifest = _project(tmp_path / "again")
    manifest.unlink()
    assert manifest_is_stale(tmp_path / "again", manifest)


def test_the_projects_manifest_is_fresh_once_the_definitions_load():
    assert not manifest_is_stale(DBT_PROJECT_DIR, dbt_project.manifest_path)
