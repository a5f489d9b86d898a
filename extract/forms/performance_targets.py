"""Performance target tables (项目支出绩效目标表, 部门整体绩效目标表): projects and their indicators.

Two layout families are read:

* grid: a project block (项目名称 / 项目编码 / 预算数 / 资金支出计划 / 绩效目标 … as label–value
  cells) followed by an indicator grid whose header names the levels (一级指标 二级指标 三级指标 …
  指标值). The block and the grid may be one table or two; the grid may run over pages. A level
  cell merged over rows is filled by the reader on its own page; on a continuation page the
  label is lost, so a blank level takes the label of the row above (and a blank level on the
  first rows of a grid the label of the first row below that has one). Covers 部门项目支出预算
  绩效目标表 (coded levels "1-产出指标"), 项目库年度绩效表, 项目支出绩效目标表 (年度资金总额 /
  其中：财政拨款 / 其他资金), "N、<project>绩效目标表" tables, 预算规模及资金用途 / 资金支出计划
  tables, and 部门整体绩效目标 tables.
* packed: one row per project with its amounts, 绩效目标 and one 绩效指标 cell that packs every
  indicator ("1－产出指标，11－数量指标，<name>；实施周期指标值：…，年度指标值：…；2、…"). Rows
  without indicators are totals: 合计 for the table, otherwise the subtotal of a spending unit.

Text is kept exactly as printed; parsing of levels and target values happens in dbt (macros in
dbt_project/macros/indicator_text.sql). Self-evaluation tables (自评, with 实际完成值 / 得分) are
left to their own form.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from extract.forms.base import UNIT, B, I, RawColumns, S, find_unit, find_year, squash
from extract.model import Document, Table, is_amount, join_wrapped
from extract.readers.raw_text_targets import UnsplitText

FORM = "performance_targets"
FACT_MART = "fct_performance_indicators"  # the mart of its facts (dbt_project/models/marts/<family>/)

RAW_TABLES: dict[str, RawColumns] = {
    "target_tables": [
        ("document_id", S), ("table_id", S), ("form", S), ("layout", S), ("scope", S), ("title", S),
        ("first_page", I), ("last_page", I), ("pages", I), ("unit_text", S), ("department_name", S),
        ("fiscal_year_text", S), ("header_json", S), ("projects", I), ("indicator_rows", I),
        ("strategy", S),
        # labels of indicator grid header columns the form did not read (a label naming no role it reads, or a role
        # another column already holds: 是否核心, 备注), joined by "；": their cells are kept in target_indicators.unread_text
        ("unread_columns", S),
    ],
    "target_projects": [
        ("document_id", S), ("table_id", S), ("project_key", S), ("project_seq", I), ("scope", S),
        ("page", I), ("table_index", I), ("page_row", I), ("title", S), ("project_name", S),
        ("project_code", S), ("department_text", S), ("implementing_unit", S), ("attribute_text", S),
        ("period_text", S), ("office_text", S), ("amount_label", S), ("amount_text", S),
        ("fiscal_text", S), ("special_account_text", S), ("other_text", S), ("carryover_text", S), ("unit_text", S),
        ("purpose_text", S), ("spend_plan_json", S), ("goal_text", S), ("group_name", S),
        # the goal of the project's whole period, printed beside the year's (项目总目标 / 实施期总目标 | 年度目标)
        ("period_goal_text", S),
        ("fiscal_basic_text", S), ("fiscal_project_text", S), ("other_basic_text", S), ("other_project_text", S),
    ],
    "target_indicators": [
        ("document_id", S), ("table_id", S), ("project_key", S), ("line_no", I), ("page", I),
        ("table_index", I), ("page_row", I), ("level1_text", S), ("level2_text", S),
        ("level3_text", S), ("description_text", S), ("target_text", S), ("period_target_text", S),
        ("basis_text", S), ("nature_text", S), ("measure_unit_text", S), ("weight_text", S), ("levels_carried", B),
        # the 活动 an indicator of a 部门整体 table is listed under (北京 预算13表: 活动 | 绩效指标 | 指标性质 | 指标值 …)
        ("activity_text", S),
        # the row's cells under header columns the form did not read ("label：text", joined by "；"): kept as printed
        ("unread_text", S),
        # a raw text row whose cells could not be told apart: its printed text, and cells_certain false
        ("unsplit_text", S), ("cells_certain", B),
    ],
    "target_totals": [
        ("document_id", S), ("table_id", S), ("line_no", I), ("page", I), ("table_index", I),
        ("page_row", I), ("label", S), ("total_kind", S), ("amount_text", S), ("fiscal_text", S),
        ("special_account_text", S), ("other_text", S),
    ],
}

TITLE = re.compile(r"绩效目标(申报|填报)?表|项目库年度绩效表|绩效指标表|部门整体绩效目标")
NOT_MINE = re.compile(r"自评|评价|完成情况|目录")
DEPARTMENT_SCOPE = re.compile(r"部门整体|整体绩效")

# Header labels of an indicator grid -> role.
HEADER_ROLES: list[tuple[str, re.Pattern]] = [(r, re.compile(p)) for r, p in [
    ("level1", r"^一级(绩效)?指标$"),
    ("level2", r"^二级(绩效)?指标$"),
    ("level3", r"^(三级(绩效)?指标|绩效内容|三级指标名称)$"),
    ("name", r"^指标名称$"),                # a grid without level columns names its indicators here
    ("name_alt", r"^(绩效指标|指标)$"),      # … or here (when no 指标名称 column)
    ("description", r"^(绩效)?指标(内容|描述|说明)$|^绩效指标描述$"),
    ("period_target", r"^实施周期指标值$|^中长期指标值$"),
    ("target", r"^(年度|当年|本年)?([(（][^)）]*[)）])?(绩效|指标|目标|绩效指标|绩效目标|指标目标)值$|^指标值[(（].*[)）]$"
               r"|^预期目标值?$"),
    ("basis", r"^指标值确定依据$|^(确定|设定)依据$|^指标值设定依据$"),
    ("nature", r"^(绩效)?指标性质$"),
    ("measure_unit", r"^(绩效)?(度量|计量)单位$"),
    ("activity", r"^活动(名称)?$"),          # 北京 预算13表: the department's activity each indicator is listed under
    # the points a target grid gives each indicator (国家信访局 分值权重（90）, 重庆 指标权重(%))
    ("weight", r"^(指标)?(分值|权重|分值权重)([(（][^)）]*[)）])?$"),
    # list layouts print the project on every indicator row
    ("row_project", r"^项目名称$"),
    ("row_amount", r"^(当年财政拨款预算金额|预算金额|当年预算|项目金额|项目总额)$"),
    ("row_goal", r"^(当年绩效目标|年度绩效目标|绩效目标)$"),
    ("row_fiscal", r"^(其中[:：]?)?(财政资金|财政拨款)$"),
    ("row_other", r"^(其中[:：]?)?其他资金$"),
]]
EVALUATION_HEADER = re.compile(r"实际完成|完成值|得分|偏差")  # targets may print 分值 (weights); actuals are evaluations

# Label cells of a project block -> field.
LABELS: list[tuple[str, re.Pattern]] = [(f, re.compile(p)) for f, p in [
    ("project_name", r"^(项目(名称|全称)|转移支付(项目)?名称)$"),   # 转移支付名称: 北京 预算14表
    ("project_code", r"^项目(编码|编号|代码)$"),
    ("department_text", r"^(主管部门(及代码)?|部门名称|预算部门|部门[(（]单位[)）]名称|单位名称)$"),
    ("implementing_unit", r"^(实施单位|资金使用单位|项目单位)$"),
    ("attribute_text", r"^项目属性$"),
    ("period_text", r"^项目期限$"),
    ("office_text", r"^(项目主管处室|资金主管处.*室|主管处室)$"),
    ("amount", r"^(项目年度金额.*|预算数|(年度|实施期|项目)?(预算)?资金(总额|金额)|项目总金额.*|年度预算数?|(项目)?预算金额|当年预算|年度金额)$"),
    ("fiscal_text", r"^(其中[:：]?)?(财政拨款|财政资金)$"),
    ("other_text", r"^(其中[:：]?)?其他资金$"),
    ("carryover_text", r"^(其中[:：]?)?上年结转(资金)?$"),
    ("goal_text", r"^(年度总体绩效目标|项目年度绩效目标|绩效目标|年度绩效目标|总体绩效目标|总体目标|年度总体目标|项目实施期目标|整体绩效目标"
                  r"|(当年|本年)(整体)?绩效目标|(项目)?(年度|当年)(总)?目标)$"),   # 年度目标: 福州; 当年绩效目标: 重庆 表十一
    # the period's goal printed beside the year's (上海普陀 项目总目标 | 年度总体目标; 西安 实施期总目标 | 年度目标)
    ("period_goal_text", r"^(项目总目标|实施期总目标|项目实施期总目标|实施期(绩效)?目标)$"),
    ("purpose_text", r"^(资金用途|项目概况|用途)$"),
]]
LEVELS_IN_NAME = re.compile(
    r"^(产出指标|效益指标|满意度指标|成本指标)"
    r"(数量指标|质量指标|时效指标|成本指标|经济效益指标|社会效益指标|生态效益指标|可持续影响指标|服务对象满意度指标"
    r"|经济成本指标|社会成本指标|生态环境成本指标)(.+)$")
LEVEL1_TERM = re.compile(r"^(\d\s*[-－、.]\s*)?(产出|效益|满意度|成本)指标")
LEVEL2_TERM = re.compile(r"^(\d{2}\s*[-－、.]\s*)?(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度"
                         r"|经济成本|社会成本|生态环境成本)(指标)?")
# A project name printed after its code: "11000022T000000460216-《…》" (codes carry letters and
# at least 12 characters, so "2024-…" or "1、…" never match).
CODE_PREFIX = re.compile(r"^([0-9]{6,}[0-9A-Z]{6,})\s*[-－—_]\s*(\S.*)$")
# Fields that hold a figure: a text beside their label (收入来源, 执行率分值（10分）: the next label of a block
# printing no total) is not their value; a figure printed with its unit (337770.89万元) is.
MONEY_FIELDS = ("amount", "fiscal_text", "other_text", "carryover_text")
# Fields whose value may be printed under their label, in the next row (see Reader._values_below).
GOAL_FIELDS = ("goal_text", "period_goal_text", "purpose_text")
FUNDS_LABEL = re.compile(r"^(项目资金|预算规模及资金用途|预算规模)")
# A label of the block's money whose unit it prints (项目资金（万元）, 专项资金情况（万元）, 年度预算安排（万元）).
FUNDS_UNIT_LABEL = re.compile(r"^\S{0,12}(资金|预算)\S{0,8}[(（](万元|元|千元)[)）]$")
# The funding block of a 部门整体支出绩效目标表 (北京 预算13表): a label such as 总体资金情况（万元） over two header
# rows (预算支出总额 | 财政拨款 ×3 | 其他资金 ×3 over 合计 | 基本支出 | 项目支出) and a row of figures. Each
# column's header path gives its field; a path not listed here leaves the whole block unread.
FUNDING_FIELDS = {
    ("total",): "amount", ("fiscal", "total"): "fiscal_text", ("fiscal", "basic"): "fiscal_basic_text",
    ("fiscal", "project"): "fiscal_project_text", ("other", "total"): "other_text",
    ("other", "basic"): "other_basic_text", ("other", "project"): "other_project_text",
}
FUNDING_TERMS: list[tuple[str, re.Pattern]] = [(t, re.compile(p)) for t, p in [
    ("total", r"^(预算支出总额|资金总额|预算总额|总额|合计|小计)$"), ("fiscal", r"^(财政拨款|财政资金)$"),
    ("other", r"^其他资金$"), ("basic", r"^基本支出$"), ("project", r"^项目支出$"),
]]
FUNDING_LABEL = re.compile(r"资金")
TASK_TOTAL = re.compile(r"^(金额)?(合计|总计)$")   # the total row of a 部门整体 table's task list
SPEND_LABEL = re.compile(r"^资金支出计划")
# The name of a spending unit (资金使用单位) heading its projects in a packed table: an organ's name,
# possibly followed by its other name in brackets ("…环境技术中心（广州市美丽城市建设中心）").
SPENDING_UNIT = re.compile(r"(局|分局|中心|中心站|站|所|院|馆|队|办公室|委员会|委|办|处|学校|校|厅|部|室|台|场|宫|社)"
                           r"([（(][^）)]*[）)])?$")
MONTH = re.compile(r"^(\d{1,2}月底|[一二三四五六七八九十]{1,2}月底|第[一二三四]季度)$")
UNIT_IN_LABEL = re.compile(r"[(（](万元|元|千元)[)）]")

# Packed indicator cells (one cell lists every indicator of a project).
# An item starts with its number and the 一级 code ("2、1－产出指标"), after "；", "。" or nothing.
PACKED_SPLIT = re.compile(r"[;；。]?\s*(?=(?<![\d.])\d{1,2}\s*[、.．]\s*\d\s*[－\-—]\s*[\u4e00-\u9fff])")
PACKED_ITEM = re.compile(
    r"^(?:\d+\s*[、.．]\s*)?(?P<l1>\d\s*[－\-—]\s*[^，,；;]+)[，,]\s*(?P<l2>\d+\s*[－\-—]\s*[^，,；;]+)[，,]\s*"
    r"(?P<name>.*?)[；;。，,]?\s*实施周期指标(?:\d+(?:\.\d+)?)?值\s*[:：]?(?P<period>.*?)[，,；;。]?\s*"
    r"年度指标值\s*[:：]?\s*(?P<year>.*?)[；;。]?\s*$",
    re.S)


def label_field(text: str) -> str | None:
    label = squash(text).rstrip(":：")
    # the unit in brackets after the label, after or before its colon (年度资金总额：（万元）, 资金总额（万元）：)
    label = re.sub(r"[(（](万元|元|千元)[)）]$", "", label).rstrip(":：") if not label.startswith("项目年度金额") else label
    for name, pattern in LABELS:
        if pattern.match(label):
            return name
    return None


def distinct(cells: list[str]) -> list[tuple[int, str]]:
    """Cells with a merge's repeated text collapsed to its first column: [(column, text)]."""
    out: list[tuple[int, str]] = []
    for j, cell in enumerate(cells):
        text = (cell or "").strip()
        if out and squash(out[-1][1]) == squash(text) and text:
            continue
        if text:
            out.append((j, text))
    return out


def header_roles(cells: list[str]) -> dict[str, int] | None:
    """Column of each role when the row is an indicator grid header, else None."""
    roles: dict[str, int] = {}
    for j, cell in enumerate(cells):
        label = squash(cell)
        for role, pattern in HEADER_ROLES:
            if pattern.match(label) and role not in roles:
                roles[role] = j
                break
    has_target = "target" in roles or "period_target" in roles
    if "level1" in roles and ("level2" in roles or "level3" in roles) and has_target:
        return roles
    if "name" not in roles and "name_alt" in roles:
        roles["name"] = roles["name_alt"]
    if "name" in roles and has_target and ("nature" in roles or "measure_unit" in roles):
        return roles  # 指标名称 | 指标性质 | 指标值 | 计量单位, without level columns
    return None


@dataclass
class Project:
    title: str
    scope: str
    page: int
    table_index: int
    page_row: int
    fields: dict = field(default_factory=dict)
    spend_plan: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    listed: bool = False       # read from a list printing the project on every indicator row
    name_before: bool = True  # in such a list: no other project's name printed above it on its first page


@dataclass
class TargetTable:
    layout: str
    scope: str
    title: str
    pages: list[int]
    strategy: str
    text: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    amount_decimals: int = 0   # the most decimals a project list's amounts print
    # label of each of its grids' header columns not read, heading a row -> what the rows showed under it
    unread: dict[str, set] = field(default_factory=dict)

    def unread_labels(self) -> list[str]:
        """The labels of header columns not read, in print order: each a column with text of a row's own, or a column
        of its own (not the next column of a merged label) whose rows never print its label (a label merged down)."""
        return [label for label, seen in self.unread.items()
                if "printed" in seen or ("headed" in seen and "label_down" not in seen)]


def _title_of(table: Table) -> str | None:
    candidates = list(table.lines_above[-4:])
    if table.rows and len({c for c in table.rows[0] if c}) == 1:
        candidates.append(next(c for c in table.rows[0] if c))  # a title printed in the table's first row
    for line in reversed(candidates):
        text = squash(line)
        if TITLE.search(text) and not NOT_MINE.search(text) and len(text) <= 120:
            return line.strip()
    return None


PACKED_GOAL = re.compile(r"^(项目)?(总体|年度|整体)?绩效目标$")
PACKED_UNIT = re.compile(r"^(二级预算单位名称|预算单位名称|单位名称|预算单位|资金使用单位)$")


def _is_packed_header(cells: list[str]) -> dict[str, int] | None:
    """Columns of a one-row-per-project table (项目名称 … 绩效目标 [绩效指标]), else None. Lists of
    projects and goals only (单位名称 | 项目名称 | 金额 | 项目总体绩效目标; 二级预算单位名称 | 一级项目名称 |
    预算数 | 绩效目标) are read the same way."""
    labels = [squash(c) for c in cells]
    name = next((j for j, l in enumerate(labels) if re.match(r"^([一二]级)?(项目名称|支出项目)", l)), None)
    if name is None or not ("绩效指标" in labels or any(PACKED_GOAL.match(l) for l in labels)) or any(
            re.match(r"^(一级(?!项目)|指标名称|指标值|三级)", l) for l in labels):
        return None
    roles = {"name": name}
    if "绩效指标" in labels:
        roles["indicators"] = labels.index("绩效指标")
    for j, label in enumerate(labels):
        if re.match(r"^(总计|合计|金额|预算数)", label) and "amount" not in roles:
            roles["amount"] = j
        elif label in ("财政拨款", "财政资金") and "fiscal" not in roles:
            roles["fiscal"] = j
        elif label.startswith("财政专户") and "special" not in roles:
            roles["special"] = j
        elif label == "其他资金" and "other" not in roles:
            roles["other"] = j
        elif PACKED_GOAL.match(label) and "goal" not in roles:
            roles["goal"] = j
        elif PACKED_UNIT.match(label) and j < name and "unit" not in roles:
            roles["unit"] = j
    return roles


class Reader:
    """Walks a document's tables in order and groups them into target tables and projects."""

    def __init__(self, document: Document):
        self.document = document
        self.tables: list[TargetTable] = []
        self.current: TargetTable | None = None
        self.project: Project | None = None
        self.roles: dict[str, int] | None = None   # the open indicator grid's columns
        self.grid_width = 0
        self.grid_header: list[str] = []
        self.unread_columns: list[tuple[int, str, bool]] = []   # the open grid's header columns not read (unread_columns)
        self.value_continuations: dict[str, list[int]] = {}     # its value columns' merged next columns
        self.pending_title: str | None = None
        self.spend_columns: list[tuple[int, str]] | None = None
        self.repeating = False  # inside a project block printed again on a new page
        self.funding_header = None  # (label, column -> header terms, column -> printed top label) of a funding block
        self.task_columns: dict[int, str] | None = None  # column -> 总额/财政拨款/其他资金 of a 部门整体 table's task list
        self.packed_roles: dict[str, int] | None = None  # the open one-row-per-project list's columns
        self.list_previous: tuple | None = None  # (page, name, goal) of a project list's previous row
        # labels of the block's previous row printed with no value beside them: field -> the label's columns
        # (a label row over its value row: 当年整体绩效目标 across the table, then the goal across it)
        self.labels_above: dict[str, list[int]] | None = None
        self.labels_row: list[str] = []

    def read(self) -> list[TargetTable]:
        for table in self.document.tables:
            title = _title_of(table)
            if not table.rows:
                if title:
                    self.pending_title = title
                elif self.current is not None and any(squash(l) for l in table.lines_above):
                    self._close()
                continue
            self._table(table, title or self.pending_title)
            self.pending_title = None
        for table in self.tables:
            for project in table.projects:
                _seat_glued_level1(project.indicators)
                _fill_leading_levels(project.indicators)
            _names_from_neighbours(table.projects)
        return [t for t in self.tables if any(p.indicators or p.fields for p in t.projects) or t.totals]

    def _close(self):
        self.current, self.project, self.roles, self.spend_columns = None, None, None, None

    def _table(self, table: Table, title: str | None):
        rows = table.rows
        packed = next(((i, roles) for i, r in enumerate(rows[:4]) if (roles := _is_packed_header(r))), None)
        if packed:
            self._packed(table, title, packed[0], packed[1])
            return
        if (not title and self.current is not None and self.current.layout == "packed" and self.packed_roles
                and table.page == self.current.pages[-1] + 1 and table.index == 0
                and table.n_cols == len(self.current.header) and not any(header_roles(r) for r in rows)
                and not any(label_field(c) in ("project_name", "project_code") for r in rows[:6] for c in r[:3])):
            self._packed(table, None, -1, self.packed_roles)  # the list continued on a page without its header
            return
        if any(EVALUATION_HEADER.search(squash(c)) for r in rows[:12] if header_roles(r) for c in r) or any(
                NOT_MINE.search(squash(line)) and re.search(r"表\s*$", line) for line in table.lines_above[-4:]):
            self._close()  # a self-evaluation table (自评表 title, or actuals in its header): not a target table
            return
        has_block = any(label_field(c) in ("project_name", "project_code") for r in rows[:6] for c in r[:3])
        has_header = any(header_roles(r) for r in rows)
        mapping = None
        repeated_title = bool(title) and self.current is not None and squash(title) == squash(self.current.title)
        if (not title or repeated_title) and not has_block and not has_header and self.roles is not None \
                and self.project is not None:
            mapping = self._continuation_columns(table.n_cols)
        continues = mapping is not None
        if continues:
            title = None  # the title printed again over the grid's next page (no block, no header): it goes on
        if title and self.current is not None and squash(title) == squash(self.current.title) \
                and self._repeats_current_project(table):
            title = None  # the title and block printed again on the next page of the same project
        if title or ((has_block or has_header) and self.current is None):
            scope = "department" if DEPARTMENT_SCOPE.search(squash(title or "")) else "project"
            self.current = TargetTable(layout="grid", scope=scope, title=title or "", pages=[],
                                       strategy=table.strategy)
            self.tables.append(self.current)
            self.project, self.roles, self.spend_columns = None, None, None
        elif not (has_block or has_header or continues):
            self._close()
            return
        if table.page not in self.current.pages:
            self.current.pages.append(table.page)
        self.current.text += list(table.lines_above) + list(table.lines_below)
        # "金额单位：万元" printed in a cell of the rows above the header (北京's 预算12表)
        self.current.text += [t for r in table.rows[:3] for _, t in distinct(r) if UNIT.search(squash(t))]
        if continues and mapping != list(range(self.grid_width)):
            table = Table(page=table.page, index=table.index, rows=[self._widen(r, mapping) for r in table.rows],
                          lines_above=table.lines_above, lines_below=table.lines_below, strategy=table.strategy)
        self._grid_rows(table)

    def _continuation_columns(self, width: int) -> list[int] | None:
        """Grid column of each column of a continuation table. A continuation page may be printed
        without the merged columns (the 绩效指标 label column, a 三级指标 header spanning two
        columns): its columns then match the grid's distinct columns, with or without the first."""
        if width == self.grid_width:
            return list(range(width))
        header = [squash(c) for c in self.grid_header]
        distinct = [j for j in range(len(header)) if j == 0 or header[j] != header[j - 1] or not header[j]]
        if width == len(distinct):
            return distinct
        if width == len(distinct) - 1:
            return distinct[1:]
        return None

    def _widen(self, cells: list[str], mapping: list[int]) -> list[str]:
        wide = [""] * self.grid_width
        for i, j in enumerate(mapping):
            if i < len(cells):
                wide[j] = cells[i]
        header = [squash(c) for c in self.grid_header]
        for j in range(1, self.grid_width):
            if not wide[j] and header[j] and header[j] == header[j - 1]:
                wide[j] = wide[j - 1]  # the merged column's second half
        return wide

    def _same_project(self, texts: list[tuple[int, str]], page: int) -> bool:
        """A project block naming the open project again, on a later page than its last indicator."""
        project = self.project
        if project is None or not project.indicators or page <= project.indicators[-1]["page"] or len(texts) < 2:
            return False
        name = label_field(texts[0][1])
        return bool(project.fields.get(name)) and squash(texts[1][1]) == squash(project.fields[name])

    def _repeats_current_project(self, table: Table) -> bool:
        for cells in table.rows[:4]:
            texts = distinct(cells)
            if texts and label_field(texts[0][1]) in ("project_name", "project_code"):
                return self._same_project(texts, table.page)
        return False

    def _new_project(self, table: Table, k: int):
        self.project = Project(title=self.current.title, scope=self.current.scope, page=table.page,
                               table_index=table.index, page_row=k)
        self.current.projects.append(self.project)
        self.roles, self.spend_columns, self.labels_above = None, None, None

    def _grid_rows(self, table: Table):
        for k, cells in enumerate(table.rows):
            texts = distinct(cells)
            if not texts:
                continue
            roles = header_roles(cells)
            if roles:
                if self.project is None:
                    self._new_project(table, k)
                if not self.current.header:
                    self.current.header = list(cells)
                self.roles, self.grid_width, self.grid_header = roles, len(cells), list(cells)
                self.unread_columns = unread_columns(cells, roles)
                self.value_continuations = value_continuations(cells, roles)
                self.repeating, self.labels_above = False, None
                continue
            if sum(bool(re.match(r"^[一二三]级(绩效)?指标$", squash(t))) for _, t in texts) >= 2:
                continue  # a header of a layout not read (its value column unnamed): not a block row
            across = len(texts) == 1 and all(squash(c) == squash(texts[0][1]) for c in cells) and len(cells) > 2
            if across and self.roles is None and (label_field(texts[0][1]) in GOAL_FIELDS or self.labels_above):
                pass  # a label printed across the table, or the value under such a label: a block row
            elif across:
                self.labels_above = None
                continue  # one text across the whole row: a title or "(2026年度)" line, not a field or indicator
            first_field = label_field(texts[0][1])
            starts_project = first_field in ("project_name", "project_code")
            if starts_project and self._same_project(texts, table.page):
                self.repeating = True
            if self.repeating:
                continue  # the block of the project already read, printed again on its next page
            if self.roles is not None and not starts_project:
                self._indicator(table, k, cells)
                continue
            if self.project is None or (starts_project and (self.project.indicators or first_field in self.project.fields)):
                self._new_project(table, k)
            self._block_row(cells, texts)

    def _funding_block(self, cells: list[str], texts: list[tuple[int, str]]) -> bool:
        """A row of the funding block (label, header rows, figures row); True when consumed."""
        label = squash(texts[0][1])
        values = [(j, squash(c)) for j, c in enumerate(cells) if j > texts[0][0] and squash(c) != label]
        if not FUNDING_LABEL.search(label) or not values or label_field(texts[0][1]) is not None:
            self.funding_header = None
            return False
        terms = [next((t for t, p in FUNDING_TERMS if p.match(v)), None) for _, v in values]
        header_open = self.funding_header is not None and self.funding_header[0] == label
        has_figures = any(is_amount(v) for _, v in values)
        if not has_figures and (header_open or any(t in ("fiscal", "other") for t in terms)):
            if not header_open:
                self.funding_header = (label, {}, {})
            if not all(terms):
                self.funding_header[1][-1] = ["unknown"]   # a header label we do not know: the block stays unread
            for (j, printed), term in zip(values, terms):
                if term is None:
                    continue
                path = self.funding_header[1].setdefault(j, [])
                if not path or path[-1] != term:
                    path.append(term)
                    self.funding_header[2].setdefault(j, printed)
            return True
        if self.funding_header is None or self.funding_header[0] != label:
            return False
        _, paths, printed = self.funding_header
        self.funding_header = None
        figures = {j: v for j, v in values if v}
        fields = {j: FUNDING_FIELDS.get(tuple(p)) for j, p in paths.items()}
        if set(figures) - set(paths) or not all(fields.values()) or not all(is_amount(v) for v in figures.values()) \
                or len(set(fields.values())) != len(fields):
            return True   # a block we cannot map with certainty: not read (no figure in a wrong field)
        for j, name in fields.items():
            self.project.fields[name] = (cells[j] or "").strip()
            if name == "amount":
                self.project.fields.setdefault("amount_label", printed[j])
        match = UNIT_IN_LABEL.search(label)
        if match:
            self.project.fields.setdefault("unit_text", match.group(1))
        return True

    def _task_total(self, cells: list[str], texts: list[tuple[int, str]]) -> bool:
        """The list of a 部门整体 table's main tasks (年度主要任务 | 任务名称 | 主要内容 | 预算金额（万元） over 总额 |
        财政拨款 | 其他资金): its 金额合计 row is the department's money (西安: the table prints no other amount).
        The columns are the ones the list's header names; True when the row was the header or the total."""
        if self.current.scope != "department":
            return False
        terms = {j: next((t for t, p in FUNDING_TERMS if p.match(squash(c))), None) for j, c in enumerate(cells)}
        terms = {j: t for j, t in terms.items() if t in ("total", "fiscal", "other")}
        if {"total", "fiscal"} <= set(terms.values()) and not any(is_amount(squash(c)) for c in cells):
            self.task_columns = terms
            return True
        if self.task_columns is None:
            return False
        label = next((t for j, t in texts if j < min(self.task_columns) and TASK_TOTAL.match(squash(t))), None)
        if label is None:   # (the section's label 年度主要任务 may be printed in the first column of every row)
            return False
        values = {j: squash(cells[j]) for j in self.task_columns if j < len(cells)}
        if values and all(is_amount(v) or not v for v in values.values()):
            fields = self.project.fields
            for j, term in self.task_columns.items():
                name = {"total": "amount", "fiscal": "fiscal_text", "other": "other_text"}[term]
                if values.get(j) and not fields.get(name):
                    fields[name] = (cells[j] or "").strip()
                    if name == "amount":
                        fields["amount_label"] = squash(label)
        self.task_columns = None
        return True

    def _values_below(self, cells: list[str], texts: list[tuple[int, str]]) -> bool:
        """The row under a row of labels printed without their values (项目绩效目标 | 项目总目标 | 年度总体目标 over
        the two goals; 当年整体绩效目标 across the table over the goal across it): each label takes the text printed
        in its own columns, when the row prints no label itself. Goals only (GOAL_FIELDS). True when the row was
        read so."""
        above, self.labels_above = self.labels_above, None
        merged = [squash(c) for c in self.labels_row]   # a group label merged down over both rows is no label of this one
        if not above or any((label_field(t) is not None and not (j < len(merged) and merged[j] == squash(t)))
                            or MONTH.match(squash(t)) for j, t in texts):
            return False
        # every text of the row sits under a label waiting for its value, or repeats a group label merged down over
        # both rows: a row printing anything else (其他说明 | 根据… under a blank 整体绩效目标) is a row of its own
        under = {j for columns in above.values() for j in columns}
        if any(j not in under and not (j < len(merged) and merged[j] == squash(t)) for j, t in texts):
            return False
        fields = self.project.fields
        taken = False
        for name, columns in above.items():
            value = next(((cells[j] or "").strip() for j in columns if j < len(cells) and (cells[j] or "").strip()), "")
            if not value:
                continue
            if name == "goal_text" and fields.get(name):
                fields[name] = join_wrapped(fields[name] + "\n" + value)
            elif not fields.get(name):
                fields[name] = value
            taken = True
        return taken

    def _block_row(self, cells: list[str], texts: list[tuple[int, str]]):
        fields = self.project.fields
        if self._funding_block(cells, texts) or self._task_total(cells, texts):
            self.labels_above = None
            return
        if self._values_below(cells, texts):
            return
        if self.spend_columns is not None:
            values = {j: (cells[j] or "").strip() for j in range(len(cells))}
            self.project.spend_plan = [[label, values.get(j, "")] for j, label in self.spend_columns]
            self.spend_columns = None
            if not any(MONTH.match(squash(t)) for _, t in texts):
                return
        months = [(j, squash(t)) for j, t in texts if MONTH.match(squash(t))]
        if len(months) >= 2:
            self.spend_columns = months
            return
        for j, text in texts:
            match = UNIT_IN_LABEL.search(squash(text))
            if match and (FUNDS_LABEL.match(squash(text)) or FUNDS_UNIT_LABEL.match(squash(text))):
                fields.setdefault("unit_text", match.group(1))
        i = 0
        consumed_label = False
        without_value: dict[str, list[int]] = {}
        while i < len(texts):
            j, text = texts[i]
            name = label_field(text)
            if name is None:
                i += 1
                continue
            consumed_label = True
            following = label_field(texts[i + 1][1]) if i + 1 < len(texts) else None
            if name == "goal_text" and following == "period_goal_text":
                pass   # a label over the goal labels beside it (总体目标 | 实施期总目标 | 年度目标): they take the values
            elif name in GOAL_FIELDS and (i + 1 == len(texts) or following is not None):
                # no value beside it: its value may be printed under it, in the next row (a text field only: a
                # figure under a label may be any column's of a grid the block prints, 广州's 预算整体情况)
                columns = [c for c in range(j, len(cells)) if all(squash(cells[b]) == squash(text) for b in range(j, c + 1))]
                without_value[name] = [] if name in without_value else columns   # a label printed twice: not read
            value = ""
            if i + 1 < len(texts) and label_field(texts[i + 1][1]) is None and not (
                    name in MONEY_FIELDS and re.search(r"[\u4e00-\u9fff]", re.sub(r"(万元|千元|元)$", "", squash(texts[i + 1][1])))):
                value = texts[i + 1][1]
                if name in ("goal_text", "purpose_text"):
                    # the rest of the row, up to the next label (项目总目标 | … | 年度目标 | …: each its own)
                    end = next((n for n in range(i + 1, len(texts)) if label_field(texts[n][1]) is not None), len(texts))
                    value = " ".join(t for _, t in texts[i + 1:end])
                    i = end - 2
                i += 2
            else:
                i += 1
            if name == "amount":
                fields.setdefault("amount_label", squash(text))
                match = UNIT_IN_LABEL.search(squash(text))
                if match:
                    fields.setdefault("unit_text", match.group(1))
            if name == "goal_text" and fields.get("goal_text"):
                fields["goal_text"] = join_wrapped(fields["goal_text"] + "\n" + value)  # a goal printed over several rows
            elif name not in fields or not fields[name]:
                fields[name] = value
        self.labels_above = {name: columns for name, columns in without_value.items() if columns} or None
        self.labels_row = list(cells)
        if not consumed_label and texts and FUNDS_LABEL.match(squash(texts[0][1])):
            # 预算规模及资金用途 merged over the row that says what the money is for
            rest = [t for _, t in texts[1:]]
            if rest:
                fields["purpose_text"] = " ".join(rest)
        elif not consumed_label and len(texts) == 1 and fields.get("goal_text") is not None and not self.project.indicators:
            fields["goal_text"] = join_wrapped(fields["goal_text"] + "\n" + texts[0][1])

    def _indicator(self, table: Table, k: int, cells: list[str]):
        roles = self.roles

        def cell(role):
            j = roles.get(role)
            return (cells[j] or "").strip() if j is not None and j < len(cells) else ""

        unsplit = next((c for c in cells if isinstance(c, UnsplitText)), None)
        if unsplit is not None:
            # A raw text row whose cells the reader could not tell apart: its certain level cells and its
            # printed text, flagged; no level is carried into it, no cell is guessed.
            row = {role: "" for role in INDICATOR_ROLES}
            row.update(level1=cell("level1"), level2=cell("level2"), unsplit=str(unsplit), page=table.page,
                       table_index=table.index, page_row=k, levels_carried=False)
            self.project.indicators.append(row)
            return
        row = {role: cell(role) for role in INDICATOR_ROLES}
        row["unsplit"] = ""
        _reseat_on_value_column(row, roles, cells)
        for role, columns in self.value_continuations.items():
            # the value's texts under its label merged over several columns (≥ | 600次), each once: a merged body cell
            # repeats its text in the next column (100% | 100%)
            parts = [row[role]]
            for j in columns:
                text = (cells[j] or "").strip() if j < len(cells) else ""
                if text and squash(text) != squash(parts[-1]):
                    parts.append(text)
            row[role] = "".join(p for p in parts if p)
        if "level3" not in roles and "name" not in roles and "description" in roles:
            # 指标内容 the grid's only column naming its indicators (西安 专项业务经费绩效目标表: 一级 | 二级 | 指标内容 |
            # 指标值 | 备注): it holds the indicator, not a description of one named elsewhere
            row["level3"], row["description"] = row["description"], ""
        if "level3" not in roles and "name" in roles:
            row["level3"] = cell("name")
            if "level1" not in roles:
                # "产出指标质量指标水质": the levels printed in front of the indicator's name
                match = LEVELS_IN_NAME.match(squash(row["level3"]))
                if match:
                    row["level1"], row["level2"], row["level3"] = match.group(1), match.group(2), match.group(3)
        if not any(row[r] for r in ("level3", "description", "target", "period_target")):
            return
        if squash(row["level1"]) in ("合计", "总计"):
            return
        row["unread"] = self._unread_text(cells)
        if len(re.findall(r"(产出|效益|满意度|成本)指标", squash(row["level1"]))) >= 2:
            # one 一级 cell holding the labels of several rows (北京: a body that leaves out the rules between
            # them in that column): which label is this row's is not certain. Kept as printed and flagged
            # (cells_certain false); no 一级 is guessed or carried into it (but see _seat_glued_level1).
            row["unsplit"], row["level1"], row["glued_level1"] = row["level1"], "", True
        if "row_project" in roles:
            self._list_row(table, k, cell)
        if row["unsplit"]:
            row.update(page=table.page, table_index=table.index, page_row=k, levels_carried=False)
            self.project.indicators.append(row)
            return
        indicators = self.project.indicators
        carried = False
        previous = indicators[-1] if indicators else None
        if previous is not None and previous["unsplit"]:
            previous = None        # levels are never carried from a row whose cells are not certain
        if "level1" not in roles:
            pass  # no level columns: nothing to carry
        elif not row["level1"] and previous is not None:
            row["level1"], carried = previous["level1"], True
            if not row["level2"]:
                row["level2"] = previous["level2"]
            else:
                # the label above belongs to another group when the printed 二级 cannot sit under it
                # (a merged 一级 cell whose label was printed on the next page)
                implied = _level1_of(row["level2"])
                if implied and implied != _level1_of_name(row["level1"]):
                    row["level1"] = implied
        elif not row["level2"] and previous is not None and previous["level1"] == row["level1"] and roles.get("level2") is not None:
            row["level2"], carried = previous["level2"], True
        row.update(page=table.page, table_index=table.index, page_row=k, levels_carried=carried)
        indicators.append(row)

    def _unread_text(self, cells: list[str]) -> str:
        """The row's cells under the grid's header columns the form does not read, as printed ("label：text" joined by
        "；"). A header label merged down its column over the rows (绩效指标, 整体绩效目标 printed in every row) is no
        text of the row, nor a merged cell's text repeated in its next column. The table lists the labels (see
        TargetTable.unread_labels)."""
        parts = []
        for j, label, merged in self.unread_columns:
            text = (cells[j] or "").strip() if j < len(cells) else ""
            seen = self.current.unread.setdefault(label, set())
            if not merged:
                seen.add("headed")
            if squash(text) == label:
                seen.add("label_down")
            elif text and not (merged and squash(text) == squash(cells[j - 1] or "")):
                parts.append(f"{label}：{text}")
                seen.add("printed")
        return "；".join(parts)

    def _list_row(self, table: Table, k: int, cell):
        """The project of a row in a list that prints the project on every indicator row (项目名称 |
        项目总额 | 绩效目标 | 一级指标 …). The project's cells are merged over its rows, and a merge may run
        over a page break; the reader repeats a merged text on every row it covers on its page, but
        prints a figure once. So on one page a project starts where its name or goal changes or an
        amount is printed. On the first row of a page the open project goes on unless it already has
        an amount and this row prints another; texts of a merge cut by the page break (a name's
        code on one page, the rest on the next) are joined."""
        name, amount, goal = cell("row_project"), cell("row_amount"), cell("row_goal")
        fiscal, other = cell("row_fiscal"), cell("row_other")
        project, previous = self.project, self.list_previous
        self.list_previous = (table.page, name, goal)
        fields = project.fields
        project.listed = True
        if not project.indicators and not fields:
            starts = False  # the grid's first row: fills the project the header opened
        elif previous is not None and previous[0] == table.page:
            starts = bool(amount) or name != previous[1] or goal != previous[2]
        elif amount and fields.get("amount") and self._figure_rest(fields.get("amount"), amount):
            starts = False
            for key, text in (("amount", amount), ("fiscal_text", fiscal), ("other_text", other)):
                if text and fields.get(key) and self._figure_rest(fields[key], text):
                    fields[key] += text   # "4,140.5681" | "31": a figure wrapped over the page break
            amount = fiscal = other = ""
        else:
            starts = bool(amount) and bool(fields.get("amount"))
        if starts:
            roles = self.roles
            self._new_project(table, k)
            self.roles = roles
            project, fields = self.project, self.project.fields
            project.listed = True
        project.name_before = project.name_before and (
            not starts or previous is None or previous[0] != table.page or not previous[1])
        continued_page = not starts and previous is not None and previous[0] != table.page
        for key, text in (("project_name", name), ("goal_text", goal)):
            if text and not fields.get(key):
                fields[key] = text
            elif text and continued_page and squash(text) != squash(fields[key]):
                fields[key] = join_wrapped(fields[key] + "\n" + text)   # a merged text cut by the page break
        for key, text in (("amount", amount), ("fiscal_text", fiscal), ("other_text", other)):
            if text and not fields.get(key):
                fields[key] = text
            decimals = re.fullmatch(r"-?[\d,]+\.(\d+)", text)
            if decimals:
                self.current.amount_decimals = max(self.current.amount_decimals, len(decimals.group(1)))
        if "row_amount" in self.roles and not fields.get("amount_label"):
            fields["amount_label"] = squash(self.grid_header[self.roles["row_amount"]])

    def _figure_rest(self, figure: str, text: str) -> bool:
        """Whether `text`, digits alone, is the rest of `figure` cut by a page break: the list's
        figures print a fixed number of decimals, and the two together print exactly that many."""
        decimals = re.fullmatch(r"-?[\d,]+\.(\d+)", figure)
        return bool(decimals and re.fullmatch(r"\d+", text)
                    and len(decimals.group(1)) + len(text) == self.current.amount_decimals)

    def _packed(self, table: Table, title: str | None, header_at: int, roles: dict[str, int]):
        same_table = self.current is not None and self.current.layout == "packed" and (
            not title or squash(title) == squash(self.current.title))  # the title is repeated on every page
        if not same_table:
            self.current = TargetTable(layout="packed", scope="project", title=title or "", pages=[table.page],
                                       strategy=table.strategy, header=table.rows[header_at])
            self.tables.append(self.current)
        elif table.page not in self.current.pages:
            self.current.pages.append(table.page)
        self.current.text += list(table.lines_above) + list(table.lines_below)
        group = ""
        if self.current.totals:
            group = next((t["label"] for t in reversed(self.current.totals) if t["total_kind"] == "group"), "")

        def cell(cells, role):
            j = roles.get(role)
            return (cells[j] or "").strip() if j is not None and j < len(cells) else ""

        self.packed_roles = roles
        for k, cells in enumerate(table.rows[header_at + 1:], start=header_at + 1):
            name, packed = cell(cells, "name"), cell(cells, "indicators")
            if not name and not packed:
                goal = cell(cells, "goal")
                if goal and k == header_at + 1 and self.current.projects and not table.rows[k][0]:
                    # the last project's goal, cut by the page break
                    last = self.current.projects[-1].fields
                    last["goal_text"] = join_wrapped(last.get("goal_text", "") + "\n" + goal)
                continue
            if _is_packed_header(cells) or all(re.fullmatch(r"[*＊]+", squash(c)) for c in cells if squash(c)):
                continue   # the header repeated, or a row of asterisks (a template's placeholder line)
            kind = "table" if re.match(r"^(合计|总计)", squash(name)) else "group" if SPENDING_UNIT.search(squash(name)) else None
            if not packed and not cell(cells, "goal") and kind:
                # A row without targets is a total only when its label says so (合计, or a spending
                # unit's name); a project whose 绩效目标 cell is blank stays a project.
                if kind == "group":
                    group = name
                self.current.totals.append({
                    "page": table.page, "table_index": table.index, "page_row": k, "label": name,
                    "total_kind": kind, "amount_text": cell(cells, "amount"), "fiscal_text": cell(cells, "fiscal"),
                    "special_account_text": cell(cells, "special"), "other_text": cell(cells, "other")})
                continue
            project = Project(title=self.current.title, scope="project", page=table.page, table_index=table.index, page_row=k)
            project.fields = {"project_name": name, "amount": cell(cells, "amount"), "fiscal_text": cell(cells, "fiscal"),
                              "special_account_text": cell(cells, "special"), "other_text": cell(cells, "other"),
                              "goal_text": cell(cells, "goal"), "group_name": cell(cells, "unit") or group,
                              "amount_label": squash(self.current.header[roles["amount"]]) if "amount" in roles else ""}
            unit = UNIT_IN_LABEL.search(project.fields["amount_label"])
            if unit:
                project.fields["unit_text"] = unit.group(1)   # 预算数（万元）
            for item in split_packed(packed):
                project.indicators.append(dict(item, page=table.page, table_index=table.index, page_row=k,
                                               levels_carried=False, unsplit=""))
            self.current.projects.append(project)


INDICATOR_ROLES = ("level1", "level2", "level3", "description", "target", "period_target", "basis", "nature",
                   "measure_unit", "weight", "activity")
LIST_ROLES = ("row_project", "row_amount", "row_goal", "row_fiscal", "row_other")   # read when row_project is


def value_continuations(header: list[str], roles: dict[str, int]) -> dict[str, list[int]]:
    """The columns right of a value's column (指标值, 年度 / 实施期指标值) under the same header label: the label merged
    over several columns (烟台: 指标值 | 指标值, a row printing ≥ | 600次). A row's value is its texts under them, left
    to right."""
    read = {roles[r] for r in INDICATOR_ROLES if r in roles}
    out = {}
    for role in ("target", "period_target"):
        j = roles.get(role)
        label = squash(header[j]) if j is not None else ""
        columns = []
        while label and j + len(columns) + 1 < len(header) and j + len(columns) + 1 not in read \
                and squash(header[j + len(columns) + 1]) == label:
            columns.append(j + len(columns) + 1)
        if columns:
            out[role] = columns
    return out


def unread_columns(header: list[str], roles: dict[str, int]) -> list[tuple[int, str, bool]]:
    """(column, label, merged) of an indicator grid header's columns the form does not read: a label naming no role it
    reads (是否核心, 备注, 序号), a role another column already holds, 指标名称 beside a 三级指标 column, a list's project
    columns without its 项目名称, and the next columns of a label merged over several (merged: the first is read, or
    not, as the label's column) but a value's (value_continuations: read with it)."""
    read = {roles[r] for r in INDICATOR_ROLES if r in roles}
    read |= {j for columns in value_continuations(header, roles).values() for j in columns}
    if "level3" not in roles and "name" in roles:
        read.add(roles["name"])
    if "row_project" in roles:
        read |= {roles[r] for r in LIST_ROLES if r in roles}
    out, previous = [], ""
    for j, cell in enumerate(header):
        label = squash(cell)
        if label and j not in read:
            out.append((j, label, label == previous))
        previous = label
    return out


def _reseat_on_value_column(row: dict, roles: dict[str, int], cells: list[str]):
    """A text export that lost a row's leading (merged) cells prints its texts shifted left, the
    value column blank ("14-成本指标 | 经费 | 10万 | "). Every indicator row has a value, so when the
    value column is the grid's last and blank, the texts are re-seated ending on it. Only done where
    the level columns come first and nothing else (description, basis) could hold the texts."""
    order = [roles.get(r) for r in ("level1", "level2", "level3", "target")]
    if None in order or order != sorted(order) or row["target"] or order[-1] != max(v for r, v in roles.items() if r != "weight"):
        return
    span = cells[order[0]:order[-1] + 1]
    if len(span) != 4:
        return
    texts = [(c or "").strip() for c in span if (c or "").strip()]
    if len(texts) < 2 or (span[-1] or "").strip() or not row["level1"]:
        return
    level1, level2 = squash(row["level1"]), squash(row["level2"])
    shifted = (not LEVEL1_TERM.match(level1) or re.match(r"^\d{2}\s*[-－]", level1)
               or (level1.endswith("成本指标") and not LEVEL2_TERM.match(level2)))
    if not shifted:
        return  # a level label where a level belongs: the value is really blank
    seated = [""] * (4 - len(texts)) + texts
    row["level1"], row["level2"], row["level3"], row["target"] = seated


def _level1_of(level2: str) -> str | None:
    """The standard 一级 a printed 二级 belongs to, where it says."""
    text = squash(level2)
    if re.search(r"满意", text):
        return "满意度指标"
    if re.search(r"效益|可持续", text):
        return "效益指标"
    if re.search(r"数量|质量|时效", text):
        return "产出指标"
    return None


def _level1_of_name(level1: str) -> str | None:
    text = squash(level1)
    for name in ("产出指标", "效益指标", "满意度指标", "成本指标"):
        if name[:2] in text:
            return name
    return None


GLUED_LEVEL1 = re.compile(r"(?:(?:产出|效益|满意度|成本)指标)+")


def _level1_fits(level1: str, level2: str) -> bool:
    """Whether a printed 二级 says that it sits under this 一级 label: 数量/质量/时效 under 产出, 经济/社会/生态效益 and
    可持续影响 under 效益, 满意度 under 满意度; a 成本 二级 under 成本 (or under 产出, whose 二级 成本指标 it may be)."""
    text = squash(level2)
    if re.search(r"成本", text):
        return level1 in ("成本指标", "产出指标")
    implied = _level1_of(text)
    return implied is not None and implied == level1


def _seat_glued_level1(indicators: list[dict]):
    """Rows whose 一级 cell printed the labels of all of them in one (北京水务局 p136: a merged cell drawn without
    the rules between its rows, "满意度指标产出指标…效益指标" on each of its 13 rows). The k-th label is the k-th
    row's only when both the print and the rows say so: the cell holds nothing but 一级 labels, as many as the
    consecutive rows of the page that print it, and every row's own 二级 belongs to its label in that order. Then
    each row takes its label and its cells are certain; otherwise the rows stay flagged, no 一级 guessed."""
    i = 0
    while i < len(indicators):
        row = indicators[i]
        if not row.get("glued_level1"):
            i += 1
            continue
        j = i
        while (j + 1 < len(indicators) and indicators[j + 1].get("glued_level1")
               and indicators[j + 1]["unsplit"] == row["unsplit"] and indicators[j + 1]["page"] == row["page"]
               and indicators[j + 1]["table_index"] == row["table_index"]
               and indicators[j + 1]["page_row"] == indicators[j]["page_row"] + 1):
            j += 1
        group = indicators[i:j + 1]
        text = squash(row["unsplit"])
        labels = re.findall(r"(?:产出|效益|满意度|成本)指标", text)
        if GLUED_LEVEL1.fullmatch(text) and len(labels) == len(group) and all(
                _level1_fits(label, r["level2"]) for label, r in zip(labels, group)):
            for label, r in zip(labels, group):
                r["level1"], r["unsplit"] = label, ""
        i = j + 1


def _fill_leading_levels(indicators: list[dict]):
    """Rows at the top of a grid whose merged level label was printed lower down (the reader
    found no text in their part of the merge) take the label of the first row below that has one."""
    for level in ("level1", "level2"):
        blank = 0
        while blank < len(indicators) and not indicators[blank][level] and not indicators[blank]["unsplit"]:
            blank += 1
        if 0 < blank < len(indicators) and not indicators[blank]["unsplit"]:
            for row in indicators[:blank]:
                row[level], row["levels_carried"] = indicators[blank][level], True


def _names_from_neighbours(projects: list[Project]):
    """A project of a list whose name was printed on another page (a name merged over several
    projects and a page break is printed once, at the merge's centre) takes the name of its
    neighbour across the page break: the project before it when no other name is printed above it
    on its page, else the one after it."""
    listed = [p for p in projects if p.listed]
    for i, project in enumerate(listed):
        if not project.fields.get("project_name") and project.name_before and i > 0:
            project.fields["project_name"] = listed[i - 1].fields.get("project_name", "")
    for i in range(len(listed) - 2, -1, -1):
        if not listed[i].fields.get("project_name"):
            listed[i].fields["project_name"] = listed[i + 1].fields.get("project_name", "")


# The money unit printed alone after the department's name over the table (湖州 表11: "341-湖州市财政局  万元"), or
# on a line of its own: two tokens at most, the unit not after a figure (a sentence's "100 万元" is no unit line).
UNIT_ALONE = re.compile(r"^(?:\S*[\u4e00-\u9fff）)]\s+)?(万元|千元|元)$")


def _unit_alone(lines: list[str]) -> str | None:
    return next((m.group(1) for line in lines if (m := UNIT_ALONE.match(line.strip()))), None)


def _department_in_title(title: str) -> str:
    match = re.match(r"^(.+?(局|委|办|院|厅|部|中心|街道|政府))\s*\d{4}\s*年", squash(title))
    return match.group(1) if match else ""


def split_packed(text: str) -> list[dict]:
    """The indicators of a packed cell; an item that does not follow the pattern is kept whole as
    its level-3 text (so nothing printed is dropped)."""
    out = []
    for item in PACKED_SPLIT.split(text.strip()):
        item = item.strip()
        if not item:
            continue
        match = PACKED_ITEM.match(item)
        row = {k: "" for k in INDICATOR_ROLES}
        if match:
            row.update(level1=match.group("l1").strip(), level2=match.group("l2").strip(),
                       level3=match.group("name").strip(), period_target=match.group("period").strip(),
                       target=match.group("year").strip())
        else:
            row["level3"] = re.sub(r"^\d+\s*[、.．]\s*", "", item)
        out.append(row)
    return out


def extract(document: Document) -> dict[str, list[dict]]:
    document_id = document.document_id
    tables, projects, indicators, totals = [], [], [], []
    found = Reader(document).read()
    all_text = [line for t in document.tables[:6] for line in t.lines_above]
    year = find_year([document.file_name] + all_text) or ""
    seq = 0
    number = 0
    for table in found:
        unit = find_unit([table.title] + table.text) or _unit_alone(table.text) or ""
        department = ""
        for line in [table.title] + table.text:
            match = re.search(r"(?:部门名称|单位名称|编制单位|资金主管部门)[:：\s]\s*(\S+?)(?:\s|单位[:：]|$)", line)
            if match:
                department = match.group(1)
                break
        n_indicators = 0
        kept = [p for p in table.projects
                if p.indicators or p.fields.get("amount") or p.fields.get("goal_text")]  # not a header or blank template
        if not kept and not table.totals:
            continue
        number += 1
        table_id = f"{document_id}-{FORM}-{number:03d}"
        for project in kept:
            seq += 1
            project_key = f"{document_id}-P{seq:03d}"
            f = project.fields
            name = f.get("project_name", "")
            if not name and project.scope == "department":
                name = f.get("department_text", "") or department or _department_in_title(table.title)
            if not name and table.title:
                name = re.sub(r"^\s*\d+\s*[、.．]\s*", "", table.title)
                name = re.sub(r"(项目)?(支出)?绩效目标表$", "", name).strip()
                name = re.sub(r"^(预算)?\d*表\s*\d*\s*", "", name).strip()  # "预算14表 …"
            code = f.get("project_code", "")
            prefixed = CODE_PREFIX.match(name)
            if prefixed and (not code or code == prefixed.group(1)):
                code, name = prefixed.group(1), prefixed.group(2).strip()  # "11000022T000000460216-《…》"
            projects.append({
                "document_id": document_id, "table_id": table_id, "project_key": project_key, "project_seq": seq,
                "scope": project.scope, "page": project.page, "table_index": project.table_index,
                "page_row": project.page_row, "title": project.title, "project_name": name,
                "project_code": code, "department_text": f.get("department_text", ""),
                "implementing_unit": f.get("implementing_unit", ""), "attribute_text": f.get("attribute_text", ""),
                "period_text": f.get("period_text", ""), "office_text": f.get("office_text", ""),
                "amount_label": f.get("amount_label", ""), "amount_text": f.get("amount", ""),
                "fiscal_text": f.get("fiscal_text", ""), "special_account_text": f.get("special_account_text", ""),
                "other_text": f.get("other_text", ""), "carryover_text": f.get("carryover_text", ""),
                "unit_text": f.get("unit_text", "") or unit,
                "purpose_text": f.get("purpose_text", ""),
                "spend_plan_json": json.dumps(project.spend_plan, ensure_ascii=False) if project.spend_plan else "",
                "goal_text": f.get("goal_text", ""), "group_name": f.get("group_name", ""),
                "period_goal_text": f.get("period_goal_text", ""),
                "fiscal_basic_text": f.get("fiscal_basic_text", ""), "fiscal_project_text": f.get("fiscal_project_text", ""),
                "other_basic_text": f.get("other_basic_text", ""), "other_project_text": f.get("other_project_text", ""),
            })
            for line_no, row in enumerate(project.indicators, start=1):
                n_indicators += 1
                indicators.append({
                    "document_id": document_id, "table_id": table_id, "project_key": project_key, "line_no": line_no,
                    "page": row["page"], "table_index": row["table_index"], "page_row": row["page_row"],
                    "level1_text": row["level1"], "level2_text": row["level2"], "level3_text": row["level3"],
                    "description_text": row["description"], "target_text": row["target"],
                    "period_target_text": row["period_target"], "basis_text": row["basis"],
                    "nature_text": row["nature"], "measure_unit_text": row["measure_unit"],
                    "weight_text": row.get("weight", ""), "activity_text": row.get("activity", ""),
                    "unread_text": row.get("unread", ""),
                    "levels_carried": row["levels_carried"], "unsplit_text": row["unsplit"],
                    "cells_certain": not row["unsplit"],
                })
        for line_no, total in enumerate(table.totals, start=1):
            totals.append(dict(total, document_id=document_id, table_id=table_id, line_no=line_no))
        tables.append({
            "document_id": document_id, "table_id": table_id, "form": FORM, "layout": table.layout,
            "scope": table.scope, "title": table.title, "first_page": min(table.pages), "last_page": max(table.pages),
            "pages": len(table.pages), "unit_text": unit, "department_name": department, "fiscal_year_text": year,
            "header_json": json.dumps(table.header, ensure_ascii=False), "projects": len(kept),
            "indicator_rows": n_indicators, "strategy": table.strategy, "unread_columns": "；".join(table.unread_labels()),
        })
    return {"target_tables": tables, "target_projects": projects, "target_indicators": indicators,
            "target_totals": totals}
