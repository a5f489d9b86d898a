"""Performance target tables (…绩效目标表) of raw text exports (pdftotext without -layout).

Such text separates cells by single spaces, drops empty cells, wraps a long cell over several lines
(often with blank lines between them) and prints the grid header again after a page break. A target
table is rebuilt into the rows a PDF reader gives (title above; block rows such as 绩效目标 | goal;
the grid header; one row per indicator, 一级 filled as a merged cell), so `forms/performance_targets`
reads it like any other. Only what the text shows with certainty is rebuilt:

* a table starts at its title line (…绩效目标表) and has a one-line grid header whose every word is a
  header label the form knows, 一级指标 and 二级指标 first (一级指标 二级指标 三级指标 绩效指标描述 指标值
  指标值确定依据 …); the lines between them are block fields, each starting with its label (绩效目标 …);
  the grid runs to the next title, a section heading, a note, another block or prose;
* an indicator row starts on a line whose first word is a level term (一级: 产出指标, 效益指标 …; 二级:
  数量指标, 社会效益指标 …); a line holding only a 一级 term heads the rows below it (a merged cell); a
  二级 must belong to the 一级 over it in the standard framework (成本指标 is a 一级 of the newer
  template and a 二级 of 产出 in the older one: both readings are tried);
* a row's words are given to the columns in printed order in every way the text allows
  (`_assignments`): a space between two Chinese characters separates two cells; a space next to a
  digit or a Latin letter, or before a closing sign, may be inside a cell (“≥3000 平方米”); a line break
  may be a wrap inside a cell or a new cell, but a cell wraps only when the next line's first
  character (with the signs that cannot be parted from it) would not have fitted after the line in
  the widest line its column is known to print (learnt from the rows already certain, over every
  table of the document with the same header); the 指标值 must read as a target value (operator,
  number, unit from a closed list; a deadline; a short qualitative word) and is never empty. A row is
  rebuilt only when exactly one reading and assignment fits;
* any other row (none fits, or several; a row continued over a page break) keeps its printed text as
  one `UnsplitText` cell beside its certain level cells: the form flags it (cells_certain false) and
  no rule reads its cells, so nothing is guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extract.model import Table, join_wrapped

# A title of a target table; never a self-evaluation (自评) or a contents line (dots, page numbers).
TITLE = re.compile(r"绩效目标(申报|填报)?表$")
NOT_TITLE = re.compile(r"自评|评价|完成情况|目录|…|\.{3}")
# Where the text after the last row stops being the grid: a section heading or a note.
SECTION = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分|注[:：]|备注[:：]|说明[:：])")
PAGE_NUMBER = re.compile(r"^[-—]?\s*\d{1,4}\s*[-—]?$")

LEVEL1 = re.compile(r"^(?:\d\s*[-－、.])?(产出|效益|满意度|成本)指标$")
LEVEL2 = re.compile(r"^(?:\d{2}\s*[-－、.])?(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度"
                    r"|经济成本|社会成本|生态环境成本)指标$")
# The 一级 a 二级 belongs to in the standard framework (a 二级 成本指标 is the older 产出 one).
LEVEL1_OF = {"数量": "产出", "质量": "产出", "时效": "产出", "成本": "产出", "经济效益": "效益", "社会效益": "效益",
             "生态效益": "效益", "可持续影响": "效益", "服务对象满意度": "满意度", "满意度": "满意度", "经济成本": "成本",
             "社会成本": "成本", "生态环境成本": "成本"}

# Target values (指标值), as a whole cell, spaces removed: a number with its operator and unit, a
# deadline, or a short qualitative word. Any other text is not read as a value.
_OPERATOR = r"(?:[≥≤><=＞＜＝]|不低于|不少于|不高于|不超过|不大于|不小于|大于|小于|至少|最多|最少|达到|超过|低于|高于|约|每[年月季周天日])?"
_NUMBER = r"\d+(?:\.\d+)?"
# Units of measure a target prints after its number (a closed list: a word not listed is not a unit).
_BASE_UNITS = ("元|万元|千元|亿元|个|次|人|家|项|台|套|部|辆|份|册|类|篇|条|户|件|场|期|天|日|年|月|周|小时|分钟|吨|千瓦时|"
               "度|平方米|立方米|米|公里|千米|亩|公顷|株|头|只|所|位|名|批|组|本|张|把|间|座|处|幅|集|课时|学时|门|种|枚|分")
_ONE_UNIT = rf"(?:(?:万|千|百|亿)(?:{_BASE_UNITS})?|{_BASE_UNITS}|百分比|个百分点)次?"
_UNIT = rf"(?:%|‰|{_ONE_UNIT}(?:/{_ONE_UNIT})?)?"
_SUFFIX = r"(?:及以上|及以下|以上|以下|以内|之内|左右)?"
_MONTH = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:份)?(?:底|末|\d{1,2}日)?"
VALUE = re.compile(
    rf"^{_OPERATOR}{_NUMBER}{_UNIT}(?:[-~～至到]{_NUMBER}{_UNIT})?{_SUFFIX}$"
    rf"|^(?:20\d{{2}}年)?(?:{_MONTH}|年底|年末|年内|上半年|下半年)(?:之?前|以前|内)?$|^20\d{{2}}\.\d{{1,2}}$"
    r"|^(?:有效|显著|明显|稳步|持续|逐步|进一步|大幅|有所|不断|逐年)?(?:提升|提高|改善|增强|优化|增长|加强|降低|减少|下降)$"
    r"|^(?:效果|成效)?(?:较为|较|很)?(?:显著|明显)$"
    r"|^(?:较好|良好|好|优|优秀|优良|较高|高|合格|达标|完好|正常)(?:以上)?$"
    r"|^(?:及时|按时|准时|按期)(?:完成|拨付|支付|提供|到位|发放)?$"
    r"|^(?:长期|中期|短期|全年|常年|是|否|无|有)$"
    r"|^(?:及时|有效|准确|规范|完整|安全|稳定|按时)、?(?:及时|有效|准确|规范|完整|安全|稳定)$"
    r"|^(?:符合|达到|满足)(?:要求|标准|条件|预期|规定)$|^达到预期(?:目标|效果)?$|^(?:基本|较为|比较)?满意$")

SPLIT_ROLES = ("level1", "level2")          # cells that must be level terms
VALUE_ROLES = ("target", "period_target")   # cells that must read as target values
MAX_SOLUTIONS = 2
MAX_VALUE_CHARS = 30  # longer than any text VALUE reads
MAX_PIECES = 60     # a row printing more words than this is not solved (kept whole): the search would be long
PROSE_WIDTH = 30    # a line this wide without a space is prose, not a line of a grid cell


CLOSING = "。，、；：？！）》」』】”’,.;:?!)%"    # never starts a cell
OPENING = "（《「『【“‘("                         # never ends one


class UnsplitText(str):
    """The printed text of an indicator row whose cells could not be told apart with certainty (kept
    whole, as printed, in the row's first uncertain column; the form flags the row)."""


def is_target_title(line: str) -> bool:
    text = re.sub(r"\s+", "", line)
    return bool(TITLE.search(text)) and not NOT_TITLE.search(text) and len(text) <= 80


def _full_width(ch: str) -> bool:
    return ord(ch) >= 0x2000


def width(text: str) -> float:
    """The most a line can be wide, in Chinese characters: a Latin letter, digit or ASCII sign is at most
    0.9 of one (fonts differ), and a word processor adds a quarter between Chinese and Latin text."""
    chars = [c for c in text if not c.isspace()]
    turns = sum(_full_width(a) != _full_width(b) for a, b in zip(chars, chars[1:]))
    return sum(1.0 if _full_width(c) else 0.9 for c in chars) + 0.25 * turns


def _first_unit(next_line: str) -> float:
    """The width of what a line break moved to the next line as one piece: a run of Latin letters or
    digits (never split); else its first character, with the characters an opening sign holds after it
    and the closing signs that follow (an opening sign never ends a line, a closing sign never starts one)."""
    run = re.match(r"[0-9A-Za-z.,%{}\[\]()/=*+\-]+", next_line)
    if run:
        return width(run.group(0)) + 0.25
    end = 1
    while end < len(next_line) and (next_line[end - 1] in OPENING or next_line[end] in CLOSING):
        end += 1
    return width(next_line[:end])


def _soft_space(left: str, right: str) -> bool:
    """A space that may be inside one cell: a word processor's spacing next to a Latin letter or a
    digit, or a gap before a closing sign or after an opening one. Any other space separates cells."""
    return bool(re.match(r"[0-9A-Za-z]", left[-1]) or re.match(r"[0-9A-Za-z]", right[0])) \
        or right[0] in CLOSING or left[-1] in OPENING


@dataclass
class Piece:
    text: str
    before: str                    # how it is separated from the piece before: hard / soft / line / page


@dataclass
class _Reading:
    """One way a row's first words read as its level cells: (printed 一级 or "", 二级, the pieces left)."""
    level1: str
    level2: str
    rest: list[Piece]


@dataclass
class _Row:
    pieces: list[Piece]
    page: int
    marker: str = ""                 # a 一级 printed on its own line just above the row (a merged cell)
    readings: list[_Reading] = field(default_factory=list)
    reading: _Reading | None = None  # the one reading whose cells are certain
    cells: list[str] | None = None   # the cells after the levels, when certain
    level1: str = ""                 # the row's 一级, when certain
    level2: str = ""                 # the row's 二级, when certain


@dataclass
class _Grid:
    title: str
    page: int
    block: list[tuple[str, str]] = field(default_factory=list)   # (label, value) block fields
    above: list[str] = field(default_factory=list)                # block text before any label: kept as text
    header: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)                # the page of each printed header
    end: int = 0


def _level_terms(text: str) -> tuple[bool, bool]:
    """(is a 一级 term, is a 二级 term); 成本指标 is both (a 一级 in newer templates, a 二级 of 产出 in older)."""
    key = re.sub(r"\s+", "", text)
    return bool(LEVEL1.match(key)), bool(LEVEL2.match(key))


def _level1_name(text: str) -> str:
    return LEVEL1.match(re.sub(r"\s+", "", text)).group(1)


def _level2_name(text: str) -> str:
    return LEVEL2.match(re.sub(r"\s+", "", text)).group(1)


def _belongs(level2: str, level1: str) -> bool:
    """True when the 二级 sits under this 一级 in the standard framework."""
    return LEVEL1_OF.get(_level2_name(level2)) == _level1_name(level1)


def _readings(pieces: list[Piece]) -> list[_Reading]:
    out = []
    if len(pieces) >= 2 and _level_terms(pieces[0].text)[0] and _level_terms(pieces[1].text)[1] \
            and _belongs(pieces[1].text, pieces[0].text):
        out.append(_Reading(pieces[0].text, pieces[1].text, pieces[2:]))
    if pieces and _level_terms(pieces[0].text)[1]:
        out.append(_Reading("", pieces[0].text, pieces[1:]))
    return out


def _join(parts: list[Piece]) -> str:
    """A cell's text from its pieces: spacing next to digits removed, wrapped lines rejoined."""
    text = ""
    for k, piece in enumerate(parts):
        if k and piece.before == "line":
            text = join_wrapped(text + "\n" + piece.text)
        else:
            text += piece.text
    return text


def _segments(parts: list[Piece]) -> list[str]:
    """The printed lines of one cell (pieces joined within a line)."""
    lines: list[str] = []
    for k, piece in enumerate(parts):
        if k and piece.before == "line" or not lines:
            lines.append(piece.text)
        else:
            lines[-1] += piece.text
    return lines


def _assignments(pieces: list[Piece], roles: list[str], widths: dict[int, float],
                 limit: int = MAX_SOLUTIONS) -> list[list[list[Piece]]]:
    """Ways (at most `limit`) of giving the pieces, in order, to the columns `roles` that the text
    allows: a cell breaks at every hard space and page break, and at a line break after a line the next
    line's start would have fitted on (in the widest line its column is known to print, `widths`); it
    never starts with a closing sign nor ends with an opening one; a value column reads as a value and
    is never empty; other columns may be empty."""
    n, m = len(pieces), len(roles)

    def line_before(i: int, j: int) -> str:
        """The printed line of the cell starting at piece i that ends with piece j - 1."""
        k = j - 1
        while k > i and pieces[k].before != "line":
            k -= 1
        return "".join(p.text for p in pieces[k:j])

    def line_after(j: int) -> str:
        k = j + 1
        while k < n and pieces[k].before == "soft":
            k += 1
        return "".join(p.text for p in pieces[j:k])

    def joins(column: int, i: int, j: int) -> bool:
        """May pieces j - 1 and j be in one cell (of `column`, starting at piece i)?"""
        before = pieces[j].before
        if before in ("hard", "page"):
            return False
        if before == "line" and column in widths:
            # a wrap only when the next line's start would not have fitted on this line
            return width(line_before(i, j)) + _first_unit(line_after(j)) > widths[column]
        return True

    def whole(column: int, i: int, end: int) -> bool:
        if end == i:
            return roles[column] not in VALUE_ROLES   # a row prints its value (else its words fit other cells)
        if pieces[i].text[0] in CLOSING or pieces[end - 1].text[-1] in OPENING:
            return False
        if roles[column] in VALUE_ROLES:
            if sum(len(p.text) for p in pieces[i:end]) > MAX_VALUE_CHARS:
                return False
            return bool(VALUE.match(re.sub(r"\s+", "", _join(pieces[i:end]))))
        return True

    @lru_cache(maxsize=None)
    def ends(i: int, column: int) -> tuple[int, ...]:
        """Where the cell of `column` starting at piece i may end, such that the rest can be placed too."""
        if column == m:
            return (i,) if i == n else ()
        out = []
        for end in range(i, n + 1):
            if end > i + 1 and not joins(column, i, end - 1):
                break        # the cell cannot run past this break: longer ones cannot either
            if whole(column, i, end) and ends(end, column + 1):
                out.append(end)
        return tuple(out)

    found: list[list[list[Piece]]] = []

    def walk(i: int, column: int, cells: list[list[Piece]]):
        if len(found) >= limit:
            return
        if column == m:
            found.append(list(cells))
            return
        for end in ends(i, column):
            walk(end, column + 1, cells + [pieces[i:end]])

    walk(0, 0, [])
    return found


def _header_roles(tokens: list[str]) -> list[str] | None:
    """Each header word's role (the form's HEADER_ROLES), if the words are a grid header that starts
    with its 一级 and 二级 columns (the level terms are what rows are found by)."""
    from extract.forms.performance_targets import HEADER_ROLES, header_roles

    if len(tokens) < 4 or header_roles(tokens) is None:
        return None
    roles = []
    for token in tokens:
        role = next((r for r, pattern in HEADER_ROLES if pattern.match(token)), None)
        if role is None or role in roles:
            return None
        roles.append(role)
    if roles[:2] != ["level1", "level2"] or not any(r in VALUE_ROLES for r in roles):
        return None
    return roles


def _block_label(text: str) -> bool:
    from extract.forms.performance_targets import label_field

    return label_field(text) is not None


def _cells_apart(text: str) -> bool:
    """True when a line prints two cells side by side (a space no word processor puts inside a cell)."""
    words = text.split()
    return any(not _soft_space(a, b) for a, b in zip(words, words[1:]))


def _next_text(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _ends_grid(text: str) -> bool:
    return is_target_title(text) or bool(SECTION.match(text))


def _page_break(lines: list[str], i: int, header_key: str) -> int | None:
    """If line i is the grid header printed again (after a page number or not), the line after it."""
    j = i
    if PAGE_NUMBER.match(lines[j].strip()):
        j = _next_text(lines, j + 1)
    if j < len(lines) and re.sub(r"\s+", "", lines[j]) == header_key:
        return j + 1
    return None


def _read_grid(lines: list[str], start: int, page: int) -> _Grid | None:
    """The target table whose title is line `start`, or None when no grid header follows it."""
    grid = _Grid(title=lines[start].strip(), page=page)
    label, value_lines = None, []
    i = start + 1
    while True:
        i = _next_text(lines, i)
        if i >= len(lines) or i > start + 40:
            return None
        text = lines[i].strip()
        i += 1
        roles = _header_roles(text.split())
        if roles:
            grid.header, grid.roles = text.split(), roles
            break
        if _ends_grid(text):
            return None
        words = text.split(maxsplit=1)
        if _block_label(words[0]):
            if label is not None:
                grid.block.append((label, join_wrapped("\n".join(value_lines))))
            label, value_lines = words[0], words[1:]
        elif label is not None and not _cells_apart(text):
            value_lines.append(text)     # the field's value wrapped over lines
        else:
            # text before any label, or a line of several cells (a label we do not know and its value):
            # kept as text above the table, not placed in a field
            if label is not None:
                grid.block.append((label, join_wrapped("\n".join(value_lines))))
                label = None
            grid.above.append(text)
    if label is not None:
        grid.block.append((label, join_wrapped("\n".join(value_lines))))
    header_key = "".join(grid.header)
    grid.pages.append(page)
    current: list[Piece] | None = None
    marker = ""
    after_break = False
    end = i
    while True:
        i = _next_text(lines, i)
        if i >= len(lines):
            break
        text = lines[i].strip()
        if _ends_grid(text):
            break
        resumed = _page_break(lines, i, header_key)
        if resumed is not None:
            page += 1
            grid.pages.append(page)
            after_break = True
            i = end = resumed
            continue
        if PAGE_NUMBER.match(text):
            j = _next_text(lines, i + 1)
            if j >= len(lines) or _ends_grid(lines[j].strip()):
                end = j           # the page number at the foot of the table's last page
                break
            # a page number, or a figure of the row? Either way the row is not certain (kept whole)
            after_break = True
        words = text.split()
        if _block_label(words[0]) or (width(text) > PROSE_WIDTH and " " not in text):
            break                 # another project's block, or prose: the grid has ended
        is_level1, is_level2 = _level_terms(words[0])
        if is_level1 and len(words) == 1:
            following = _next_text(lines, i + 1)
            nxt = lines[following].split() if following < len(lines) else []
            if not is_level2 or (nxt and _level_terms(nxt[0])[1]):
                # a 一级 cell merged over the rows below it, printed once on its own line
                marker, current, after_break = words[0], None, False
                i = end = i + 1
                continue
        only_levels = current is not None and all(any(_level_terms(p.text)) for p in current)
        if (is_level1 or is_level2) and not only_levels:
            current = []
            grid.rows.append(_Row(pieces=current, page=page, marker=marker))
            marker = ""
        elif current is None:
            break                 # text that belongs to no row: the grid has ended
        for k, word in enumerate(words):
            if not current:
                before = "line"
            elif k == 0:
                before = "page" if after_break else "line"
            else:
                before = "soft" if _soft_space(words[k - 1], word) else "hard"
            current.append(Piece(word, before))
        after_break = False
        i = end = i + 1
    grid.end = end
    return grid


def _read_levels(grid: _Grid) -> None:
    """The readings of each row's first words as level cells that agree with the 一级 above it (a
    二级 under another 一级 than the standard one is not a reading)."""
    carried: str | None = ""       # the 一级 over the rows so far; None: not known
    for row in grid.rows:
        if row.marker:
            carried = row.marker
        row.readings = [r for r in _readings(row.pieces) if r.level1 or not carried or _belongs(r.level2, carried)]
        printed = {r.level1 for r in row.readings}
        if len(printed) == 1 and "" not in printed:
            carried = printed.pop()
        elif len(printed) > 1:
            carried = None


def _solve(grids: list[_Grid]) -> None:
    """Rebuild each row's cells where exactly one reading and assignment fits. Column widths learnt
    from the certain rows of every grid with the same header make more rows certain, until nothing
    changes (a document prints its target tables from one template)."""
    widths: dict[tuple[str, int], float] = {}     # (header, column) -> widest line a certain row prints in it
    todo = []
    for grid in grids:
        key = "".join(grid.header)
        _read_levels(grid)
        for row in grid.rows:
            if row.readings and len(row.pieces) <= MAX_PIECES and not any(p.before == "page" for p in row.pieces[1:]):
                todo.append((key, grid.roles, row))
    changed = True
    while changed:
        changed = False
        for key, roles, row in todo:
            if row.cells is not None:
                continue
            columns = {c - 2: w for (k, c), w in widths.items() if k == key and c >= 2}
            found = [(reading, cells) for reading in row.readings
                     for cells in _assignments(reading.rest, roles[2:], columns)]
            if len(found) != 1:
                continue
            row.reading, assigned = found[0]
            row.cells = [_join(parts) for parts in assigned]
            changed = True
            for c, parts in enumerate(assigned):
                for segment in _segments(parts):
                    if all(_full_width(ch) for ch in segment):     # measured exactly
                        widths[key, c + 2] = max(widths.get((key, c + 2), 0.0), width(segment))


def _carry_levels(grid: _Grid) -> None:
    """Each row's 一级 (printed in it, or carried down from the row or line above: a merged cell) and
    二级, where certain. Rows above the first 一级 of the grid take it (a merged cell whose label is
    printed lower down). A rebuilt row whose 一级 is not the one its 二级 belongs to is not certain."""
    current: str | None = ""       # the 一级 over the rows so far; None: not known
    leading: list[_Row] = []       # rows above any 一级
    for row in grid.rows:
        if row.marker:
            current = row.marker
        readings = [row.reading] if row.reading else row.readings
        printed = {r.level1 for r in readings}
        if len(printed) == 1 and "" not in printed:
            current = printed.pop()
        elif len(printed) > 1 or not readings and row.pieces and _level_terms(row.pieces[0].text)[0]:
            current = None         # we cannot tell whether the row printed a 一级 of its own
        level2s = {r.level2 for r in readings}
        if not readings and row.pieces and _level_terms(row.pieces[0].text) == (False, True):
            level2s = {row.pieces[0].text}     # no reading agrees with the 一级 above, but its 二级 is printed
        row.level2 = level2s.pop() if len(level2s) == 1 else ""
        if current == "":
            leading.append(row)
            continue
        if leading and current:
            for above in leading:
                above.level1 = current if above.level2 and _belongs(above.level2, current) else ""
        leading = [] if current is not None else leading
        row.level1 = current if current and row.level2 and _belongs(row.level2, current) else ""
    for row in grid.rows:
        if row.cells is not None and not row.level1:
            row.cells = None       # its 一级 is not certain: the row is not rebuilt


def _row_cells(row: _Row, n: int) -> list[str]:
    if row.cells is not None:
        return [row.level1, row.level2] + row.cells
    # Not certain: the level cells that are, then the printed text of the whole row in one cell.
    return [row.level1, row.level2, UnsplitText(" ".join(p.text for p in row.pieces))] + [""] * (n - 3)


def _tables(grid: _Grid) -> list[Table]:
    """One Table per printed page of the grid: title and block rows on the first, the header on each."""
    n = len(grid.roles)
    tables: list[Table] = []
    for number, page in enumerate(grid.pages):
        rows: list[list[str]] = []
        if number == 0:
            rows += [[label] + [value] * (n - 1) for label, value in grid.block]
        rows.append(list(grid.header))
        rows += [_row_cells(row, n) for row in grid.rows if row.page == page]
        tables.append(Table(page=page, index=0, rows=rows, lines_above=[grid.title] + grid.above if number == 0 else [],
                            strategy="raw_text"))
    return tables


def read_target_tables(lines: list[str], first_page: int) -> list[tuple[int, int, list[Table]]]:
    """(first line, end line, tables) of every target table rebuilt from raw text, in order; pages
    are numbered from `first_page` (each page break the text shows starts a new one)."""
    found: list[tuple[int, _Grid]] = []
    page = first_page
    i = 0
    while i < len(lines):
        if not is_target_title(lines[i]):
            i += 1
            continue
        grid = _read_grid(lines, i, page)
        if grid is None or not grid.rows:
            i += 1
            continue
        found.append((i, grid))
        page = grid.pages[-1]
        i = max(grid.end, i + 1)
    grids = [grid for _, grid in found]
    _solve(grids)
    for grid in grids:
        _carry_levels(grid)
    return [(start, grid.end, _tables(grid)) for start, grid in found]
