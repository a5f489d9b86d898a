"""Form registry: each module recognises one family of tables and returns raw rows.

A new form is one module with `FORM` (its name), `extract(document) -> {raw table: [rows]}`
and `RAW_TABLES` (the raw tables it writes), added to FORMS below, plus its tests.
"""
from extract.forms import budget_tables

FORMS = [budget_tables]
