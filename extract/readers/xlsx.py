"""XLSX reader: one table per sheet, merged ranges filled from their top-left cell."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from extract.model import Table, UnreadableDocument, is_amount, join_wrapped


def read_xlsx(path: str) -> tuple[int, list[Table], int]:
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:
        raise UnreadableDocument("corrupt", f"the workbook cannot be opened ({type(exc).__name__}: {exc})") from exc
    tables = []
    chars = 0
    for number, sheet in enumerate(workbook.worksheets, start=1):
        sheet_rows = list(sheet.iter_rows())
        grid = [[_text(cell) for cell in row] for row in sheet_rows]
        numbers = [row[0].row if row else i + 1 for i, row in enumerate(sheet_rows)]   # the sheet's row numbers (evidence)
        for merged in sheet.merged_cells.ranges:
            origin = grid[merged.min_row - 1][merged.min_col - 1]
            if is_amount(origin):
                continue
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    grid[r][c] = origin
        numbers = [n for n, row in zip(numbers, grid) if any(row)]
        grid = [row for row in grid if any(row)]
        # Leading rows that fill one merged range only (title, unit line) are text above the table.
        above = []
        while grid and len(set(c for c in grid[0] if c)) <= 1 + (len(grid[0]) > 3 and _is_meta(grid[0])):
            above.append(" ".join(dict.fromkeys(c for c in grid[0] if c)))
            grid.pop(0)
            numbers.pop(0)
        below = []
        while grid and len(set(c for c in grid[-1] if c)) == 1 and not is_amount(next(c for c in grid[-1] if c)):
            below.insert(0, next(c for c in grid[-1] if c))
            grid.pop()
            numbers.pop()
        width = max((len(r) for r in grid), default=0)
        # Trim empty trailing columns.
        while width and all(len(r) < width or not r[width - 1] for r in grid):
            width -= 1
        grid = [r[:width] for r in grid]
        chars += sum(len(c) for r in grid for c in r) + sum(len(l) for l in above + below)
        tables.append(Table(page=number, index=0, rows=grid, lines_above=[sheet.title] + above,
                            lines_below=below, strategy="xlsx", source_rows=numbers))
    return len(workbook.worksheets), tables, chars


def _is_meta(row: list[str]) -> bool:
    return any(("单位" in c or "年度" in c) for c in row if c)


def _text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float):
        # Show a number as the sheet displays it, so the raw layer keeps "13932.64" and not a float.
        fmt = cell.number_format or "General"
        decimals = len(fmt.split(".")[1].rstrip("_);\"")) if "." in fmt and fmt.split(".")[1][:1] in "0#" else None
        if decimals is not None:
            decimals = len([ch for ch in fmt.split(".")[1] if ch in "0#"])
            return f"{Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals))}"
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return join_wrapped(str(value))
