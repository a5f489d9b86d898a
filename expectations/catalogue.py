"""The rule catalogue: every `rules/<ID>_<name>.sql` file is one rule.

A rule file starts with `-- key: value` lines (id, severity, title, description, and optionally
asset: the mart the rule checks, default fct_budget_lines) and then a query over the marts
returning one row per checked item with the columns
document_id, table_id, page, item, expected, actual, tolerance (DECIMAL: 元, or the rule's unit).
A rule's id never changes once published.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

RULES_DIR = os.path.join(os.path.dirname(__file__), "rules")
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    description: str
    sql: str
    path: str
    asset: str = "fct_budget_lines"   # the mart whose asset check reports this rule


def load_rules(rules_dir: str = RULES_DIR) -> list[Rule]:
    rules = []
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".sql"):
            continue
        path = os.path.join(rules_dir, name)
        text = open(path, encoding="utf-8").read()
        meta = dict(re.findall(r"^--\s*(\w+):\s*(.+?)\s*$", text, flags=re.M))
        missing = {"id", "severity", "title", "description"} - meta.keys()
        if missing:
            raise ValueError(f"{name}: missing header line(s) {sorted(missing)}")
        if meta["severity"] not in SEVERITIES:
            raise ValueError(f"{name}: severity must be one of {SEVERITIES}")
        if not name.startswith(meta["id"] + "_"):
            raise ValueError(f"{name}: file name must start with the rule id {meta['id']}")
        rules.append(Rule(meta["id"], meta["severity"], meta["title"], meta["description"], text, path,
                          meta.get("asset", "fct_budget_lines")))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate rule ids in {rules_dir}")
    return rules
