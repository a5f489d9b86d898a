"""Tiny warehouses for the rule tests: a case is the rows of the few tables a rule reads, consistent,
plus the edit that makes them inconsistent.

Column types come from the values (Decimal → DECIMAL, bool → BOOLEAN, int → BIGINT, list → VARCHAR[],
str → VARCHAR); a column that is NULL in every row is an amount (DECIMAL) unless `types` says otherwise.
Amounts are in 元, roundings are half a unit of the last printed digit (50 元 for a figure printed in 万元
with two decimals), as in the marts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

D = Decimal


@dataclass
class Case:
    tables: dict[str, list[dict]]
    # (table, row index, {column: value}) edits that make the rows fail the rule beyond its envelope
    breaks: list[tuple[str, int, dict]]
    # False for rules that return an item only when something is wrong (a placeholder, an unparsed cell …)
    checks_items_when_passing: bool = True
    types: dict[str, str] = field(default_factory=dict)


# The measures of int_budget_line_measures (one column and one *_rounding column each), read from the model.
_MODEL = Path(__file__).resolve().parents[2] / "dbt_project/models/intermediate/budget/int_budget_line_measures.sql"
MEASURES = re.findall(r"'(\w+)'", re.search(r"set measures = \[(.*?)\]", _MODEL.read_text(encoding="utf-8"), re.S).group(1))


def wan(amount: str) -> Decimal:
    """An amount printed in 万元, in 元."""
    return D(amount) * 10000


def line(table_kind: str, line_no: int, item_name: str, *, table_id: str = "t1", document_id: str = "d1",
         side: str | None = None, line_type: str = "item", basis: str = "budget", code: str | None = None,
         level: str | None = None, table_measures: list[str] | None = None, page: int = 1, **amounts) -> dict:
    """One row of int_budget_line_measures; `amounts` in 万元 as printed (rounding 50 元 each)."""
    row = {"document_id": document_id, "table_id": table_id, "table_kind": table_kind, "line_no": line_no,
           "side": side, "basis": basis, "page": page, "code": code, "level": level, "parent_code": None,
           "item_name": item_name, "item_key": item_name, "line_type": line_type,
           "table_measures": table_measures or sorted(amounts), "page_row": line_no, "has_unparsed": False,
           "table_placement_inferred": False}
    for measure in MEASURES:
        printed = amounts.get(measure)
        row[measure] = wan(printed) if printed is not None else None
        row[f"{measure}_rounding"] = D(50) if printed is not None else D(0)
    unknown = set(amounts) - set(MEASURES)
    assert not unknown, unknown
    return row


LINE_TYPES = {"side": "VARCHAR", "code": "VARCHAR", "level": "VARCHAR", "parent_code": "VARCHAR"}


def cell(line_no: int, item_name: str, amount: str | None, *, code: str | None = None, level: str | None = None,
         parent_line_no: int | None = None, line_type: str = "item", measure: str = "total", column_no: int = 2,
         column_label: str = "合计", table_id: str = "t1", unparsed: bool = False, value_text: str | None = None,
         unplaced: bool = False, placed_by: str | None = None) -> dict:
    """One row of int_budget_cells, printed in 万元."""
    return {"document_id": "d1", "table_id": table_id, "page": 1, "table_index": 0, "page_row": line_no,
            "line_no": line_no, "code": code, "level": level,
            "parent_line_no": parent_line_no, "item_name": item_name, "line_type": line_type, "side": None,
            "measure": measure, "basis": "budget", "column_no": column_no, "column_label": column_label,
            "amount_yuan": wan(amount) if amount is not None else None, "rounding_yuan": D(50),
            "value_text": value_text if value_text is not None else (amount or ""), "unparsed": unparsed,
            "unplaced": unplaced, "placed_by": placed_by}


CELL_TYPES = {"code": "VARCHAR", "level": "VARCHAR", "side": "VARCHAR", "parent_line_no": "BIGINT", "placed_by": "VARCHAR"}
