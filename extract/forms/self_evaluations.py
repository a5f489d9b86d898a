"""Performance self-evaluations (绩效自评表): funds, goals, indicators with target, actual, weight, score.

Recognised layouts (all one form, read by their printed labels, never by fixed positions):
  自治区项目支出绩效自评表 / 项目支出绩效自评表  funds 年初预算数 全年预算数 全年执行数 分值 执行率 得分,
      年度总体目标, indicators 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施, 总分;
  中央转移支付区域（项目）绩效目标自评表  funds 全年预算数（A） 全年执行数（B） 预算执行率,
      indicators 指标值 全年实际完成值 未完成原因和改进措施 (no scores);
  部门整体支出绩效自评表  the same sections where printed (年度主要任务 kept, not read as funds);
  other producers' prints of these forms: 四川 (项目基本情况, 预算执行情况 with 年度预算数（万元） row labels,
      指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析, 合计, 评价结论 …), headers on two rows
      (年度指标值 over 指标性质 | 指标值 | 度量单位), 宁德 (指标分值 | 自评得分), evaluation frameworks
      (指标解释 | 评分标准 | 分值 | 得分 | 扣分原因) — see samples/make_evaluation_layout_samples.py;
  a score list inside a 决算 document's text  (项目名称 | 自评分数): one stated score per project;
  a sentence of a 决算 document's text that states how many projects were self-evaluated, the
      amount they cover and their average score (绩效自评的2024年度项目39个，涉及预算金额4415.48万元，
      平均得分99.33分 / 组织对7个一般公共预算项目支出开展绩效自评 … 共涉及资金940.15万元).

A form is one printed table, cut into sections by the label of its first column (项目资金,
年度总体目标, 绩效指标, 总分 …) and read through the header row each section prints. Headers
may be wrapped mid-word ("一级指/标", "得/分"): labels are compared with all spaces removed.
A form printed over several pages continues on the next page's first table until its closing
row (总分 / 说明) has been seen. A merged 一级/二级 cell split by a page break prints its text
once: blank level cells take the level of the row above. Every printed row of the indicator
block is kept (with page and row); nothing is dropped silently.
Columns get their role from the header's labels only; a column whose label the header does not settle is not
read and is listed in evaluation_tables.unread_columns (with 分值/得分 not read, the sums are not checkable).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.forms.base import I, RawColumns, S, find_unit, find_year, squash, title_candidates
from extract.model import Document, Table, is_amount

FORM = "self_evaluations"
FACT_MART = "fct_self_evaluations"  # the mart of its facts (dbt_project/models/marts/<family>/)

RAW_TABLES: dict[str, RawColumns] = {
    "evaluation_tables": [
        ("document_id", S), ("table_id", S), ("form", S), ("table_kind", S), ("title", S),
        ("year_text", S), ("unit_text", S), ("unit", S), ("first_page", I), ("last_page", I),
        ("pages", I), ("body_rows", I), ("project_name", S), ("department_name", S),
        ("implementer", S), ("goal_expected", S), ("goal_actual", S), ("total_weight_text", S),
        ("total_score_text", S), ("total_page", I), ("note", S), ("strategy", S),
        ("total_table_index", I), ("total_page_row", I),
        # labels of indicator header columns the form did not read (a label naming no known role, a role
        # two columns claim, or 分值/得分 without the other), joined by "；": their rows are not checkable
        ("unread_columns", S),
    ],
    "evaluation_funds": [
        ("document_id", S), ("table_id", S), ("line_no", I), ("page", I), ("table_index", I),
        ("page_row", I), ("item_text", S), ("initial_text", S), ("full_year_text", S),
        ("executed_text", S), ("weight_text", S), ("rate_text", S), ("score_text", S),
        # the line's cells under header columns the form did not read ("label：text", joined by "；"): kept as printed
        ("unread_text", S),
    ],
    "evaluation_indicators": [
        ("document_id", S), ("table_id", S), ("line_no", I), ("page", I), ("table_index", I),
        ("page_row", I), ("level1_text", S), ("level2_text", S), ("level3_text", S),
        ("target_text", S), ("actual_text", S), ("weight_text", S), ("score_text", S),
        ("deviation_text", S),
        # printed beside the 指标值 by some templates (四川, 云南): ≥ ≤ = and the unit of the value
        ("nature_text", S), ("measure_unit_text", S),
        # the row's cells under header columns the form did not read ("label：text", joined by "；"): kept as printed
        ("unread_text", S),
    ],
    # A list of projects with their stated self-evaluation score (决算 text: 项目名称 | 自评分数).
    "evaluation_scores": [
        ("document_id", S), ("table_id", S), ("line_no", I), ("page", I), ("table_index", I),
        ("page_row", I), ("project_text", S), ("score_text", S),
    ],
    # What a 决算 document's text states about its self-evaluations (one row per statement).
    "evaluation_summaries": [
        ("document_id", S), ("summary_id", S), ("page", I), ("text", S), ("projects_text", S),
        ("amount_text", S), ("unit", S), ("average_score_text", S),
    ],
}

# (kind, title pattern); the title must say 自评 — target tables (绩效目标表) are another form.
TITLES: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("central_transfer", r"转移支付.*自评表"),
    ("department_overall", r"(部门|单位)整体(支出)?.*自评表"),
    ("regional_project", r"自治区项目支出.*自评表"),
    ("project", r"项目.*自评表"),
    ("other", r"绩效.*自评表"),
]]
TABLE_KINDS = [k for k, _ in TITLES] + ["score_list"]


def classify(title: str) -> str | None:
    title = squash(title)
    if "自评" not in title or len(title) > 60:
        return None
    for kind, pattern in TITLES:
        if pattern.search(title):
            return kind
    return None


# Section labels printed in the first column(s) of a form.
SECTIONS: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("project", r"^(项目(名称|全称)|转移支付.{0,4}名称|部门名称|单位名称|部门[（(]单位[)）]名称)"),
    ("department", r"^(主管部门|地方主管部门|中央主管部门|(项目)?实施单位|资金使用单位)"),
    ("funds", r"^(项目资金|资金投入情况|年度预算|预算执行情况|部门预算资金|(预算)?资金执行情况|(财政)?资金安排(和|及|与)?使用情况)"),
    ("management", r"^(资金管理情况|支出责任履行情况)"),
    ("goal", r"^(年度总体目标|总体目标完成情况|年度总体目标完成情况|项目基本情况)"),
    # 部门整体 forms list their main tasks with a budget and an executed amount: not funds lines (no
    # rate, weight or score; a task may legitimately spend more than planned), kept as rows, not read
    ("tasks", r"^年度主要任务"),
    ("indicators", r"^(绩效指标|一级指标|年度绩效指标)"),
    ("total", r"^(总分|自评总分|评价总分|总得分|综合得分)"),
    ("remark", r"^(说明|备注)$|^(评价结论|自评结论|存在问题|改进措施|项目负责人|财务负责人|填报人|(自评|评价)等级)"),
]]
# Inside the indicator block a 合计/总计 row is the form's total (四川's template prints 合计 | 100) when its 分值 is
# the template's 100 points; a 合计 of other points may sum the indicators only (without the funds' points): its
# scope is not settled and its figures are not read.
BLOCK_TOTAL = re.compile(r"^(合计|总计)$")

# Indicator header labels → role (labels compared without spaces and without a trailing bracket such
# as （分） or (%)). Every role must be settled by the header: a label that names none of them is not
# read, and a role two columns claim is read from neither (see _header_roles).
INDICATOR_COLUMNS: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("level1", r"^一级指标$"), ("level2", r"^二级指标$"), ("level3", r"^三级指标$"),
    ("nature", r"^(指标)?性质$"), ("measure_unit", r"^(度量|计量)单位$"),
    ("target", r"^(年度|全年|本年)?(绩效)?(指标值|目标值)$|^年度目标$|^预期目标$"),
    ("actual", r"^(全年)?实际(完成)?值$|^(全年)?实际完成(值|情况)$|^完成值$"),
    ("weight", r"^(指标)?(分值|权重)$"), ("score", r"^(自评|评价)?得分$"),
    ("deviation", r"偏差|未完成原因|原因分析|改进措施|^扣分(原因|说明|理由)$"),
    # how an indicator is scored (评价指标体系 layouts): template text, no figure of the form; known, not read
    ("criteria", r"^(指标解释|指标说明|评分标准|评分细则|评价标准|评价要点|评分办法|评分规则|计算方法)$"),
]]
# Labels a header may print that hold no indicator figure: the section label of the first column.
INDICATOR_LABEL_CELLS = re.compile(r"^(年度)?绩效指标$")
FUND_COLUMNS: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("initial", r"年初(部门)?预算"), ("full_year", r"全年预算|调整后预算|预算数"), ("executed", r"全年执行|执行数|实际支出"),
    ("rate", r"执行率"), ("weight", r"^(分值|权重)"), ("score", r"^得分"),
]]
FUND_NOTE = re.compile(r"原因|说明|备注|偏差")
# A funds header cell that names the money unit (项目资金（万元）, 年度预算数（万元）) labels the block's rows:
# it is the label column, not a figure column.
UNIT_LABEL = re.compile(r"[（(](万元|千元|元)[)）]")
# A funds row's cell under a figure column that holds words is a second label, unless it is a figure with its unit.
SECOND_LABEL = re.compile(r"[\u4e00-\u9fff]")
FIGURE_WITH_UNIT = re.compile(r"[\d.,]+(分|万元|元|%)?")
# Goal block header labels → which goal (full labels: 1.项目年度目标完成情况 heads neither).
GOAL_COLUMNS: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("expected", r"^(预期目标|总体目标|年度目标|项目年度目标|年度绩效目标)$"),
    ("actual", r"^((全年|目标)?实际完成情况|年度目标完成情况|目标完成情况)$"),
]]
# Readers whose cells sit in the columns the document draws or stores (a ruled PDF grid, XLSX, DOCX).
DRAWN_GRIDS = {"lines", "xlsx", "docx"}
CLOSING = re.compile(r"^(总分|自评总分|评价总分|总得分|综合得分|说明|备注|评价结论|自评结论|存在问题|改进措施|项目负责人)")
SCORE_LIST_HEADER = re.compile(r"自评(分数|得分|分值)|^得分$")


@dataclass
class Row:
    cells: list[str]
    page: int
    table_index: int
    page_row: int


@dataclass
class Form:
    kind: str
    title: str
    strategy: str
    text_around: list[str]
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    closed: bool = False
    last: tuple[int, int] = (0, 0)   # (page, table index) of the last printed table read into it

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


# A title row inside a table ends with 自评表 (and its year): a note that names the form does not.
STACKED_TITLE = re.compile(r"自评表([（(]\d{4}年度?[)）])?$")
YEAR_LINE = re.compile(r"[（(]?\d{4}年度?[)）]?")


def _title(table: Table) -> tuple[str | None, str]:
    kind, title = None, ""
    for candidate in title_candidates(table):
        found = classify(candidate)
        if found:
            kind, title = found, candidate.strip().lstrip("#").strip()
    return kind, title


def _other_title(table: Table) -> bool:
    return any(re.search(r"表\s*$", squash(c)) and len(squash(c)) > 4 for c in table.lines_above[-3:])


def _group(document: Document) -> list[Form]:
    """Forms with their rows, following a form onto the next page until its closing row."""
    forms: list[Form] = []
    current: Form | None = None
    for table in document.tables:
        kind, title = _title(table)
        rows = table.rows
        if kind and rows and len({c for c in rows[0] if c}) == 1 and classify(rows[0][0] or ""):
            rows = rows[1:]  # the title printed as the table's first (merged) row
        if kind:
            current = Form(kind=kind, title=title, strategy=table.strategy,
                           text_around=list(table.lines_above) + list(table.lines_below))
            forms.append(current)
        elif not (current is not None and not current.closed and rows and not _other_title(table)
                  and _follows(current, table)):
            current = None
            continue
        if table.page not in current.pages:
            current.pages.append(table.page)
        if not kind:
            current.text_around += list(table.lines_above) + list(table.lines_below)
        current.last = (table.page, table.index)
        for k, cells in enumerate(rows):
            texts = _distinct(cells)
            if current.rows and len(texts) == 1 and STACKED_TITLE.search(squash(texts[0])) and classify(texts[0]):
                # Another form under its own title row in the same table (a workbook that prints every
                # form of a 决算 one after another on one sheet): a form of its own.
                current = Form(kind=classify(texts[0]), title=texts[0], strategy=table.strategy, text_around=[],
                               pages=[table.page], last=(table.page, table.index))
                forms.append(current)
                continue
            if not current.rows and len(texts) == 1 and YEAR_LINE.fullmatch(squash(texts[0])):
                current.text_around.append(texts[0])   # the year printed under a stacked form's title
                continue
            current.rows.append(Row([c or "" for c in cells], table.page, table.index, k))
            if CLOSING.match(_label(cells)):
                current.closed = True
    return [f for f in forms if f.rows]


def _follows(form: Form, table: Table) -> bool:
    """The table is the next one printed after the form's last: the first on the next page, or the
    next on the same page (a reader may cut one printed form into several tables)."""
    page, index = form.last
    return (table.page == page + 1 and table.index == 0) or (table.page == page and table.index == index + 1)


def _label(cells: list[str]) -> str:
    return next((squash(c) for c in cells if squash(c)), "")


def _section(cells: list[str]) -> str | None:
    label = _label(cells)
    for name, pattern in SECTIONS:
        if pattern.search(label):
            return name
    return None


def _distinct(cells: list[str]) -> list[str]:
    """A row's texts with merged repeats removed, in order."""
    return list(dict.fromkeys(c.strip() for c in cells if c and c.strip()))


def _header_label(cell: str) -> str:
    """A header label without spaces and without a trailing bracket (全年预算数（A）, 分值（分）, 权重(%),
    绩效指标（90分）, 指标值（包含数字及文字描述）): the bracket qualifies the label, it does not change its role."""
    return re.sub(r"[（(][^（()）]*[)）]$", "", squash(cell))


def _map_header(cells: list[str], columns: list[tuple[str, re.Pattern]]) -> dict[str, int]:
    """field → column index, from a header row (labels compared without spaces; first match wins)."""
    found: dict[str, int] = {}
    for j, cell in enumerate(cells):
        label = _header_label(cell)
        if not label:
            continue
        for name, pattern in columns:
            if pattern.search(label):
                if name not in found and j not in found.values():
                    found[name] = j
                break
    return found


def _header_roles(cells: list[str]) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """role → column of an indicator header, and the (column, label) of the columns that are not read.

    A merged header cell repeats its label over the columns it spans: the first is the role's column.
    A label that names no role is not read; a role claimed by two different labels is not settled and
    is read from neither. 分值 and 得分 are read together or not at all: the Σ identities need both, and
    one without the other would be taken for a form whose other column is blank."""
    claims: dict[str, list[tuple[int, str]]] = {}
    unread: list[tuple[int, str]] = []
    previous = ""
    for j, cell in enumerate(cells):
        label = _header_label(cell)
        if not label or label == previous or INDICATOR_LABEL_CELLS.match(label):
            previous = label or previous
            continue
        previous = label
        role = next((name for name, pattern in INDICATOR_COLUMNS if pattern.search(label)), None)
        if role is None:
            unread.append((j, label))
        elif role != "criteria":   # template text (指标解释, 评分标准): known, holds no figure of the form
            claims.setdefault(role, []).append((j, label))
    roles = {}
    for role, found in claims.items():
        if len(found) == 1:
            roles[role] = found[0][0]
        else:
            unread += found
    if ("weight" in roles) != ("score" in roles):
        unread += [(roles[k], _header_label(cells[roles.pop(k)])) for k in ("weight", "score") if k in roles]
    return roles, unread


def _merged_header(group: list[str], sub: list[str]) -> list[str]:
    """A header printed on two rows (年度指标值 over 指标性质 | 指标值 | 度量单位): each column's label is
    the lower row's, or the upper row's where the lower prints none (a cell merged down)."""
    width = max(len(group), len(sub))
    labels = [_cell(sub, j) or _cell(group, j) for j in range(width)]
    # Two lower cells with the same label under different upper labels (自评 | 复核 over 得分 | 得分) are two
    # columns, not one merged cell: each is named by both rows (自评得分, 复核得分).
    for j in range(1, width):
        if (_cell(sub, j) and squash(_cell(sub, j)) == squash(_cell(sub, j - 1)) and _cell(group, j)
                and squash(_cell(group, j)) != squash(_cell(group, j - 1))):
            labels[j - 1] = _cell(group, j - 1) + _cell(sub, j - 1)
            labels[j] = _cell(group, j) + _cell(sub, j)
    return labels


def _is_indicator_header(cells: list[str]) -> bool:
    labels = {_header_label(c) for c in cells}
    return "三级指标" in labels or {"一级指标", "二级指标"} <= labels


def _goal_columns(cells: list[str]) -> dict[str, int]:
    """expected/actual → first column of the goal header's label (None when the header has neither)."""
    found: dict[str, int] = {}
    for j, cell in enumerate(cells):
        for name, pattern in GOAL_COLUMNS:
            if pattern.match(_header_label(cell)) and name not in found:
                found[name] = j
    return found


def _text_from(cells: list[str], start: int, stop: int | None) -> str:
    """The first text printed from column start up to (not including) stop: a merged cell's text is in
    its first column (XLSX) or repeated over its columns (PDF)."""
    return next((c.strip() for c in cells[start:stop] if c and c.strip()), "")


def _after(cells: list[str], label_pattern: str) -> str:
    """The text printed after a label cell on the same row (merged repeats skipped)."""
    texts = _distinct(cells)
    for i, text in enumerate(texts):
        inline = re.match(rf"(?:{label_pattern.lstrip('^').rstrip('$')})[:：](?P<value>.+)$", squash(text))
        if inline:
            return inline.group("value")   # "项目名称：…" printed in one cell
        if re.search(label_pattern, squash(text)):
            rest = [t for t in texts[i + 1:] if not re.search(r"^((项目)?实施单位|资金使用单位|主管部门)", squash(t))]
            return rest[0] if rest else ""
    return ""


def _aligned(cells: list[str], columns: dict[str, int], drawn: bool = False) -> list[str]:
    """A scored indicator row as its header reads it. A reader that loses a merged cell, or places
    columns by text alignment, shifts a row's cells sideways; its last two adjacent figures are
    the 分值 and 得分, so the row is moved back to put them under those headers. Cells of a drawn grid
    (ruled PDF, XLSX, DOCX) are in their own columns: never moved (a row whose 得分 is blank would
    otherwise be moved to put its 实际完成值 and 分值 under 分值 and 得分)."""
    weight, score = columns.get("weight"), columns.get("score")
    if drawn or weight is None or score != weight + 1:
        return cells
    pairs = [j for j in range(len(cells) - 1) if is_amount(squash(cells[j])) and is_amount(squash(cells[j + 1]))]
    if not pairs or pairs[-1] == weight or is_amount(squash(_cell(cells, score))) and not is_amount(squash(_cell(cells, score + 1))):
        return cells
    shift = weight - pairs[-1]
    if shift > 0:
        return [""] * shift + cells
    if shift < 0 and not any(squash(c) for c in cells[:-shift]):
        return cells[-shift:]
    return cells


def _cell(cells: list[str], j: int | None) -> str:
    return (cells[j] or "").strip() if j is not None and j < len(cells) else ""


def read_form(form: Form, document_id: str, table_id: str) -> tuple[dict, list[dict], list[dict]]:
    info = {"project_name": "", "department_name": "", "implementer": "", "goal_expected": "",
            "goal_actual": "", "total_weight_text": "", "total_score_text": "", "total_page": None,
            "unit_text": "", "unread_columns": ""}
    funds: list[dict] = []
    indicators: list[dict] = []
    unread: list[str] = []
    section = None
    fund_columns: dict[str, int] = {}
    fund_unread: list[tuple[int, str]] = []   # (column, label) of the funds header's columns not read
    indicator_columns: dict[str, int] = {}
    unread_columns: list[tuple[int, str]] = []
    goal_columns: dict[str, int] = {}
    level1 = level2 = ""
    drawn = form.strategy in DRAWN_GRIDS
    previous: list[str] | None = None   # the row before, when it may be the upper row of a two-row header
    for row in form.rows:
        cells = row.cells
        found = _section(cells)
        if _is_indicator_header(cells):
            header = cells
            if previous is not None and not _is_indicator_header(previous) and _header_roles(previous)[0]:
                header = _merged_header(previous, cells)
            indicator_columns, unread_columns = _header_roles(header)
            unread += [label for _, label in unread_columns if label not in unread]
            section, previous = "indicators", None
            continue
        previous = cells if found == "indicators" or section == "indicators" and not indicators else None
        if section == "indicators" and BLOCK_TOTAL.match(_label(cells)):
            found = "total"
        if found and found != "indicators":
            section = found
        if section == "project" and found == "project":
            info["project_name"] = _after(cells, SECTIONS[0][1].pattern)
        elif found == "department":
            info["department_name"] = info["department_name"] or _after(cells, r"主管部门$")
            info["implementer"] = info["implementer"] or _after(cells, r"^(项目)?(实施单位|资金使用单位)([（(].*[)）])?$")
        elif section == "funds":
            labels = [cell for cell in cells if UNIT_LABEL.search(squash(cell))]
            header = _map_header(["" if UNIT_LABEL.search(squash(c)) else c for c in cells], FUND_COLUMNS)
            if "executed" in header and ("full_year" in header or "initial" in header) \
                    or "initial" in header and {"weight", "score"} <= header.keys():
                # (福建's 部门整体绩效自评表: 年初部门预算安排金额① | 年中调整金额② | 小计③=①+② | 年度拨付金额④ |
                # 支出实现率⑤=④/③ | 结余 … | 分值 | 得分 — its 拨付 and 实现率 are no 执行数 / 执行率 this form
                # defines as such: only 年初, 分值 and 得分 are read; the other columns are kept as printed, not read)
                fund_columns = header
                fund_unread = _unread_fund_columns(cells, header)
                unread += [label for _, label in fund_unread if label not in unread]
                unit = UNIT_LABEL.search(squash(labels[0])) if labels else None
                info["unit_text"] = info["unit_text"] or (unit.group(1) if unit else "")
                continue
            if fund_columns:
                first = min(fund_columns.values())
                item = next((c.strip() for c in cells[:first] if c and c.strip()
                             and _section([c]) != "funds" and not UNIT_LABEL.search(squash(c))), "")
                values = {k: _cell(cells, j) for k, j in fund_columns.items()}
                if any(is_amount(squash(c)) for c in cells[max(fund_columns.values()) + 1:]) \
                        or any(SECOND_LABEL.search(v) and not FIGURE_WITH_UNIT.fullmatch(squash(v)) for v in values.values()):
                    # A figure beyond the header's last column: the row's cells are shifted (a lost merged
                    # cell, an export that misplaces a tab), so no figure of it is under its own header.
                    # A label under a figure column: the row prints two sides (按收入性质分 … | 按支出性质分 …,
                    # 其中：一般公共预算 … | 其中：基本支出 …), whose figures the header's columns do not head.
                    # Its label is kept; its figures are not read (the identities they enter are not checkable).
                    # (Text beyond the last column that is no figure is a note, such as 四川's 原因 column.)
                    values = {k: "" for k in values}
                if item or any(values.values()):
                    funds.append({"document_id": document_id, "table_id": table_id, "line_no": len(funds) + 1,
                                  "page": row.page, "table_index": row.table_index, "page_row": row.page_row,
                                  "item_text": item, "initial_text": values.get("initial", ""),
                                  "full_year_text": values.get("full_year", ""),
                                  "executed_text": values.get("executed", ""), "weight_text": values.get("weight", ""),
                                  "rate_text": values.get("rate", ""), "score_text": values.get("score", ""),
                                  "unread_text": "；".join(f"{label}：{_cell(cells, j)}" for j, label in fund_unread
                                                          if _cell(cells, j))})
        elif section == "goal":
            header = _goal_columns(cells)
            if header:
                goal_columns = header
            elif goal_columns and not info["goal_expected"]:
                starts = sorted(goal_columns.values())
                for name, start in goal_columns.items():
                    stop = next((j for j in starts if j > start), None)
                    info[f"goal_{name}"] = _text_from(cells, start, stop)
        elif section == "total" and found == "total":
            _read_total(cells, indicator_columns, info, drawn)
            if BLOCK_TOTAL.match(_label(cells)) and info["total_weight_text"] not in ("100", "100.0", "100.00"):
                info["total_weight_text"] = info["total_score_text"] = ""
            info["total_page"] = row.page
            info["total_table_index"], info["total_page_row"] = row.table_index, row.page_row
        elif section == "indicators" and indicator_columns and found not in ("total", "remark"):
            cells = _aligned(cells, indicator_columns, drawn)
            values = {k: _cell(cells, j) for k, j in indicator_columns.items()}
            if not any(values.get(k) for k in ("level3", "target", "actual", "weight", "score")):
                continue  # a blank line under the block
            # A level cell split by a page break (or not filled by the reader) holds the level above.
            level1 = values.get("level1") or level1
            level2 = values.get("level2") or level2
            indicators.append({"document_id": document_id, "table_id": table_id, "line_no": len(indicators) + 1,
                               "page": row.page, "table_index": row.table_index, "page_row": row.page_row,
                               "level1_text": level1, "level2_text": level2, "level3_text": values.get("level3", ""),
                               "target_text": values.get("target", ""), "actual_text": values.get("actual", ""),
                               "weight_text": values.get("weight", ""), "score_text": values.get("score", ""),
                               "deviation_text": values.get("deviation", ""), "nature_text": values.get("nature", ""),
                               "measure_unit_text": values.get("measure_unit", ""),
                               "unread_text": "；".join(f"{label}：{_cell(cells, j)}" for j, label in unread_columns
                                                       if _cell(cells, j))})
    info["unread_columns"] = "；".join(unread)
    if not info["project_name"]:
        # A reader may have taken the 项目名称 row for text above the table (an XLSX row of two cells).
        for line in form.text_around:
            match = re.match(r"^(项目名称|转移支付.{0,4}名称)\s*[:：]?\s*(.+)$", line.strip())
            if match:
                info["project_name"] = match.group(2).strip()
                break
    # 主管部门 and 实施单位 printed as "label：value" lines above the grid (one line may hold both)
    for field_name, label in (("department_name", r"主管部门"), ("implementer", r"(?:项目)?实施单位|资金使用单位")):
        for line in form.text_around if not info[field_name] else []:
            match = re.search(rf"(?:^|\s)(?:{label})\s*[:：]\s*(\S+)", line.strip())
            if match:
                info[field_name] = match.group(1)
                break
    return info, funds, indicators


def _unread_fund_columns(cells: list[str], columns: dict[str, int]) -> list[tuple[int, str]]:
    """(column, label) of a funds header's figure columns (from its first read column on) that name no field;
    a merged label repeated over its columns is one column, its first. A note column (四川's 原因) is no figure."""
    out, previous = [], ""
    for j in range(min(columns.values()), len(cells)):
        label = squash(cells[j] or "")
        if label and label != previous and j not in columns.values() and not FUND_NOTE.search(label):
            out.append((j, label))
        previous = label or previous
    return out


def _read_total(cells: list[str], columns: dict[str, int], info: dict, drawn: bool):
    """The 总分 row's 分值 and 得分 under the indicator header's columns. A 总分 row alone on a new page
    comes with its own, narrower columns: its figures are read in order (a figure in a merged cell is
    printed once, so none repeats). A row that prints one figure under a label naming both (总分值、评价总分)
    says which only by its label: a score when the label names one (评价总分, 得分), else not read."""
    cells = _aligned(cells, columns, drawn)
    weight, score = _cell(cells, columns.get("weight")), _cell(cells, columns.get("score"))
    numbers = [squash(c) for c in cells[1:] if is_amount(squash(c))]
    if len(set(numbers)) == 1 and re.search(r"评价总分|自评总分|得分", _label(cells)):
        weight, score = "", numbers[0]
    elif not (weight or score) and (not columns or {"weight", "score"} <= columns.keys()):
        # (an indicator header that did not settle 分值/得分 does not settle the 总分 row's figures either)
        weight, score = (numbers[-2], numbers[-1]) if len(numbers) > 1 else ("", numbers[0] if numbers else "")
    info["total_weight_text"], info["total_score_text"] = weight, score


def _score_lists(document: Document) -> list[tuple[Table, int, int]]:
    """Tables that list projects with their stated self-evaluation score: (table, name col, score col)."""
    found = []
    for table in document.tables:
        if not table.rows or len(table.rows) < 2:
            continue
        header = [squash(c) for c in table.rows[0]]
        name = next((j for j, h in enumerate(header) if re.search(r"项目名称|^项目$", h)), None)
        score = next((j for j, h in enumerate(header) if SCORE_LIST_HEADER.search(h)), None)
        if name is not None and score is not None and name != score and not any("指标" in h for h in header):
            found.append((table, name, score))
    return found


# The statement of a 决算's 预算绩效管理 section: the count, then the amount and average that follow.
SUMMARY = re.compile(r"(?:绩效自评的(?:\d{4}年度)?(?:项目|一般公共预算项目)(\d+)个"
                     r"|(?:组织|开展)?对(\d+)个(?:[^。；，]{0,16})?项目(?:支出)?开展(?:了)?绩效自评)")
SUMMARY_AMOUNT = re.compile(r"^[^。；]{0,30}?涉及(?:预算金额|资金|金额)([\d,.]+)(万元|亿元|元)")
SUMMARY_AVERAGE = re.compile(r"^[^。；]{0,60}?平均得分([\d.]+)分")


def summaries(document: Document) -> list[dict]:
    """Self-evaluation statements in the document's text, page by page (lines joined without spaces,
    so a sentence wrapped over lines is found whole)."""
    pages: dict[int, list[str]] = {}
    for table in document.tables:
        pages.setdefault(table.page, []).extend(table.lines_above + table.lines_below)
    found = []
    for page, lines in sorted(pages.items()):
        text = squash("".join(lines))
        for match in SUMMARY.finditer(text):
            rest = text[match.end():]
            amount = SUMMARY_AMOUNT.search(rest)
            average = SUMMARY_AVERAGE.search(rest)
            end = match.end() + max(amount.end() if amount else 0, average.end() if average else 0)
            found.append({"page": page, "text": text[match.start():end],
                          "projects_text": match.group(1) or match.group(2),
                          "amount_text": amount.group(1) if amount else "", "unit": amount.group(2) if amount else "",
                          "average_score_text": average.group(1) if average else ""})
    return found


def extract(document: Document) -> dict[str, list[dict]]:
    document_id = document.document_id
    tables, funds, indicators, scores = [], [], [], []
    number = 0
    year = None
    for form in _group(document):
        number += 1
        table_id = f"{document_id}-{FORM}-E{number:02d}"
        info, form_funds, form_indicators = read_form(form, document_id, table_id)
        year = find_year([form.title] + form.text_around) or year
        note = " ".join(l for l in form.text_around if re.match(r"^(注|注意事项|说明)", squash(l)))
        unit = info.pop("unit_text") or find_unit(form.text_around) or ""
        tables.append({"document_id": document_id, "table_id": table_id, "form": FORM, "table_kind": form.kind,
                       "title": form.title, "year_text": find_year([form.title] + form.text_around) or "",
                       "unit_text": unit, "unit": unit or "万元", "first_page": min(form.pages),
                       "last_page": max(form.pages), "pages": len(form.pages), "body_rows": len(form.rows),
                       "note": note, "strategy": form.strategy, **info})
        funds += form_funds
        indicators += form_indicators
    for table, name_col, score_col in _score_lists(document):
        number += 1
        table_id = f"{document_id}-{FORM}-E{number:02d}"
        body = table.rows[1:]
        lines = [(k, r) for k, r in enumerate(body, start=1) if _cell(r, name_col) or _cell(r, score_col)]
        title = next((l for l in reversed(table.lines_above) if "自评" in l), "")
        tables.append({"document_id": document_id, "table_id": table_id, "form": FORM, "table_kind": "score_list",
                       "title": title.strip(), "year_text": find_year(table.lines_above) or "", "unit_text": "",
                       "unit": "", "first_page": table.page, "last_page": table.page, "pages": 1,
                       "body_rows": len(body), "unread_columns": "", "project_name": "", "department_name": "", "implementer": "",
                       "goal_expected": "", "goal_actual": "", "total_weight_text": "", "total_score_text": "",
                       "total_page": None, "note": "", "strategy": table.strategy})
        for line_no, (k, cells) in enumerate(lines, start=1):
            scores.append({"document_id": document_id, "table_id": table_id, "line_no": line_no, "page": table.page,
                           "table_index": table.index, "page_row": k, "project_text": _cell(cells, name_col),
                           "score_text": _cell(cells, score_col)})
    statements = [{"document_id": document_id, "summary_id": f"{document_id}-{FORM}-S{n:02d}", **found}
                  for n, found in enumerate(summaries(document), start=1)]
    return {"evaluation_tables": tables, "evaluation_funds": funds, "evaluation_indicators": indicators,
            "evaluation_scores": scores, "evaluation_summaries": statements}
