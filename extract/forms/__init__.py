"""Form registry: each module recognises one family of tables and returns raw rows.

A new form is one module here with
  FORM        its name,
  RAW_TABLES  the raw tables it writes ({name: [(column, pyarrow type)]}, see base.S/I/B); one of
              them is named `<something>_tables` with one row per recognised table (that is what
              counts a document as "recognised"), and every row carries document_id and table_id,
  extract(document) -> {raw table: [row dicts]},
added to FORMS below, plus its tests. Then in dbt_project: a sources yml for its raw tables,
staging and mart models (one yml each), and one `union all` line in int_tables.sql; rules in
expectations/rules with `-- asset: <its mart>`.
"""
from extract.forms import (budget_tables, fixed_assets, narrative, performance_targets, procurement, self_evaluations,
                          units)

FORMS = [budget_tables, procurement, fixed_assets, units, performance_targets, self_evaluations, narrative]
