"""What every form shares: finding titles, splitting header from body, joining pages.

A form module only says which titles it owns and how to read one assembled table's rows; the
work of following a table over page breaks (dropping repeated headers, never dropping or
duplicating a body row) happens here, once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import pyarrow as pa

from extract.model import Document, Table, is_amount

# Raw column types, for each form's RAW_TABLES declaration: text as printed, ints for provenance.
RawColumns = list[tuple[str, pa.DataType]]
S, I, B = pa.string(), pa.int64(), pa.bool_()

_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACES.sub("", text or "")


@dataclass
class BodyRow:
    cells: list[str]
    page: int
    table_index: int
    page_row: int                  # row index within the page's table, for provenance
    # where each cell is printed, when the row's cells come from several printed rows (a table printed in
    # two halves on consecutive pages): (page, table_index, page_row) per cell; None: all at the row's own
    cell_sources: list[tuple[int, int, int]] | None = None

    def source(self, j: int) -> tuple[int, int, int]:
        """(page, table_index, page_row) of cell j."""
        if self.cell_sources is not None and j < len(self.cell_sources):
            return self.cell_sources[j]
        return self.page, self.table_index, self.page_row


@dataclass
class AssembledTable:
    kind: str
    title: str
    pages: list[int]
    header: list[list[str]]        # header rows of the first page
    column_numbers: list[str] | None
    body: list[BodyRow]
    text_around: list[str] = field(default_factory=list)   # lines above and below, all pages
    strategy: str = ""
    first_index: int = 0           # the reader's table index of the first page's table
    first_row: int = 0             # the reader's row of header[0] on the first page
    # a half of a table printed across two pages whose other half could not be matched row for row: no line
    # prints all its figures here, so no identity of its lines can be checked
    other_half_unmatched: bool = False

    @property
    def n_cols(self) -> int:
        return max([len(r) for r in self.header] + [len(r.cells) for r in self.body] + [0])


UNIT = re.compile(r"(?:金额)?单位[:：]?\s*(亿元|万元|千元|元)")
YEAR = re.compile(r"(?:预算年度|年度)[:：]?\s*(20\d{2})|(20\d{2})\s*年")
DEPARTMENT = re.compile(r"(?:编制单位|编报单位|单位名称|部门名称|预算单位|部门)[:：]\s*([^\s:：]+)")
CODE_AND_NAME = re.compile(r"^(\d{3,9})\s+([\u4e00-\u9fff（）()、]{2,40})")


def header_paths(table: AssembledTable) -> list[list[str]]:
    """The printed header labels over each column, top to bottom, repeats (merged cells) once."""
    paths = []
    for j in range(table.n_cols):
        path: list[str] = []
        for row in table.header:
            text = squash(row[j]) if j < len(row) else ""
            if text and (not path or path[-1] != text):
                path.append(text)
        paths.append(path)
    return paths


def title_candidates(table: Table) -> list[str]:
    """Text that can hold a table's title: the last lines above it, or a first row that is one merged cell."""
    candidates = [line for line in table.lines_above[-6:]]
    if table.rows and len({c for c in table.rows[0] if c}) == 1:
        candidates.append(next(c for c in table.rows[0] if c))
    elif table.rows and (title := split_title(table.rows[0])):
        candidates.append(title)
    return [c for c in candidates if c and len(squash(c)) <= 70 and "。" not in c and not _prose_line(c)]


def _prose_line(text: str) -> bool:
    """A line of a sentence, not a title: it ends on a clause mark, or quotes a table's name and goes on
    (江苏's 情况说明: "…款支出安排数与《财政拨款收支预算总表》的财政拨款数一致，" above a chart). A title quoting a
    project (《…专项》项目支出绩效自评表) is a title."""
    text = squash(text)
    return bool(re.search(r"[，,；;、]$", text) or re.search(r"《[^》]*表》.", text))


def split_title(cells: list[str]) -> str | None:
    """A title printed over two or three cells of a table's first row ("预算01表 | 收支总表")."""
    texts = list(dict.fromkeys(c for c in cells if c))
    if 2 <= len(texts) <= 3 and not any(is_amount(t) for t in texts) and squash(texts[-1]).endswith("表") \
            and len(squash("".join(texts))) <= 40:
        return " ".join(texts)
    return None


def is_column_number_row(cells: list[str]) -> bool:
    """The 栏次 row (1 2 3 …) printed under a header."""
    texts = [squash(c) for c in cells if squash(c)]
    if not texts:
        return False
    if texts[0] in ("栏次", "栏号") or (texts[0] in ("序号",) and len(texts) > 2 and all(t.isdigit() for t in texts[1:])):
        return True
    digits = [t for t in texts if t.isdigit()]
    return len(texts) >= 3 and len(digits) == len(texts) and [int(t) for t in digits] == list(range(int(digits[0]), int(digits[0]) + len(digits)))


def is_body_row(cells: list[str]) -> bool:
    if is_column_number_row(cells):
        return False
    texts = [squash(c) for c in cells]
    if any(is_amount(t) and not t.isdigit() for t in texts):
        return True
    if any(re.fullmatch(r"\d{3,9}", t) for t in texts[:3]):
        return True
    labels = [(i, t) for i, t in enumerate(texts) if t and not t.isdigit()]
    if not labels or labels[0][0] > 2:
        return False
    # A leading 合计 / 一、… label makes a body row only when nothing else on the row is header text.
    others = [t for i, t in labels[1:] if not is_amount(t)]
    return not others and bool(re.match(r"^(合计|总计|[一二三四五六七八九十]+、|\d+[、.．])", labels[0][1]))


def split_header(rows: list[list[str]]) -> tuple[list[list[str]], list[str] | None, list[list[str]], int]:
    """(header rows, 栏次 row or None, body rows, index of the first body row)."""
    column_numbers = None
    for i, cells in enumerate(rows):
        if is_column_number_row(cells):
            column_numbers = cells
            return [r for r in rows[:i]], column_numbers, rows[i + 1:], i + 1
        if is_body_row(cells):
            return rows[:i], None, rows[i:], i
    return rows, None, [], len(rows)


def same_header(a: list[list[str]], b: list[list[str]]) -> bool:
    return [squash("".join(r)) for r in a] == [squash("".join(r)) for r in b]


def assemble(document: Document, classify: Callable[[str], str | None]) -> list[AssembledTable]:
    """Group the document's page tables into logical tables, following continuations over pages.

    A table whose title (above it, or in its first row) classifies starts a new logical table.
    A table without a title continues the open one when its width matches; its repeated
    header (and 栏次 row) is dropped. Any other title, or a page of text, closes the open table.
    """
    result: list[AssembledTable] = []
    current: AssembledTable | None = None
    joined_right: set[int] = set()   # right halves already joined to the table on the page before
    unmatched: set[int] = set()      # halves of one table whose rows could not be matched
    for position, table in enumerate(document.tables):
        if current is not None and position - 1 in unmatched:
            current.other_half_unmatched = True   # the table the previous (unmatched) half went into
        if position in joined_right:
            continue
        joined = None
        if document.format == "pdf" and position + 1 < len(document.tables):
            joined = _joined_halves(table, document.tables[position + 1], classify, current)
        if joined is UNMATCHED_HALVES:
            unmatched |= {position, position + 1}
        elif joined is not None:
            current = joined
            result.append(current)
            joined_right.add(position + 1)
            continue
        if not table.rows and sum(bool(classify(squash(l))) for l in table.lines_above) >= 3:
            continue  # a table of contents lists titles; it is not the tables
        caption_count, captions = _caption_rows(table.rows)
        if caption_count:
            # Title, 表号 and metadata printed inside the frame as full-width merged rows (苏州 02表).
            table = table.without_leading_rows(caption_count, lines_above=table.lines_above + captions)
        kind, title = None, ""
        for candidate in title_candidates(table):
            found = classify(squash(candidate))
            if found:
                kind, title = found, candidate.strip()
        other_title = any(re.search(r"表\s*$", squash(c)) and len(squash(c)) > 4 for c in title_candidates(table))
        rows = table.rows
        dropped = 0
        if rows and title and len({c for c in rows[0] if c}) == 1 and squash(rows[0][0]) == squash(title):
            rows, dropped = rows[1:], 1
        meta = []
        while rows and _is_meta_row(rows[0]):
            meta.append(" ".join(dict.fromkeys(c for c in rows[0] if c)))
            rows, dropped = rows[1:], dropped + 1
        table = table.without_leading_rows(dropped, lines_above=table.lines_above + meta)
        first = table.first_row   # page_row: the reader's row on the page (captions and title rows counted)
        if kind and current is not None and _title_repeated_on_next_page(current, kind, title, table):
            # Some producers print the title and header again on every page (烟台, 佛山): the same
            # title on the next page, with the same header and metadata, continues the table
            # unless its body opens with a new total line (then it is the next unit's table).
            header, numbers, body, start = split_header(rows)
            # 佛山 repeats 合计 on every page. Only a total line is a repetition: a body row that happens
            # to print the same code, name and figures as an earlier one (two units' 30109 职业年金缴费
            # 44.00 in a table of one block per 预算单位, 深圳) is the next page's first line.
            seen = {squash("".join(r.cells)) for r in current.body}
            repeated_total = (bool(body) and squash("".join(body[0])) in seen
                              and bool(TOTAL_LABEL.match(squash("".join(body[0][:3])))))
            if repeated_total:
                body, start = body[1:], start + 1
            if same_header(header, current.header) and body and (
                    repeated_total or not TOTAL_LABEL.match(squash(" ".join(body[0][:3])))):
                current.pages.append(table.page)
                current.text_around += list(table.lines_above) + list(table.lines_below)
                current.body += [BodyRow(r, table.page, table.index, first + start + k) for k, r in enumerate(body)]
                continue
        if kind:
            header, numbers, body, start = split_header(rows)
            current = AssembledTable(kind=kind, title=title, pages=[table.page], header=header,
                                     column_numbers=numbers, body=[], strategy=table.strategy,
                                     first_index=table.index, first_row=first,
                                     text_around=list(table.lines_above) + list(table.lines_below))
            current.body = [BodyRow(r, table.page, table.index, first + start + k) for k, r in enumerate(body)]
            result.append(current)
        elif current is not None and not other_title and rows and _is_narrow_tail(current, rows):
            # A last fragment whose label cell spans the code and name columns (a lone 合计 row on
            # the next page) comes with fewer columns: keep the label first, align figures right.
            width = current.n_cols
            current.body += [BodyRow([r[0]] + [""] * (width - len(r)) + r[1:], table.page, table.index, first + k)
                             for k, r in enumerate(rows)]
            if table.page not in current.pages:
                current.pages.append(table.page)
        elif current is not None and not other_title and rows and (aligned := _aligned(current, rows)) is not None:
            rows = aligned
            start = _repeated_header_rows(current, rows)
            if start:
                # The first page's header printed again: everything after it is body, even a first
                # row without figures (a functional class whose amount is blank).
                body = rows[start:]
            else:
                header, numbers, body, start = split_header(rows)
                if header and not same_header(header, current.header) and not body:
                    current = None
                    continue
            if table.page not in current.pages:
                current.pages.append(table.page)
            current.text_around += list(table.lines_above) + list(table.lines_below)
            current.body += [BodyRow(r, table.page, table.index, first + start + k) for k, r in enumerate(body)]
        else:
            if current is not None and not rows:
                # A page of text right after a table closes it; a note on it (空表列示) stays with it.
                current.text_around += [l for l in table.lines_above if l.startswith(("注", "备注", "说明"))]
            current = None
    if current is not None and len(document.tables) - 1 in unmatched:
        current.other_half_unmatched = True
    return result


TOTAL_LABEL = re.compile(r"^(合\s*计|总\s*计|收入总计|支出总计)")


UNMATCHED_HALVES = "unmatched halves"   # _joined_halves: two halves of one table whose rows cannot be matched


@dataclass
class _Half:
    """One printed half of a table: its title, header rows, 栏次 row and body, columns printing nothing dropped."""
    table: Table
    kind: str | None
    title: str
    header: list[list[str]]
    numbers: list[str] | None
    body: list[list[str]]
    body_rows: list[int]           # each body row's page_row

    @property
    def width(self) -> int:
        return max((len(r) for r in self.header + self.body), default=0)

    def top_label(self, j: int) -> str:
        labels = [squash(r[j]) for r in self.header if j < len(r) and squash(r[j])]
        return labels[0] if labels else ""

    def path(self, j: int) -> list[str]:
        return list(dict.fromkeys(squash(r[j]) for r in self.header if j < len(r) and squash(r[j])))


def _half(table: Table, classify: Callable[[str], str | None]) -> _Half | None:
    caption_count, captions = _caption_rows(table.rows)
    if caption_count:
        table = table.without_leading_rows(caption_count, lines_above=table.lines_above + captions)
    kind, title = None, ""
    for candidate in title_candidates(table):
        found = classify(squash(candidate))
        if found:
            kind, title = found, candidate.strip()
    rows, dropped = table.rows, 0
    if rows and title and len({c for c in rows[0] if c}) == 1 and squash(rows[0][0]) == squash(title):
        rows, dropped = rows[1:], 1
    while rows and _is_meta_row(rows[0]):
        rows, dropped = rows[1:], dropped + 1
    header, numbers, body, start = split_header(rows)
    if not header or not body:
        return None
    # A column with no text of its own is no column of the half: blank throughout (a strip at the page's
    # edge), or a sliver of a merged header cell cut by the page edge, blank below (北京 预算02表's right page).
    width = max((len(r) for r in rows), default=0)

    def cell(r: list[str], j: int) -> str:
        return squash(r[j]) if 0 <= j < len(r) else ""

    own = [j for j in range(width)
           if any(cell(r, j) for r in body) or any(cell(r, j) and cell(r, j) not in (cell(r, j - 1), cell(r, j + 1))
                                                   for r in header)]
    header, body = ([[r[j] if j < len(r) else "" for j in own] for r in part] for part in (header, body))
    numbers = [numbers[j] if j < len(numbers) else "" for j in own] if numbers else numbers
    first = table.first_row + dropped
    return _Half(table, kind, title, header, numbers, body, [first + start + k for k in range(len(body))])


def _joined_halves(left_table: Table, right_table: Table, classify: Callable[[str], str | None],
                   open_table: AssembledTable | None = None) -> AssembledTable | None:
    """A table printed in two halves side by side on consecutive pages (a wide sheet printed across two
    pages, 北京's 预算02表): the left page prints the row labels and the first columns, the next page the
    remaining columns of the same rows. Joined only when that is certain:
    - the right half is the first table of the page right after the left half's, and no other table
      follows the left half on its page; an untitled left half that repeats the open table's header is that
      table's next page, not a half;
    - both print the same number of body rows, and at least one of them a title that classifies (both
      the same one when both do);
    - the headers differ, and the right half's header continues the left's: either it opens with the
      group label over the left's last column (本年收入 … | 本年收入 …, the group cut at the page edge) and
      prints no row labels, or it repeats the left's row-label columns (序号, 科目编码, 科目名称) with the
      same header and, row for row, the same labels (some printed), which are then not repeated.
    Anything else is left as printed: None, or UNMATCHED_HALVES when the headers say the two are halves of
    one table but its rows cannot be matched (then neither half prints all of a line's figures)."""
    if right_table.page != left_table.page + 1 or right_table.index != 0 or not left_table.rows or not right_table.rows:
        return None
    left, right = _half(left_table, classify), _half(right_table, classify)
    if left is None or right is None:
        return None
    if not left.kind and open_table is not None and [squash("".join(r)) for r in left.header] == \
            [squash("".join(r)) for r in open_table.header]:
        return None
    if not (left.kind or right.kind) or (left.kind and right.kind and (left.kind != right.kind
                                                                       or squash(left.title) != squash(right.title))):
        return None
    if same_header(left.header, right.header):
        return None
    repeated = 0   # the right half's leading columns that repeat the left's row labels
    while repeated < min(left.width, right.width) - 1 and left.path(repeated) == right.path(repeated):
        repeated += 1
    if repeated:
        same_rows = len(left.body) == len(right.body) and all(
            squash(a[j] if j < len(a) else "") == squash(b[j] if j < len(b) else "")
            for a, b in zip(left.body, right.body) for j in range(repeated))
        printed = any(squash(r[j]) for r in left.body for j in range(repeated) if j < len(r))
        if not printed:
            return None
        if not same_rows:
            # two tables that merely open with the same label columns are common: only a title printed on both
            # pages makes them halves of one table
            both_titled = bool(left.kind and right.kind)
            return UNMATCHED_HALVES if both_titled else None
    else:
        group = right.top_label(0)
        continued = (group and group == left.top_label(left.width - 1) and len(left.path(left.width - 1)) > 1
                     and len(right.path(0)) > 1)
        if not continued:
            return None
        labels_on_right = any(squash(r[0]) and not is_amount(r[0]) for r in right.body)
        if labels_on_right or len(left.body) != len(right.body):
            return UNMATCHED_HALVES
    depth = max(len(left.header), len(right.header))

    def padded(header: list[list[str]], width: int) -> list[list[str]]:
        rows = [r + [""] * (width - len(r)) for r in header]
        return [list(rows[0]) for _ in range(depth - len(rows))] + rows   # a shallower header's top label reaches up

    header = [a + b[repeated:] for a, b in zip(padded(left.header, left.width), padded(right.header, right.width))]
    numbers = None
    if left.numbers and right.numbers:
        numbers = left.numbers + right.numbers[repeated:] if len(left.numbers) == left.width else None
    body = []
    for k, (a, b) in enumerate(zip(left.body, right.body)):
        a = a + [""] * (left.width - len(a))
        b = (b + [""] * (right.width - len(b)))[repeated:]
        here = (left.table.page, left.table.index, left.body_rows[k])
        there = (right.table.page, right.table.index, right.body_rows[k])
        body.append(BodyRow(a + b, *here, cell_sources=[here] * len(a) + [there] * len(b)))
    titled = left if left.kind else right
    return AssembledTable(kind=titled.kind, title=titled.title, pages=[left.table.page, right.table.page],
                          header=header, column_numbers=numbers, body=body, strategy=left.table.strategy,
                          first_index=left.table.index, first_row=left.table.first_row,
                          text_around=list(left.table.lines_above) + list(right.table.lines_above)
                          + list(left.table.lines_below) + list(right.table.lines_below))


def _title_repeated_on_next_page(current: AssembledTable, kind: str, title: str, table: Table) -> bool:
    meta = [squash(l) for l in table.lines_above if DEPARTMENT.search(squash(l)) or UNIT.search(squash(l))]
    open_meta = {squash(l) for l in current.text_around}
    return (kind == current.kind and squash(title) == squash(current.title) and bool(current.body)
            and table.page == current.pages[-1] + 1 and all(m in open_meta for m in meta))


def _caption_rows(rows: list[list[str]]) -> tuple[int, list[str]]:
    """Leading rows that are one merged cell across (nearly) the whole width: captions, not header.
    Returns how many rows they are and their text lines."""
    count, captions = 0, []
    for row in rows[:4]:
        texts = [c for c in row if c]
        if count == 0 and len(row) >= 3 and (title := split_title(row)):
            count, captions = 1, [title]
            continue
        if not (len(row) >= 3 and len(set(texts)) == 1 and len(texts) >= 0.8 * len(row) and not is_amount(texts[0])):
            break
        count += 1
        # a title and its metadata line in one merged cell: "收支预算总表部门：…办公厅 单位：万元"
        captions += [p for p in re.split(r"(?<=表)(?=(?:部门|单位|编制单位|预算单位)[:：])", texts[0]) if p]
    return (count, captions) if count < len(rows) else (0, [])


def _is_meta_row(cells: list[str]) -> bool:
    text = squash(" ".join(c for c in cells if c))
    return bool(UNIT.search(text) or DEPARTMENT.search(text)) and not any(is_amount(c) for c in cells)


def _repeated_header_rows(current: AssembledTable, rows: list[list[str]]) -> int:
    """How many leading rows repeat the open table's header (and 栏次 row)."""
    known = {squash("".join(r)) for r in current.header}
    if current.column_numbers:
        known.add(squash("".join(current.column_numbers)))
    count = 0
    while count < len(rows) and (squash("".join(rows[count])) in known or is_column_number_row(rows[count])):
        count += 1
    return count if known and count else 0


def _is_narrow_tail(current: AssembledTable, rows: list[list[str]]) -> bool:
    width = max(len(r) for r in rows)
    return (len(rows) <= 2 and 2 <= width < current.n_cols and bool(current.body)
            and all(re.match(r"^(合计|总计)", squash(r[0])) and all(is_amount(c) or not c for c in r[1:]) for r in rows))


def _aligned(current: AssembledTable, rows: list[list[str]]) -> list[list[str]] | None:
    """The rows of a headerless page that continue the open table (None if they do not).

    An empty strip at a page's left edge (北京: under the title's frame, on some pages only) is not
    a column: it is dropped from whichever side has it, so the widths can match."""
    width = max(len(r) for r in rows)
    if width == current.n_cols - 1 and _leading_column_empty(current):
        current.header = [r[1:] for r in current.header]
        current.column_numbers = current.column_numbers[1:] if current.column_numbers else current.column_numbers
        for row in current.body:
            row.cells = row.cells[1:]
    elif width == current.n_cols + 1 and all(not (r[0] if r else "") for r in rows):
        rows, width = [r[1:] for r in rows], width - 1
    return rows if width == current.n_cols or current.n_cols == 0 else None


def _leading_column_empty(current: AssembledTable) -> bool:
    return all(not (r[0] if r else "") for r in current.header + [b.cells for b in current.body])


def find_unit(lines: list[str]) -> str | None:
    for line in lines:
        match = UNIT.search(squash(line))
        if match:
            return match.group(1)
    return None


def find_year(lines: list[str]) -> str | None:
    for line in lines:
        match = YEAR.search(squash(line))
        if match:
            return match.group(1) or match.group(2)
    return None


def find_department(lines: list[str]) -> tuple[str | None, str | None]:
    """(code, name) printed in a table's metadata line, e.g. "306 石家庄市科学技术局" or "编制单位：xx局"."""
    for line in lines:
        match = CODE_AND_NAME.match(line.strip())
        if match and not line.strip().endswith("表"):
            return match.group(1), match.group(2)
        match = DEPARTMENT.search(line)
        if match and "单位：" not in match.group(0)[:3]:
            name = re.split(r"单位[:：]|预算年度|金额单位", match.group(1))[0]
            if name and not re.fullmatch(r"(万?元|千元)", name):
                return None, name
    return None, None
