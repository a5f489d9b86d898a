import re

import pytest
from conftest import ROOT

from expectations.catalogue import VALUE_KINDS, load_rules

CJK = re.compile(r"[\u4e00-\u9fff]")
MODELS = ROOT / "dbt_project" / "models"


def test_catalogue_rules_have_ids_severities_and_queries():
    rules = load_rules()
    assert len(rules) >= 15
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.severity in ("error", "warning")
        assert rule.confidence in ("confirmed", "suspected")
        assert "expected" in rule.sql and "actual" in rule.sql and "tolerance" in rule.sql


def test_every_rule_speaks_chinese_first_with_advice_and_a_value_kind():
    for rule in load_rules():
        for text in (rule.title_zh, rule.description_zh, rule.advice_zh):
            assert CJK.search(text), f"{rule.id}: Chinese text expected, got {text!r}"
        assert rule.title and rule.description, f"{rule.id}: the English title and description stay beside"
        assert rule.value_kind in VALUE_KINDS
        assert (rule.value_kind == "count") == bool(rule.count_word), rule.id


def test_a_rule_without_chinese_advice_is_refused(tmp_path):
    source = next(r for r in load_rules() if r.id == "BUD-001")
    text = re.sub(r"^-- advice_zh:.*\n", "", open(source.path, encoding="utf-8").read(), flags=re.M)
    (tmp_path / "BUD-001_x.sql").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="advice_zh"):
        load_rules(str(tmp_path))


def test_a_count_needs_its_measure_word(tmp_path):
    source = next(r for r in load_rules() if r.id == "BUD-090")
    text = open(source.path, encoding="utf-8").read().replace("-- value_unit: count 个", "-- value_unit: count")
    (tmp_path / "BUD-090_x.sql").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="value_unit"):
        load_rules(str(tmp_path))


def test_prose_and_template_rules_are_suspected_table_identities_confirmed():
    confidence = {r.id: r.confidence for r in load_rules()}
    assert confidence["DIS-020"] == confidence["DIS-021"] == confidence["DIS-033"] == "suspected"
    assert all(confidence[r] == "confirmed" for r in ("BUD-001", "BUD-003", "BUD-020", "DIS-030", "EVA-001", "TGT-005"))


def test_a_rule_without_confidence_is_refused(tmp_path):
    (tmp_path / "XYZ-001_thing.sql").write_text(
        "-- id: XYZ-001\n-- severity: error\n-- title: t\n-- description: d\nselect 1 as expected, 1 as actual, 0 as tolerance\n",
        encoding="utf-8")
    with pytest.raises(ValueError, match="confidence"):
        load_rules(str(tmp_path))


def _relations_read(sql: str) -> set[str]:
    """The names after FROM / JOIN in a rule's query (comments left out): models, and the query's own CTEs."""
    body = re.sub(r"--[^\n]*", "", sql)
    return {name.lower() for name in re.findall(r"\b(?:from|join)\s+(?!lateral\b)([A-Za-z_][\w.]*)", body, flags=re.I)}


def _reading_problems(rules) -> list[str]:
    layer_of = {sql.stem: sql.relative_to(MODELS).parts[0] for sql in MODELS.rglob("*.sql")}
    problems = []
    for rule in rules:
        read = _relations_read(rule.sql)
        models = {name for name in read if name in layer_of}
        body = re.sub(r"--[^\n]*", "", rule.sql)
        below_marts = re.search(r"\b(stg_\w+|raw\.\w+)", body, flags=re.I)
        if below_marts:
            problems.append(f"{rule.id}: reads staging or raw ({below_marts[0]})")
        for name in sorted(models):
            if layer_of[name] not in ("marts", "intermediate"):
                problems.append(f"{rule.id}: reads {layer_of[name]} model {name}")
            elif not next(MODELS.rglob(f"{name}.yml"), None):
                problems.append(f"{rule.id}: reads {name}, which has no yml")
        unknown = read - models - set(re.findall(r"\b(\w+)\s+as\s*(?:(?:not\s+)?materialized\s*)?\(", body, flags=re.I))
        if unknown:
            problems.append(f"{rule.id}: reads {sorted(unknown)}, neither a model nor a CTE of its query")
        if rule.asset not in models:
            problems.append(f"{rule.id}: -- asset: {rule.asset} is not a model it reads ({sorted(models)})")
    return problems


def test_rules_read_marts_or_documented_intermediate_models_and_name_one_as_their_asset():
    """A rule checks what analysts see: marts, or an intermediate model documented beside its SQL, never
    staging or the raw tables; its `-- asset:` line (the asset its Dagster check reports on) is one of them."""
    problems = _reading_problems(load_rules())
    assert problems == [], "\n".join(problems)


def test_a_rule_reading_staging_or_naming_another_asset_is_caught(tmp_path):
    source = next(r for r in load_rules() if r.id == "DIS-031")
    text = open(source.path, encoding="utf-8").read()
    (tmp_path / "DIS-031_x.sql").write_text(text.replace("from fct_narrative_sentences", "from stg_narrative_sentences"),
                                            encoding="utf-8")
    (tmp_path / "DIS-032_x.sql").write_text(text.replace("DIS-031", "DIS-032").replace(
        "-- asset: fct_narrative_sentences", "-- asset: fct_narrative_figures"), encoding="utf-8")
    assert _reading_problems(load_rules(str(tmp_path))) == [
        "DIS-031: reads staging or raw (stg_narrative_sentences)",
        "DIS-031: reads staging model stg_narrative_sentences",
        "DIS-031: -- asset: fct_narrative_sentences is not a model it reads (['stg_narrative_sentences'])",
        "DIS-032: -- asset: fct_narrative_figures is not a model it reads (['fct_narrative_sentences'])"]
