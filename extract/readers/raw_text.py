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
  table has amount columns fits in several: its figures are kept, unplaced (`UnplacedCell`), and
  the form reports its identities as not checkable — a figure's column is never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

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

    def __new__(cls, figures: tuple[str, ...], labels: str = ""):
        cell = super().__new__(cls, "")
        cell.figures, cell.labels = figures, labels
        return cell


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


def _place(pieces: list[tuple[str, str]], roles: list[str]) -> list[str] | None:
    """The cells of the non-seq, non-code columns, if the pieces fit them in exactly one order."""
    slots = [j for j, role in enumerate(roles) if role in ("name", "amount")]
    kinds = ["T" if roles[j] == "name" else "F" for j in slots]
    fits = []
    for chosen in combinations(range(len(slots)), len(pieces)):
        if all(kinds[c] == kind for c, (kind, _) in zip(chosen, pieces)):
            fits.append(chosen)
            if len(fits) > 1:
                return None
    if len(fits) != 1:
        return None
    cells = [""] * len(roles)
    for c, (_, text) in zip(fits[0], pieces):
        cells[slots[c]] = text
    return cells


def _row_cells(lines: list[str], header: _Header) -> list[str]:
    roles = header.roles
    code_column = "code" in roles
    seq, code, pieces = _pieces(lines, code_column)
    figures = tuple(text for kind, text in pieces if kind == "F")
    labels = [text for kind, text in pieces if kind == "T"]
    cells = _place(pieces, roles)
    if cells is None and roles.count("name") == 1:
        # One label column: the label is certain whatever the figures; they stay unplaced.
        cells = [UnplacedCell(figures) if role == "amount" else "" for role in roles]
        cells[roles.index("name")] = "".join(labels)
    elif cells is None:
        # Several label columns (收支总表): neither the labels' nor the figures' columns are certain;
        # the labels travel with the figures, in no column.
        cells = [UnplacedCell(figures, " ".join(labels)) if role == "amount" else "" for role in roles]
    cells[0] = seq
    if code_column:
        cells[roles.index("code")] = code
    return cells


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


def read_raw_tables(lines: list[str]) -> list[tuple[int, int, list[Table]]]:
    """(first line, end line, tables) for every table rebuilt from raw text, in order. `tables`
    holds one Table per printed page of the table (header and 栏次 row repeated, as printed),
    so the forms follow it over pages as they do for PDFs."""
    regions = []
    page = 1
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
        for number, (on_page, lines_above, rows) in enumerate(pages_rows):
            if not rows and number:
                continue
            body = [_row_cells(r, header) for r in rows]
            tables.append(Table(page=on_page, index=0, rows=[list(r) for r in header.rows] + [start_row] + body,
                                lines_above=lines_above, strategy="raw_text"))
        if below:
            tables[-1].lines_below = below
        regions.append((title_start, end, tables))
        i = end
    return regions
