"""The rule catalogue: every `rules/<ID>_<name>.sql` file is one rule.

A rule file starts with `-- key: value` lines (id, severity, confidence, title, description, and
optionally asset: the mart the rule checks, default fct_budget_lines) and then a query over the marts
returning one row per checked item with the columns
document_id, table_id, page, item, expected, actual, tolerance (DECIMAL: 元, or the rule's unit).
A rule's id never changes once published.

Confidence (how sure a failure of this rule is to be the document's own inconsistency):
  confirmed  both sides are figures of the document's tables located by exact mapping, or a stated
             total against its own printed parts;
  suspected  a side relies on matching prose to a table line, on a heuristic pairing of lines, or on
             an assumption about the template.
A query may return a `confidence` column ('confirmed' / 'suspected') that overrides the header per
item, for rules whose items are exact for some and heuristic for others.

Not checkable: a query may return a boolean `checkable` column. An item with checkable = false (say,
a prose figure with several candidate table lines or none) is counted in check_results.not_checkable
and never becomes a failure, whatever its expected and actual.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

RULES_DIR = os.path.join(os.path.dirname(__file__), "rules")
SEVERITIES = ("error", "warning")
CONFIDENCES = ("confirmed", "suspected")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    description: str
    sql: str
    path: str
    asset: str = "fct_budget_lines"   # the mart whose asset check reports this rule
    confidence: str = "confirmed"      # of its findings, unless an item's `confidence` column says otherwise


def load_rules(rules_dir: str = RULES_DIR) -> list[Rule]:
    rules = []
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".sql"):
            continue
        path = os.path.join(rules_dir, name)
        text = open(path, encoding="utf-8").read()
        meta = dict(re.findall(r"^--\s*(\w+):\s*(.+?)\s*$", text, flags=re.M))
        missing = {"id", "severity", "confidence", "title", "description"} - meta.keys()
        if missing:
            raise ValueError(f"{name}: missing header line(s) {sorted(missing)}")
        if meta["severity"] not in SEVERITIES:
            raise ValueError(f"{name}: severity must be one of {SEVERITIES}")
        if meta["confidence"] not in CONFIDENCES:
            raise ValueError(f"{name}: confidence must be one of {CONFIDENCES}")
        if not name.startswith(meta["id"] + "_"):
            raise ValueError(f"{name}: file name must start with the rule id {meta['id']}")
        rules.append(Rule(meta["id"], meta["severity"], meta["title"], meta["description"], text, path,
                          meta.get("asset", "fct_budget_lines"), meta["confidence"]))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate rule ids in {rules_dir}")
    return rules
