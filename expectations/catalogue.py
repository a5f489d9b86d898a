"""The rule catalogue: every `rules/<ID>_<name>.sql` file is one rule.

A rule file starts with `-- key: value` lines and then a query over the marts. Required: id, severity,
confidence, title and description (English), title_zh, description_zh and advice_zh (处理建议: what the finance
officer should check or correct — findings are read in Chinese first), and value_unit, the kind of the
values compared: money (元, shown in the table's printed unit), score (分), rate (%), or count followed
by its measure word (count 个, count 项, count 张, count 处). Optional: asset, the model the query
reads (a mart, or a documented intermediate model) whose Dagster asset check reports the rule (default
fct_budget_lines); tests/test_catalogue.py holds every rule to it. The query returns one row per checked item with the
columns document_id, table_id, page, item (named as printed: line, code, column), expected, actual,
tolerance (DECIMAL: 元, or the rule's unit), and optionally page_row (the printed row) and printed_unit
(the unit a money figure was printed in, where it is not the table's).
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
VALUE_KINDS = ("money", "score", "rate", "count")
REQUIRED = ("id", "severity", "confidence", "title", "description", "title_zh", "description_zh", "advice_zh", "value_unit")
CONFIDENCES = ("confirmed", "suspected")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    description: str
    sql: str
    path: str
    asset: str = "fct_budget_lines"   # the model it reads whose asset check reports this rule
    confidence: str = "confirmed"      # of its findings, unless an item's `confidence` column says otherwise
    title_zh: str = ""
    description_zh: str = ""
    advice_zh: str = ""                # 处理建议
    value_kind: str = "money"          # money / score / rate / count
    count_word: str = ""               # the measure word of a count (个, 项, 张, 处)


def load_rules(rules_dir: str = RULES_DIR) -> list[Rule]:
    rules = []
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".sql"):
            continue
        path = os.path.join(rules_dir, name)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        meta = dict(re.findall(r"^--\s*(\w+):\s*(.+?)\s*$", text, flags=re.M))
        missing = [key for key in REQUIRED if not meta.get(key)]
        if missing:
            raise ValueError(f"{name}: missing header line(s) {missing}")
        value_kind, _, count_word = meta["value_unit"].partition(" ")
        if value_kind not in VALUE_KINDS or (value_kind == "count") != bool(count_word.strip()):
            raise ValueError(f"{name}: value_unit must be one of money, score, rate, or count with its measure "
                             f"word (count 个), not {meta['value_unit']!r}")
        if meta["severity"] not in SEVERITIES:
            raise ValueError(f"{name}: severity must be one of {SEVERITIES}")
        if meta["confidence"] not in CONFIDENCES:
            raise ValueError(f"{name}: confidence must be one of {CONFIDENCES}")
        if not name.startswith(meta["id"] + "_"):
            raise ValueError(f"{name}: file name must start with the rule id {meta['id']}")
        rules.append(Rule(meta["id"], meta["severity"], meta["title"], meta["description"], text, path,
                          meta.get("asset", "fct_budget_lines"), meta["confidence"], meta["title_zh"],
                          meta["description_zh"], meta["advice_zh"], value_kind, count_word.strip()))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate rule ids in {rules_dir}")
    return rules
