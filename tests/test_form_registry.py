"""A form is one module plus its dbt folder plus its rules: the registry (extract/forms/__init__.py) and
the places that follow it agree — dbt folders and sources per family, the fact marts the run summary
counts, the int_tables union, the rules' assets and the README."""
import re

import yaml

from extract.raw_schema import DOCUMENTS

from conftest import ROOT
from expectations.catalogue import load_rules
from extract.forms import FAMILIES, FORMS, SHARED_FAMILY, fact_marts
from orchestration.cli import FACT_MARTS

MODELS = ROOT / "dbt_project" / "models"
RULE_FAMILY = {"BUD": "budget", "DIS": "disclosure", "TGT": "targets", "EVA": "evaluations"}


def models_in(layer: str, family: str) -> set[str]:
    return {p.stem for p in (MODELS / layer / family).glob("*.sql")}


def test_every_form_in_exactly_one_family():
    members = [form for forms in FAMILIES.values() for form in forms]
    assert sorted(f.FORM for f in members) == sorted(f.FORM for f in FORMS)
    assert SHARED_FAMILY not in FAMILIES


def test_each_family_has_its_folders_and_its_sources():
    for family, forms in {**FAMILIES, SHARED_FAMILY: []}.items():
        assert models_in("staging", family) and models_in("marts", family), family
        sources = yaml.safe_load((MODELS / "staging" / family / "_sources.yml").read_text(encoding="utf-8"))
        declared = {t["name"] for source in sources["sources"] for t in source["tables"]}
        written = {name for form in forms for name in form.RAW_TABLES} or set(DOCUMENTS)   # documents, cell_boxes
        assert declared == written, family


def test_fact_marts_come_from_the_forms_and_live_in_their_family():
    assert FACT_MARTS == fact_marts()
    for family, forms in FAMILIES.items():
        for form in forms:
            if form.FACT_MART:
                assert form.FACT_MART in models_in("marts", family), (family, form.FORM)
                assert (MODELS / "marts" / family / f"{form.FACT_MART}.yml").exists(), form.FACT_MART


def test_int_tables_unions_every_family():
    text = (MODELS / "intermediate" / SHARED_FAMILY / "int_tables.sql").read_text(encoding="utf-8")
    referenced = set(re.findall(r"ref\('(\w+)'\)", text))
    for family in FAMILIES:
        assert referenced & models_in("staging", family), family


def test_rules_check_a_mart_of_their_family():
    for rule in load_rules():
        family = RULE_FAMILY[rule.id.split("-")[0]]
        assert rule.asset in models_in("marts", family), (rule.id, rule.asset)


def test_the_readme_documents_every_fact_mart():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for mart in fact_marts():
        assert f"**`{mart}`**" in readme, mart
