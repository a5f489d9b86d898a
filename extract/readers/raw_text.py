"""Tables of raw text exports (pdftotext without -layout, copy-paste from a PDF viewer).

Such text separates cells by single spaces, drops empty cells, wraps a long label over several
lines and prints the page header (unit line, column headers, 栏次 row) again on every page. Only
what the text shows with certainty is rebuilt:

* a table is found by its 栏次 row ("栏次 1 2 … N") under a header whose every character is
  made of known header labels, arranged into columns whose count matches the 栏次 row; the same
  header printed again later (a new page) continues the table, and a lone page number before it is
  dropped;
* body rows start with their 序号 (1, 2, 3 … in order), so a wrapped label — even one wrapped over a
  page break — stays with its row;
* a row's figures are placed in the amount columns only when the types of its printed pieces
  (label, figure) fit the columns in exactly one order. A row printing fewer figures than the
  table has amount columns fits in several (its figures keep their printed order, left to right);
* such rows are then placed by the table's own identities (`_place_by_identities`) when exactly one
  joint placement of the rows linked by them satisfies them within rounding: 合计/小计 = Σ the
  columns its header heads, a 类/款 line = Σ its child lines by code, the 合计 line = Σ the 类 lines;
* in a two-sided table (收支总表), a row printing one label (one side's list has ended) takes the side
  that every joint placement keeping each side's numbering consecutive (十一、 follows 十、) and its
  本年…合计 equal to the sum of its numbered items gives it (`_place_two_sided`);
* the document's tables, once all read, settle more (`place_raw_tables`): a fund whose expenditure table
  is printed empty with a note has zero columns in the other expenditure tables; a source the 收支总表
  prints no income figure for has a zero column in the 收入总表 (all its figures non-negative); a fund's
  own expenditure table (一般公共预算财政拨款支出表) bounds the 基本/项目 columns of the 支出总表 line
  with the same code from below. These constrain the placements above; they decide nothing alone.
  Placed cells are `IdentityPlacedCell`s (placement 'identity'): the identities (within and across
  tables) that placed them are never reported on them, as they cannot fail. Otherwise the figures are
  kept, unplaced (`UnplacedCell`), and the form reports their identities as not checkable — a figure's
  column is never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations
from math import comb

from extract.model import Table, is_amount

_COLUMN_NUMBERS = re.compile(r"^(?:栏次|栏号)((?:\s+\d+)+)\s*$")
_UNIT = re.compile(r"单位[:：]\s*(亿元|万元|千元|元)")
# A piece of label text that starts a new label cell (an enumerated item, 其中：…).
_ITEM_START = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|其中[:：]|本年|上年|年终|收入总计|支出总计)")
_FIGURE = re.compile(r"^[-−]?[\d,]*\d\.\d+$|^[-−]?\d{1,3}(,\d{3})+$")

# Header labels of the standard budget tables, as printed (spaces removed). Reading a header is
# splitting its text into these labels; a header with any other text is not rebuilt.
SEQ_LABELS = {"序号", "行次"}
CODE_LABELS = {"科目编码", "编码", "功能分类科目编码", "经济分类科目编码"}
NAME_LABELS = {"科目名称", "项目", "功能分类科目名称", "经济分类科目名称"}
LABEL_GROUPS = {"功能分类科目", "支出功能分类科目", "支出部门经济分类科目", "部门经济分类科目", "经济分类科目"}
AMOUNT_GROUPS = {"本年收入", "资金性质", "一般公共预算基本支出", "本年支出", "其他资金"}
SIDES = ("收入", "支出")
AMOUNT_LABELS = {
    "合计", "小计", "总计", "预算数", "金额", "上年结转", "上年结转结余", "财政拨款收入", "财政拨款", "财政专户收入",
    "财政专户管理资金收入", "事业收入", "经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "基本支出", "项目支出",
    "经营支出", "上解上级支出", "上缴上级支出", "对附属单位补助支出", "人员经费", "公用经费", "一般公共预算财政拨款",
    "一般公共预算拨款", "一般公共预算", "政府性基金预算财政拨款", "政府性基金预算拨款", "政府性基金预算",
    "国有资本经营预算财政拨款", "国有资本经营预算拨款", "国有资本经营预算", "因公出国（境）费", "公务接待费",
    "公务用车购置及运行费", "公务用车购置及运维费", "公务用车购置费", "公务用车运行费", "公务用车运行维护费",
}
_LEXICON = sorted(SEQ_LABELS | CODE_LABELS | NAME_LABELS | LABEL_GROUPS | AMOUNT_GROUPS | set(SIDES) | AMOUNT_LABELS,
                  key=len, reverse=True)


class UnplacedCell(str):
    """An amount cell of a row whose figures could not be placed in columns with certainty: empty
    as text, it carries the figures the row prints (in printed order) so nothing is dropped."""

    figures: tuple[str, ...]
    labels: str                    # the row's label text when its label columns are not certain either
    pieces: tuple[tuple[str, str], ...]   # the row's printed pieces, ("T", label) / ("F", figure), in order

    def __new__(cls, figures: tuple[str, ...], labels: str = "", pieces: tuple[tuple[str, str], ...] = ()):
        cell = super().__new__(cls, "")
        cell.figures, cell.labels, cell.pieces = figures, labels, pieces
        return cell


class IdentityPlacedCell(str):
    """An amount cell (figure or blank) of a row whose figures were placed by the table's own
    identities: the one placement of the rows they link that satisfies them. Those identities are
    therefore not checkable on it (placement 'identity')."""


@dataclass
class _Header:
    rows: list[list[str]]          # two header rows, merged cells filled
    roles: list[str]               # seq / code / name / amount per column


def is_raw_export(content: str) -> bool:
    """Text without TABs or runs of spaces, with at least one 栏次 row: cells were separated by single spaces."""
    return "\t" not in content and not re.search(r"\S {2,}\S", content) and any(
        _COLUMN_NUMBERS.match(line.strip()) for line in content.splitlines())


def _segment(text: str) -> list[str] | None:
    """Split a squashed header into known labels (longest first); None if any text is left over."""
    labels, i = [], 0
    while i < len(text):
        label = next((l for l in _LEXICON if text.startswith(l, i)), None)
        if label is None:
            return None
        labels.append(label)
        i += len(label)
    return labels


def _header(lines: list[str], width: int) -> _Header | None:
    """Columns from the header text printed above a 栏次 row of `width - 1` numbers."""
    labels = _segment(re.sub(r"\s+", "", "".join(lines)))
    if not labels or labels[0] not in SEQ_LABELS:
        return None
    rest = labels[1:]
    columns: list[tuple[str, str, str]] = [(labels[0], labels[0], "seq")]   # (top label, bottom label, role)
    if all(side in rest for side in SIDES) and not any(l in LABEL_GROUPS for l in rest):
        # 收支总表: 收入 | 支出 over (项目, 金额 …) blocks, each block starting with its 项目 column.
        last_side = max(rest.index(side) for side in SIDES)
        tops, subs = rest[:last_side + 1], rest[last_side + 1:]
        if tops != list(SIDES) or not subs or subs[0] not in NAME_LABELS:
            return None
        blocks, block = [], []
        for label in subs:
            if label in NAME_LABELS and block:
                blocks.append(block)
                block = []
            block.append(label)
        blocks.append(block)
        if len(blocks) != 2:
            return None
        for side, block in zip(SIDES, blocks):
            columns += [(side, label, "name" if label in NAME_LABELS else "amount") for label in block]
    else:
        group = next((l for l in rest if l in LABEL_GROUPS), "")
        codes = [l for l in rest if l in CODE_LABELS]
        names = [l for l in rest if l in NAME_LABELS]
        if len(codes) > 1 or len(names) != 1:
            return None
        columns += [(group or l, l, "code") for l in codes] + [(group or l, l, "name") for l in names]
        amounts = [l for l in rest if l not in CODE_LABELS | NAME_LABELS | LABEL_GROUPS]
        groups = [l for l in amounts if l in AMOUNT_GROUPS]
        if len(groups) > 1 or any(l in SIDES for l in amounts):
            return None
        if groups:
            # Top labels are read before the group's own columns, which start with its 合计/小计.
            at = amounts.index(groups[0])
            first_child = next((k for k in range(at + 1, len(amounts)) if amounts[k] in ("合计", "小计")), None)
            if first_child is None:
                return None
            tops, children = amounts[:first_child], amounts[first_child:]
            for label in tops:
                if label == groups[0]:
                    columns += [(label, child, "amount") for child in children]
                else:
                    columns.append((label, label, "amount"))
        else:
            columns += [(l, l, "amount") for l in amounts]
    if len(columns) != width or not any(role == "amount" for *_, role in columns):
        return None
    return _Header(rows=[[top for top, _, _ in columns], [bottom for _, bottom, _ in columns]],
                   roles=[role for *_, role in columns])


def _pieces(lines: list[str], code_column: bool) -> tuple[str, str, list[tuple[str, str]]]:
    """(seq, code, pieces) of one row's text: pieces are ("T", label) or ("F", figure) in printed order.
    Label text continues over lines and spaces; it is cut before a figure and before an enumerated item."""
    tokens: list[tuple[str, bool]] = []   # (token, starts a line)
    for line in lines:
        # no "autospace" joining here: a space between a 序号, a code, a label and a figure is a cell boundary
        for k, token in enumerate(line.strip().split()):
            tokens.append((token, k == 0))
    seq = tokens.pop(0)[0]
    code = ""
    if code_column and tokens and re.fullmatch(r"\d{3,9}", tokens[0][0]):
        code = tokens.pop(0)[0]
    pieces: list[tuple[str, str]] = []
    for token, _ in tokens:
        if _FIGURE.match(token) and is_amount(token):
            pieces.append(("F", token))
        elif pieces and pieces[-1][0] == "T" and not _ITEM_START.match(token):
            glue = " " if re.search(r"[A-Za-z0-9]$", pieces[-1][1]) and re.match(r"[A-Za-z0-9]", token) else ""
            pieces[-1] = ("T", pieces[-1][1] + glue + token)
        else:
            pieces.append(("T", token))
    return seq, code, pieces


def _fits(pieces, roles: list[str], limit: int) -> list[list[str]] | None:
    """Every order-preserving way the pieces fit the name and amount columns (labels in name
    columns, figures in amount columns), as cells of the non-seq, non-code columns; None when there
    are more than `limit`."""
    slots = [j for j, role in enumerate(roles) if role in ("name", "amount")]
    kinds = ["T" if roles[j] == "name" else "F" for j in slots]
    fits = []
    for chosen in combinations(range(len(slots)), len(pieces)):
        if all(kinds[c] == kind for c, (kind, _) in zip(chosen, pieces)):
            if len(fits) == limit:
                return None
            cells = [""] * len(roles)
            for c, (_, text) in zip(chosen, pieces):
                cells[slots[c]] = text
            fits.append(cells)
    return fits


def _place(pieces: list[tuple[str, str]], roles: list[str]) -> list[str] | None:
    """The cells of the non-seq, non-code columns, if the pieces fit them in exactly one order."""
    fits = _fits(pieces, roles, 1)
    return fits[0] if fits else None


def _row_cells(lines: list[str], header: _Header) -> list[str]:
    roles = header.roles
    code_column = "code" in roles
    seq, code, pieces = _pieces(lines, code_column)
    figures = tuple(text for kind, text in pieces if kind == "F")
    labels = [text for kind, text in pieces if kind == "T"]
    cells = _place(pieces, roles)
    if cells is None and roles.count("name") == 1:
        # One label column: the label is certain whatever the figures; they stay unplaced.
        cells = [UnplacedCell(figures, "", tuple(pieces)) if role == "amount" else "" for role in roles]
        cells[roles.index("name")] = "".join(labels)
    elif cells is None:
        # Several label columns (收支总表): neither the labels' nor the figures' columns are certain;
        # the labels travel with the figures, in no column.
        cells = [UnplacedCell(figures, " ".join(labels), tuple(pieces)) if role == "amount" else "" for role in roles]
    cells[0] = seq
    if code_column:
        cells[roles.index("code")] = code
    return cells


# --- placing a table's ambiguous rows by its own identities ---------------------------------------
TOTAL_LABELS = {"合计", "小计", "总计"}
# Header labels that are the sum of other known labels: a column block printing both is not additive.
_FISCAL_PARTS = {"一般公共预算财政拨款", "一般公共预算拨款", "一般公共预算", "政府性基金预算财政拨款", "政府性基金预算拨款",
                 "政府性基金预算", "国有资本经营预算财政拨款", "国有资本经营预算拨款", "国有资本经营预算"}
_VEHICLE_PARTS = {"公务用车购置费", "公务用车运行费", "公务用车运行维护费"}
CONTAINS = {"基本支出": {"人员经费", "公用经费"}, "财政拨款": _FISCAL_PARTS, "财政拨款收入": _FISCAL_PARTS,
            "公务用车购置及运维费": _VEHICLE_PARTS, "公务用车购置及运行费": _VEHICLE_PARTS}
MAX_STATES = 20000         # partial sums kept while combining one line's child lines; beyond: give up
MAX_PLACEMENTS = 5000      # order-preserving placements of one row tried; beyond: the row stays unplaced


class _GiveUp(Exception):
    """The search space of a group of linked rows is too large: its rows stay unplaced."""


def _additive(labels: list[str]) -> bool:
    return not any(l in TOTAL_LABELS for l in labels) and not any(
        other in CONTAINS.get(l, ()) for l in labels for other in labels)


def row_identities(header: _Header) -> list[tuple[int, list[int]]]:
    """(total column, part columns) that the header says add up: a 合计/小计/总计 column first under a
    group label heads the group's other columns; a 合计 column first among the top-level amount
    columns heads the others (a group without its own total counts as its columns)."""
    tops, bottoms = header.rows
    amount = [j for j, role in enumerate(header.roles) if role == "amount"]
    items: list[tuple[str, list[int]]] = []          # top-level items: (label, columns)
    for j in amount:
        grouped = tops[j] != bottoms[j]
        if grouped and items and items[-1][0] == tops[j] and tops[items[-1][1][-1]] != bottoms[items[-1][1][-1]]:
            items[-1][1].append(j)
        else:
            items.append((tops[j] if grouped else bottoms[j], [j]))
    identities, item_columns = [], []
    for label, columns in items:
        if len(columns) > 1 or tops[columns[0]] != bottoms[columns[0]]:
            heads = bottoms[columns[0]] in TOTAL_LABELS and _additive([bottoms[j] for j in columns[1:]])
            if heads and len(columns) > 1:
                identities.append((columns[0], columns[1:]))
            item_columns.append([columns[0]] if heads else columns)
        else:
            item_columns.append(columns)
    labels = [label for label, _ in items]
    if len(items) > 1 and len(items[0][1]) == 1 and labels[0] in TOTAL_LABELS and tops[items[0][1][0]] == labels[0] \
            and _additive(labels[1:]):
        identities.append((items[0][1][0], [j for columns in item_columns[1:] for j in columns]))
    return identities


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None


def _half_unit(text: str) -> Decimal:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Decimal(5) / Decimal(10) ** (decimals + 1)


def _satisfies(placed: dict[int, str], identities, zero: set[int], floor: dict[int, Decimal] | None = None) -> bool:
    """Whether figures placed in columns satisfy the row identities within rounding (a blank cell is
    zero), leave the columns known to be zero (`_known_zero_columns`) at zero and reach the line's
    known lower bounds (`floor`, rounding already taken off: `_fund_expenditure_floors`)."""
    if any(_decimal(placed[j]) != 0 for j in zero if j in placed):
        return False
    if any((_decimal(placed[j]) + _half_unit(placed[j]) if j in placed else Decimal(0)) < minimum
           for j, minimum in (floor or {}).items()):
        return False
    return all(abs(_decimal(placed.get(t, "0")) - sum((_decimal(placed.get(p, "0")) for p in parts), Decimal(0)))
               <= sum((_half_unit(placed[j]) for j in [t, *parts] if j in placed), Decimal(0))
               for t, parts in identities)


def _candidates(figures: tuple[str, ...], amount: list[int], identities, zero: set[int] = frozenset(),
                floor: dict[int, Decimal] | None = None) -> list[dict[int, str]]:
    """Order-preserving placements of a row's figures in the amount columns that satisfy the row
    identities, the known zero columns and the line's lower bounds; none when there are too many to try."""
    if comb(len(amount), len(figures)) > MAX_PLACEMENTS:
        return []
    found = []
    for chosen in combinations(amount, len(figures)):
        placed = dict(zip(chosen, figures))
        if _satisfies(placed, identities, zero, floor):
            found.append(placed)
    return found


def _is_total_label(text: str) -> bool:
    key = re.sub(r"\s+", "", text)
    return key in ("合计", "总计") or key.endswith(("合计", "总计")) and len(key) <= 8


def _place_by_identities(body: list[list[str]], header: _Header, zero: set[int] = frozenset(),
                         floors: dict[int, dict[int, Decimal]] | None = None) -> None:
    """Place, in `body` (the table's rows over all its pages), the figures of rows kept unplaced
    whose placement is the only one satisfying the table's identities, leaving the columns known
    to be zero (`zero`) at zero and reaching the lower bounds of row k's columns (`floors[k]`) (see the
    module docstring). A table without codes (the “三公” table) has only its row identities."""
    roles = header.roles
    amount = [j for j, role in enumerate(roles) if role == "amount"]
    if roles.count("name") != 1:
        return
    code_at, name_at = (roles.index("code") if "code" in roles else None), roles.index("name")
    identities = row_identities(header)
    # Each row's possible placements: one for a row placed by the reading, None for a row we cannot use.
    domains: list[list[dict[int, str]] | None] = []
    ambiguous = set()
    for k, cells in enumerate(body):
        unplaced = next((c for c in cells if isinstance(c, UnplacedCell)), None)
        if unplaced is not None:
            options = (_candidates(unplaced.figures, amount, identities, zero, (floors or {}).get(k))
                       if not unplaced.labels else [])
            domains.append(options or None)
            ambiguous.add(k)
        elif all(not cells[j] or _decimal(cells[j]) is not None for j in amount):
            domains.append([{j: cells[j] for j in amount if cells[j]}])
        else:
            domains.append(None)
    # Parent lines: the nearest line above with the parent code (else below); the 合计 line heads the 类 lines.
    codes = [cells[code_at] if code_at is not None and re.fullmatch(r"\d{3}|\d{5}|\d{7}", cells[code_at]) else ""
             for cells in body]
    children: dict[int, list[int]] = {}
    totals = [k for k, cells in enumerate(body) if not codes[k] and _is_total_label(cells[name_at])]
    top_codes = [code for code in codes if len(code) == 3]
    for k, code in enumerate(codes):
        # the 合计 line heads the 类 lines of a table printing each 类 once (not one block per basis)
        if len(code) == 3 and len(totals) == 1 and len(top_codes) == len(set(top_codes)):
            children.setdefault(totals[0], []).append(k)
        elif len(code) > 3:
            parents = [p for p, c in enumerate(codes) if c == code[:-2]]
            above = [p for p in parents if p < k]
            if parents:
                children.setdefault(above[-1] if above else parents[0], []).append(k)
    # A parent whose line or any child line cannot be used links nothing.
    children = {p: kids for p, kids in children.items()
                if domains[p] is not None and all(domains[c] is not None for c in kids)}
    child_of = {c: p for p, kids in children.items() for c in kids}

    def vector(placed: dict[int, str]) -> tuple[Decimal, ...]:
        return tuple(_decimal(placed[j]) if j in placed else Decimal(0) for j in amount)

    half = max((_half_unit(f) for cells in body for c in cells if isinstance(c, UnplacedCell) for f in c.figures),
               default=Decimal("0.005"))
    solved: dict[int, list[tuple[int, tuple]]] = {}    # line -> per option: (count up to 2, unique child choice)

    def solve(p: int) -> list[tuple[int, tuple]]:
        """For each option of line p: how many placements of its subtree (counted up to 2) satisfy the
        identities, and for exactly one, the option chosen for each child."""
        if p in solved:
            return solved[p]
        kids = children.get(p, [])
        states: dict[tuple, tuple[int, tuple]] = {tuple(Decimal(0) for _ in amount): (1, ())}
        for c in kids:
            below = solve(c)
            merged: dict[tuple, tuple[int, tuple]] = {}
            for total, (count, choice) in states.items():
                for option, (n, _) in enumerate(below):
                    if not n:
                        continue
                    key = tuple(a + b for a, b in zip(total, vector(domains[c][option])))
                    before = merged.get(key)
                    merged[key] = (min(2, count * n + (before[0] if before else 0)), before[1] if before else choice + (option,))
            states = merged
            if len(states) > MAX_STATES:
                raise _GiveUp
        tolerance = half * (len(kids) + 1)
        result = []
        for option in domains[p]:
            if not kids:
                result.append((1, ()))
                continue
            target = vector(option)
            matches = [(n, choice) for key, (n, choice) in states.items()
                       if all(abs(a - b) <= tolerance for a, b in zip(key, target))]
            result.append((min(2, sum(n for n, _ in matches)), matches[0][1] if len(matches) == 1 else ()))
        solved[p] = result
        return result

    def place(p: int, option: int) -> None:
        if p in ambiguous:
            placed = domains[p][option]
            for j in amount:
                body[p][j] = IdentityPlacedCell(placed.get(j, ""))
        for c, chosen in zip(children.get(p, []), solved[p][option][1]):
            place(c, chosen)

    for k in ambiguous:
        if domains[k] is not None and len(domains[k]) == 1:
            place_row = domains[k][0]                 # its own row identities leave one placement
            for j in amount:
                body[k][j] = IdentityPlacedCell(place_row.get(j, ""))
    for root in range(len(body)):
        if domains[root] is None or root in child_of or root not in children:
            continue                                  # a line linked to nothing is placed (or not) above
        try:
            counts = solve(root)
        except _GiveUp:
            continue
        if sum(n for n, _ in counts) == 1:            # exactly one placement of the whole group
            place(root, next(option for option, (n, _) in enumerate(counts) if n))


# --- two-sided tables (收支总表, 财政拨款收支总表): the side of a row printing one label -------------
# A row printing one label (the other side's list has ended) fits either side. Its side is certain
# when exactly one side is possible in every joint placement of the table's rows that keeps
#   * each side's enumeration consecutive: a label "十一、…" follows "十、…" on its side (a label without
#     a numeral, 本年收入合计 / 上年结转结余 …, starts the numbering again; 其中：/（一） sub-items leave it);
#   * each side's 本年…合计 line equal, column by column, to the sum of that side's numbered items above
#     it (checked only while every label above it on that side is numbered, and no sub-item prints a figure);
#   * a figure on the side of a label printed on the same row, the row identities (合计 = Σ funds) and
#     the columns known to be zero (`_known_zero_columns`).
_NUMERAL = re.compile(r"^([一二三四五六七八九十]+)、")
_SUB_ITEM = re.compile(r"^([（(][一二三四五六七八九十\d]+[)）]|其中[:：]|\d+[.．、])")
_SIDE_TOTAL = re.compile(r"^(本年)?(收入|支出)合计$|^本年合计$")
_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 as a number; None for anything else."""
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    ten = _DIGITS.get(tens) if tens else 1
    unit = _DIGITS.get(units) if units else 0
    return None if ten is None or unit is None or "十" in units else ten * 10 + unit


def _side_step(state, label: str, values: tuple[Decimal, ...], half: Decimal):
    """One side's state — (last numeral, (sums of its numbered items per column, their count) or None
    when not known, total line seen) — after a row printing `label` (or nothing) and `values` on that
    side; None when the row cannot be there."""
    numeral, sums, closed = state
    key = re.sub(r"\s+", "", label)
    if not key:
        return state
    if _SIDE_TOTAL.match(key) and not closed:
        if sums is not None:
            totals, items = sums
            if any(abs(a - b) > half * (items + 1) for a, b in zip(totals, values)):
                return None
        return (0, None, True)
    match = _NUMERAL.match(key)
    number = _chinese_number(match.group(1)) if match else None
    if number is not None:
        if number != numeral + 1:
            return None
        if not closed and sums is not None:
            totals, items = sums
            sums = (tuple(a + b for a, b in zip(totals, values)), items + 1)
        return (number, sums, closed)
    if _SUB_ITEM.match(key):
        # a part of the item above: not numbered; with a figure, the numbered items may not add up alone
        return state if not any(values) else (numeral, None, closed)
    return (0, None, closed)  # another line: the numbering starts again, the side's sum is no longer known


def _place_two_sided(body: list[list[str]], header: _Header, zero: set[int]) -> None:
    """Place, in `body`, the labels and figures of the rows of a two-sided table whose side and columns
    are the same in every joint placement satisfying the constraints above (cells 'identity')."""
    roles, tops = header.roles, header.rows[0]
    columns = [[j for j in range(len(roles)) if tops[j] == side] for side in SIDES]
    names = [[j for j in side if roles[j] == "name"] for side in columns]
    amounts = [[j for j in side if roles[j] == "amount"] for side in columns]
    if any(len(n) != 1 for n in names) or not all(amounts):
        return
    amount = [j for j, role in enumerate(roles) if role == "amount"]
    identities = row_identities(header)
    ambiguous = {k for k, cells in enumerate(body) if any(isinstance(c, UnplacedCell) for c in cells)}
    if not ambiguous:
        return
    options: list[list[list[str]]] = []
    for k, cells in enumerate(body):
        if k not in ambiguous:
            options.append([cells])
            continue
        unplaced = next(c for c in cells if isinstance(c, UnplacedCell))
        fits = _fits(list(unplaced.pieces), roles, MAX_PLACEMENTS)
        if fits is None:
            return
        options.append([f for f in fits
                        if all(f[n[0]] or not any(f[j] for j in a) for n, a in zip(names, amounts))
                        and _satisfies({j: f[j] for j in amount if f[j]}, identities, zero)])
    half = max((_half_unit(f) for cells in body for c in cells if isinstance(c, UnplacedCell) for f in c.figures),
               default=Decimal("0.005"))

    def side_values(cells: list[str], side: int) -> tuple[Decimal, ...]:
        return tuple(_decimal(cells[j]) if cells[j] and _decimal(cells[j]) is not None else Decimal(0)
                     for j in amounts[side])

    # Forward: the states reachable before each row; backward: those that lead to a whole placement.
    start = tuple((0, (tuple(Decimal(0) for _ in amounts[s]), 0), False) for s in range(2))
    reachable = [{start}]
    moves: list[list[tuple]] = []         # per row: (state before, option, state after)
    for k in range(len(body)):
        row_moves = []
        for state in reachable[k]:
            for o, cells in enumerate(options[k]):
                after = tuple(_side_step(state[s], cells[names[s][0]], side_values(cells, s), half) for s in range(2))
                if None not in after:
                    row_moves.append((state, o, after))
        moves.append(row_moves)
        reachable.append({after for _, _, after in row_moves})
        if len(reachable[-1]) > MAX_STATES:
            return
    alive = reachable[-1]
    used: list[set[int]] = [set() for _ in body]
    for k in range(len(body) - 1, -1, -1):
        before = set()
        for state, o, after in moves[k]:
            if after in alive:
                used[k].add(o)
                before.add(state)
        alive = before
    for k in ambiguous:
        if len(used[k]) == 1:
            cells = options[k][used[k].pop()]
            for j, role in enumerate(roles):
                if role == "name":
                    body[k][j] = cells[j]
                elif role == "amount":
                    body[k][j] = IdentityPlacedCell(cells[j])


# --- columns a document's other tables show to be zero ------------------------------------------
# (a) A fund's expenditure table printed empty with a note (注：无政府性基金预算财政拨款预算，空表列示):
#     the fund spends nothing, so its columns in the document's other expenditure tables (财政拨款收支总表
#     支出 side, “三公” table) are zero.
# (b) A 收支总表 income line printing no figure (五、事业收入): the department has no such income, so
#     the 收入总表 column of that source is zero in its 合计 line — and, as every figure that table prints
#     is non-negative (checked), in every line (a sum of non-negative figures is zero only if each is).
_FUNDS = {"government_fund": "政府性?基金", "state_capital": "国有资本经营"}
_FUND_COLUMNS = {fund: {label for label in _FISCAL_PARTS if re.match(pattern, label)} for fund, pattern in _FUNDS.items()}
_FISCAL_SOURCES = {"general_budget", "government_fund", "state_capital"}
_INCOME_LINES = [(sources, re.compile(pattern)) for sources, pattern in [
    ({"general_budget"}, r"一般公共预算(财政)?拨款(收入)?"), ({"government_fund"}, r"政府性基金预算(财政)?拨款(收入)?"),
    ({"state_capital"}, r"国有资本经营预算(财政)?拨款(收入)?"), (_FISCAL_SOURCES, r"财政拨款(收入)?"),
    ({"special_account"}, r"财政专户(管理资金)?收入"), ({"business"}, r"事业收入"), ({"operating"}, r"(事业单位)?经营收入"),
    ({"superior"}, r"上级补助收入"), ({"affiliate"}, r"附属单位上缴收入"), ({"other"}, r"其他收入"),
    ({"carryover"}, r"上年结转(结余)?"),
]]
_INCOME_COLUMNS = {"财政拨款收入": _FISCAL_SOURCES, "财政拨款": _FISCAL_SOURCES,
                   "财政专户收入": {"special_account"}, "财政专户管理资金收入": {"special_account"},
                   "事业收入": {"business"}, "经营收入": {"operating"}, "上级补助收入": {"superior"},
                   "附属单位上缴收入": {"affiliate"}, "其他收入": {"other"}, "上年结转": {"carryover"},
                   "上年结转结余": {"carryover"}} | {
    label: {fund} for fund, labels in _FUND_COLUMNS.items() for label in labels} | {
    label: {"general_budget"} for label in ("一般公共预算财政拨款", "一般公共预算拨款", "一般公共预算")}


@dataclass
class _ReadTable:
    title: str                     # printed title, spaces removed ("" when none)
    unit: str                      # 万元, 元 …
    header: _Header
    body: list[list[str]]          # the table's rows over all its pages (the cell lists of its Tables)
    below: list[str]               # a note printed under it


def _two_sided(table: _ReadTable) -> bool:
    return table.header.rows[0].count(SIDES[0]) > 0 and table.header.rows[0].count(SIDES[1]) > 0


def _note_only_funds(tables: list[_ReadTable]) -> set[str]:
    """(a): the funds whose expenditure table is printed with no rows and a note saying it has none."""
    funds = set()
    for table in tables:
        note = "".join(table.below)
        if table.body or not ("空表" in note or "无" in note and "预算" in note) or "支出" not in table.title:
            continue
        named = [fund for fund, pattern in _FUNDS.items() if re.search(pattern, table.title)]
        if len(named) == 1:
            funds.add(named[0])
    return funds


def _income_sources_without_figures(tables: list[_ReadTable]) -> set[str]:
    """(b): the income sources whose line in a two-sided table's 收入 side is certain and prints no
    figure: the numbered items above 本年收入合计, and the 上年结转 line."""
    sources = set()
    for table in tables:
        if not _two_sided(table):
            continue
        roles, tops = table.header.roles, table.header.rows[0]
        name = next((j for j, role in enumerate(roles) if role == "name" and tops[j] == SIDES[0]), None)
        amounts = [j for j, role in enumerate(roles) if role == "amount" and tops[j] == SIDES[0]]
        if name is None or not amounts:
            continue
        items_end = False
        for cells in table.body:
            if any(isinstance(c, UnplacedCell) for c in cells):
                continue
            label = re.sub(r"\s+", "", cells[name])
            items_end = items_end or bool(_SIDE_TOTAL.match(label))
            item = _NUMERAL.sub("", label)
            named = next((s for s, pattern in _INCOME_LINES if pattern.fullmatch(item)), None)
            if named and not any(cells[j] for j in amounts) and (named == {"carryover"} or not items_end
                                                                  and _NUMERAL.match(label)):
                sources |= named
    return sources


def _known_zero_columns(table: _ReadTable, funds: set[str], sources: set[str]) -> set[int]:
    """The amount columns of `table` that the document's other tables show to be zero ((a), (b))."""
    roles, (tops, bottoms) = table.header.roles, table.header.rows
    amount = [j for j, role in enumerate(roles) if role == "amount"]
    zero = set()
    expenditure_only = "支出" in table.title and not re.search("收入|收支", table.title)
    for j in amount:
        if expenditure_only or _two_sided(table) and tops[j] == SIDES[1]:
            if any(bottoms[j] in _FUND_COLUMNS[fund] for fund in funds):
                zero.add(j)
    income_only = "收入" in table.title and not re.search("支出|收支", table.title)
    if income_only and all(f is not None and f >= 0 for f in _figures(table)):
        zero |= {j for j in amount if bottoms[j] in _INCOME_COLUMNS and _INCOME_COLUMNS[bottoms[j]] <= sources}
    return zero


# (c) A fund's own expenditure table (一般公共预算财政拨款支出表 …) prints the part of each 支出总表 line's
#     基本支出 / 项目支出 that this fund pays; the other funds' parts are not negative (every figure both
#     tables print is non-negative, and a 预算 spends no negative amount), so the 支出总表 line's column is
#     at least the sum of the funds' tables' figures for the same code (the 合计 line for the 合计 line).
_FUND_NAMES = re.compile(r"一般公共预算|政府性?基金|国有资本经营")
_PART_COLUMNS = ("基本支出", "项目支出")


def _is_expenditure_summary(title: str) -> bool:
    return bool(re.search(r"支出(预算)?(总表|总体情况表)$", title)) and not re.search(r"收|财政拨款|三公|决算", title) \
        and not _FUND_NAMES.search(title)


def _is_fund_expenditure_table(title: str) -> bool:
    return "支出" in title and len(set(_FUND_NAMES.findall(title))) == 1 and not re.search(r"收|基本支出表|项目支出表|决算", title)


def _line_keys(table: _ReadTable) -> list[str | None]:
    """Each row's key across tables: its 科目编码, or 合计 for the total line; None for others."""
    roles = table.header.roles
    code_at, name_at = roles.index("code"), roles.index("name")
    return [cells[code_at] if re.fullmatch(r"\d{3,7}", cells[code_at] or "") else
            "合计" if _is_total_label(cells[name_at]) else None for cells in table.body]


def _figures(table: _ReadTable) -> list[Decimal | None]:
    return [_decimal(f) for cells in table.body for c in cells
            for f in (c.figures if isinstance(c, UnplacedCell) else [c] if _FIGURE.match(c) else [])]


def _fund_expenditure_floors(table: _ReadTable, tables: list[_ReadTable]) -> dict[int, dict[int, Decimal]]:
    """(c): per row of the 支出总表 `table`, the lower bounds of its 基本支出 / 项目支出 columns."""
    def usable(t: _ReadTable) -> bool:
        return t.header.roles.count("name") == 1 and "code" in t.header.roles and all(
            f is not None and f >= 0 for f in _figures(t))

    if not _is_expenditure_summary(table.title) or not usable(table):
        return {}
    bounds: dict[tuple[str, str], Decimal] = {}          # (key, column label) -> Σ of the funds' figures − rounding
    for source in tables:
        if source is table or source.unit != table.unit or not _is_fund_expenditure_table(source.title) \
                or not usable(source):
            continue
        keys = _line_keys(source)
        bottoms = source.header.rows[1]
        for key, cells in zip(keys, source.body):
            if key is None or keys.count(key) > 1 or any(isinstance(c, UnplacedCell) for c in cells):
                continue
            for j, label in enumerate(bottoms):
                if source.header.roles[j] == "amount" and label in _PART_COLUMNS and cells[j]:
                    bounds[key, label] = bounds.get((key, label), Decimal(0)) + _decimal(cells[j]) - _half_unit(cells[j])
    keys = _line_keys(table)
    bottoms = table.header.rows[1]
    floors = {}
    for k, key in enumerate(keys):
        if key is not None and keys.count(key) == 1:
            floor = {j: bounds[key, label] for j, label in enumerate(bottoms)
                     if table.header.roles[j] == "amount" and (key, label) in bounds and bounds[key, label] > 0}
            if floor:
                floors[k] = floor
    return floors


def place_raw_tables(tables: list[_ReadTable]) -> None:
    """Place the rows kept unplaced in a document's tables: two-sided tables first (their 收入 lines
    then say which income sources are zero), then the others by their own identities, the 支出总表
    last (the funds' tables then bound its lines)."""
    funds = _note_only_funds(tables)
    for table in tables:
        if _two_sided(table):
            _place_two_sided(table.body, table.header, _known_zero_columns(table, funds, set()))
    sources = _income_sources_without_figures(tables)
    one_sided = [t for t in tables if not _two_sided(t)]
    for table in sorted(one_sided, key=lambda t: _is_expenditure_summary(t.title)):
        _place_by_identities(table.body, table.header, _known_zero_columns(table, funds, sources),
                             _fund_expenditure_floors(table, tables))


def _next_page_header(lines: list[str], i: int, page_header: str) -> int | None:
    """If the page header (metadata lines, column headers, 栏次 row) is printed again from line i,
    the index after it."""
    key = ""
    for j in range(i, min(len(lines), i + 60)):
        text = lines[j].strip()
        if _COLUMN_NUMBERS.match(text):
            return j + 1 if key == page_header else None
        key += re.sub(r"\s+", "", text)
        if not page_header.startswith(key):
            return None
    return None


def read_raw_tables(lines: list[str], document: list[_ReadTable] | None = None,
                    first_page: int | None = None) -> list[tuple[int, int, list[Table]]]:
    """(first line, end line, tables) for every table rebuilt from raw text, in order. `tables`
    holds one Table per printed page of the table (header and 栏次 row repeated, as printed),
    so the forms follow it over pages as they do for PDFs. Its rows are placed with the other tables
    of `lines`; with `document` given, they are added to it instead, for the caller to place with the
    tables of the document's other pages (`place_raw_tables`) — their cell lists are the Tables' rows.
    Pages: every page header (unit line) printed starts a new page; `first_page` is the page of the
    first one (a text split into pages by form feeds knows it), else the text's pages are counted from 2
    (what comes before the first header — a title page, contents — is taken as page 1)."""
    regions = []
    read: list[_ReadTable] = []
    page = 1 if first_page is None else first_page - 1
    i = 0
    while i < len(lines):
        numbers = _COLUMN_NUMBERS.match(lines[i].strip())
        if not numbers:
            if _UNIT.search(lines[i]):
                page += 1
            i += 1
            continue
        width = len(numbers.group(1).split()) + 1
        unit_line = next((k for k in range(i - 1, max(i - 40, -1), -1) if _UNIT.search(lines[k])), None)
        if unit_line is None:
            i += 1
            continue
        header_lines = [l for l in lines[unit_line + 1:i] if l.strip()]
        header = _header(header_lines, width)
        if header is None:
            i += 1
            continue
        floor = regions[-1][1] if regions else 0
        title_line = next((k for k in range(unit_line, max(unit_line - 8, floor - 1), -1)
                           if re.sub(r"\s+", "", lines[k]).endswith("表")), None)
        meta_start = unit_line if title_line is None else title_line + 1
        title_start = max(floor, meta_start - 1 if title_line is None else title_line)
        above = [l.strip() for l in lines[title_start:unit_line + 1] if l.strip()]
        header_key = re.sub(r"\s+", "", "".join(lines[meta_start:i]))
        start_row = [lines[i].strip().split()[0]] + lines[i].strip().split()[1:]
        tables: list[Table] = []
        pages_rows: list[tuple[int, list[str], list[list[str]]]] = []   # (page, lines above, rows)
        pages_rows.append((page, above, []))
        row_lines: list[list[str]] = []
        expected = 1
        j = i + 1
        end = j
        while j < len(lines):
            text = lines[j].strip()
            if not text:
                j += 1
                continue
            after = _next_page_header(lines, j + 1, header_key) if re.fullmatch(r"\d{1,4}", text) else None
            if after is not None and text != str(expected):
                # a page number, then the header again: the table goes on on the next page
                page += 1
                pages_rows.append((page, [], []))
                j = end = after
                continue
            after = _next_page_header(lines, j, header_key)
            if after is not None:
                page += 1
                pages_rows.append((page, [], []))
                j = end = after
                continue
            first = text.split()[0]
            if first == str(expected):
                row_lines.append([text])
                pages_rows[-1][2].append(row_lines[-1])
                expected += 1
                j = end = j + 1
                continue
            if re.fullmatch(r"\d{1,4}", text):
                j += 1         # a page number at the foot of a page (labels do not wrap to a bare number)
                continue
            if (not row_lines or text.startswith(("注", "备注", "说明")) or text.endswith(("表", "说明"))
                    or len(re.sub(r"\s", "", text)) > 30 or "。" in text or _UNIT.search(text)
                    or _COLUMN_NUMBERS.match(text)):
                break
            row_lines[-1].append(text)
            j = end = j + 1
        if row_lines and row_lines[-1] == [str(expected - 1)] and len(pages_rows[-1][2]) > 0:
            # a bare number after the last row, before the next title: the page number, not a row
            pages_rows[-1][2].pop()
            row_lines.pop()
        below = []
        if j < len(lines) and lines[j].strip().startswith(("注", "备注")):
            below = [lines[j].strip()]
            end = j + 1
        bodies = [[_row_cells(r, header) for r in rows] for _, _, rows in pages_rows]
        title = re.sub(r"\s+", "", lines[title_line]) if title_line is not None else ""
        read.append(_ReadTable(title, _UNIT.search(lines[unit_line]).group(1), header,
                               [cells for body in bodies for cells in body], below))
        for number, ((on_page, lines_above, rows), body) in enumerate(zip(pages_rows, bodies)):
            if not rows and number:
                continue
            tables.append(Table(page=on_page, index=0, rows=[list(r) for r in header.rows] + [start_row] + body,
                                lines_above=lines_above, strategy="raw_text"))
        if below:
            tables[-1].lines_below = below
        regions.append((title_start, end, tables))
        i = end
    if document is None:
        place_raw_tables(read)    # places cells of the rows in `tables` (the same lists)
    else:
        document.extend(read)
    return regions
