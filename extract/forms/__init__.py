"""Form registry: each module recognises one family of tables and returns raw rows.

A new form is one module here with
  FORM        its name,
  FACT_MART   the dbt mart of its facts (or None),
  RAW_TABLES  the raw tables it writes ({name: [(column, pyarrow type)]}, see base.S/I/B); one of
              them is named `<something>_tables` with one row per recognised table (that is what
              counts a document as "recognised"), and every row carries document_id and table_id,
  extract(document) -> {raw table: [row dicts]},
added to FORMS and to its family in FAMILIES below, plus its tests. Then in dbt_project, in its family's
folders: `staging/<family>/_sources.yml` for its raw tables, staging and mart models (one yml each), and
one `union all` line in intermediate/documents/int_tables.sql; rules in expectations/rules with
`-- asset: <its mart>` and their cases in tests/rules/cases_<family>.py. tests/test_form_registry.py
checks that these places agree.
"""
from extract.forms import (budget_tables, fixed_assets, narrative, performance_targets, procurement, self_evaluations,
                          units)

FORMS = [budget_tables, procurement, fixed_assets, units, performance_targets, self_evaluations, narrative]

# Form families: the forms published together. A family is one Dagster asset group and one folder in each
# dbt layer (dbt_project/models/{staging,intermediate,marts}/<family>/); `documents` holds what every form
# shares (the documents themselves, the table index).
FAMILIES = {
    "budget": [budget_tables],
    "targets": [performance_targets],
    "evaluations": [self_evaluations],
    "disclosure": [procurement, fixed_assets, units, narrative],
}
SHARED_FAMILY = "documents"
FAMILY_DESCRIPTIONS = {
    "documents": "Every input file (loaded or quarantined) and the index of every recognised table.",
    "budget": "部门预算/决算公开表: the nine standard budget tables, every printed figure as a fact.",
    "disclosure": "The rest of a disclosure: 政府采购, 固定资产, 机构设置 tables and the 情况说明 narrative.",
    "targets": "绩效目标表: projects, their amounts and spend plans, and their performance indicators.",
    "evaluations": "绩效自评表: self-evaluations of projects, their funds, indicators and scores.",
}


def fact_marts() -> tuple[str, ...]:
    """Every form's fact mart (FACT_MART), family by family: what the run summary counts."""
    return tuple(form.FACT_MART for forms in FAMILIES.values() for form in forms if form.FACT_MART)


def family_of_raw_table(name: str) -> str:
    """The family whose form writes this raw table (`documents` for the table every form shares)."""
    for family, forms in FAMILIES.items():
        if any(name in form.RAW_TABLES for form in forms):
            return family
    return SHARED_FAMILY
