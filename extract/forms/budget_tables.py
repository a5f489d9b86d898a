"""The standard 部门预算 / 部门决算 disclosure tables (收支总表 … “三公”经费表).

Recognised by title; columns mapped to measures by their printed header; every body cell kept
as printed with its page and row.
"""
from __future__ import annotations

import json
import re

from extract.forms.base import (TOTAL_LABEL, AssembledTable, B, BodyRow, I, RawColumns, S, assemble, find_department, find_unit,
                                find_year,
                                header_paths,
                                squash)
from extract.model import Document, is_amount
from extract.readers.raw_text import IdentityPlacedCell, UnplacedCell

FORM = "budget_tables"
FACT_MART = "fct_budget_lines"  # the mart of its facts (dbt_project/models/marts/<family>/)

# The raw tables this form writes (see extract/raw_schema.py). A *_tables raw table counts as
# "recognised tables" for the document.
RAW_TABLES: dict[str, RawColumns] = {
    "budget_tables": [
        ("document_id", S), ("table_id", S), ("form", S), ("table_kind", S), ("title", S),
        ("document_kind", S), ("unit_text", S), ("unit", S), ("first_page", I), ("last_page", I),
        ("pages", I), ("body_rows", I), ("is_empty", B), ("note", S), ("header_json", S),
        ("column_labels_json", S), ("column_numbers_json", S), ("strategy", S),
        ("department_code", S), ("department_name", S), ("fiscal_year_text", S),
    ],
    "budget_cells": [
        ("document_id", S), ("table_id", S), ("line_no", I), ("side", S), ("page", I),
        ("table_index", I), ("page_row", I), ("seq_text", S), ("code_text", S), ("item_text", S),
        ("column_no", I), ("column_label", S), ("measure", S), ("basis", S), ("value_text", S),
        ("placement", S), ("row_kind", S),
    ],
}

# (table kind, title pattern) — first match wins, so the specific ones come first.
TITLES: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("three_public", r"三公.{0,3}经费.*表"),
    ("fiscal_grant_summary", r"^(?!.*(政府性?基金|国有资本|一般公共)).*财政拨款(预算|决算)?收(入)?支(出)?.*(总表|总体情况表|决算表)"),
    ("income_expenditure_summary", r"^(?!.*(财政拨款|政府性?基金|国有资本|专户)).*(收支.*(总表|总体情况表)|收入支出.*总表|收支决算总表)"),
    ("income_summary", r"^(?!.*(财政拨款|政府性?基金|国有资本|专户|收支)).*收入(预算|决算)?(总表|总体情况表|决算表)"),
    ("general_budget_basic_expenditure", r"一般公共预算.*基本支出.*表"),
    ("general_budget_expenditure", r"^(?!.*机关运行).*一般公共预算.*支出.*表"),
    ("government_fund_expenditure", r"政府性?基金.*(支出|收支).*表"),
    ("state_capital_expenditure", r"国有资本经营.*支出.*表"),
    ("expenditure_summary", r"^(?!.*(财政拨款|政府性?基金|国有资本|一般公共|三公|项目|基本支出|经济分类|采购|购买服务|绩效|机关运行|转移支付)).*(本年)?支出(预算|决算)?(总表|总体情况表|决算表)"),
    # Tables beyond the nine standard ones that several provinces' templates print (江苏's 财政拨款支出表
    # （功能科目）/ 财政拨款基本支出表（经济科目）, 广东's 部门预算基本支出预算表, 深圳's 基本支出总表 / 项目支出
    # 总表, 山东's 基本/项目支出预算情况表, 浙江's 项目支出预算表): their lines are
    # facts; the identities within a table (BUD-010/011) hold on them; no cross-table or narrative comparison
    # uses them (int_narrative_candidates and BUD-030…034 name the standard kinds).
    ("fiscal_grant_basic_expenditure", r"^(?!.*(一般公共预算|政府性?基金|国有资本|三公)).*财政拨款.{0,2}基本支出.*表"),
    ("fiscal_grant_expenditure", r"^(?!.*(一般公共预算|政府性?基金|国有资本|三公|收入|收支|项目|机关运行)).*财政拨款.{0,2}支出(预算|决算)?(明细)?(表|情况表)"),
    ("basic_expenditure", r"^(?!.*(一般公共预算|财政拨款|政府性?基金|国有资本|三公|项目)).*基本支出(总表|(预算|决算)(明细表|情况表|表))"),
    ("project_expenditure", r"^(?!.*(一般公共预算|财政拨款|政府性?基金|国有资本|三公|其他支出|基本支出)).*项目支出(总表|(预算|决算)(明细表|情况表|表))"),
    ("office_operation_expenditure", r"机关运行经费.*表"),
]]
# The nine tables every 部门预算/决算 disclosure prints (the Ministry of Finance's template).
STANDARD_KINDS = ["income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_grant_summary",
                  "general_budget_expenditure", "general_budget_basic_expenditure", "government_fund_expenditure",
                  "state_capital_expenditure", "three_public"]
EXCLUDE = re.compile(r"绩效|说明|情况说明|^第.部分|目录")

TABLE_KINDS = [k for k, _ in TITLES]


def classify(title: str) -> str | None:
    if EXCLUDE.search(title) or not re.search(r"表", title):
        return None
    for kind, pattern in TITLES:
        if pattern.search(title):
            return kind
    return None


# Column measures, one pattern per measure; a printed label names a measure when one of these
# matches it (the first match wins, so the specific ones come first).
MEASURES: list[tuple[str, re.Pattern]] = [(m, re.compile(p)) for m, p in [
    ("office_operation", r"机关运行经费"),
    ("vehicles", r"公务用车购置及运|购置及运行|公务用车购置和运"),
    ("vehicle_purchase", r"公务用车购置费|车辆购置|^购置费?$"),
    ("vehicle_operation", r"公务用车运行(维护)?费|^运行(维护)?费$"),
    ("outbound_travel", r"因公出国"),
    ("reception", r"公务接待"),
    ("three_public_subtotal", r"三公"),
    ("personnel", r"人员经费|人员支出"),
    ("public", r"公用经费|公用支出"),
    ("basic", r"基本支出"),
    ("project", r"项目支出|专项业务经费"),
    ("operating", r"经营支出"),
    ("remit_to_superior", r"上缴上级|上解上级"),
    ("subsidy_to_affiliates", r"对附属单位补助"),
    ("reserve", r"预留机动|机动经费"),
    ("non_fiscal_balance", r"使用非财政拨款结余|非财政拨款结余"),
    ("carryover_to_next", r"结转下年|年末结转|年终结转|期末结转"),
    ("carryover", r"上年结转|结转结余|上年结余|年初结转|年初结余"),
    ("special_account", r"财政专户"),
    ("general_budget", r"一般公共预算"),
    ("government_fund", r"政府性?基金"),
    ("state_capital", r"国有资本"),
    ("fiscal_grant", r"财政拨款"),
    ("business_income", r"事业收入"),
    ("operating_income", r"经营收入"),
    ("superior_subsidy", r"上级补助"),
    ("affiliate_remittance", r"附属单位上缴"),
    ("other_income", r"其他收入"),
    ("current_year_income", r"本年收入"),
    ("vehicles", r"公务用车"),
    ("meetings", r"会议费"),
    ("training", r"培训费"),
]]
# Labels that say which figure of a column (its basis), not what it measures.
BASIS_ONLY = re.compile(r"^(金额|预算数|预算金额|决算数|本年预算数?|本年决算数?|年初预算数|全年预算数|调整预算数|上年预算数|"
                        r"上年决算数|预算|决算|数额|增减|增减额|增减变化(情况)?|比上年增减|上年执行数|执行数|上年|当年|本年|"
                        r"上年数|本年数|预算安排|本年预算安排)$")
# Labels over a group of columns that add nothing to what the columns below them measure.
# (支出用途: 江苏's 收支预算总表 prints its expenditure twice, by 功能分类 and by 支出用途 — 基本支出, 项目支出, …)
NEUTRAL = re.compile(r"^(收入|支出|本年支出|部门预算|支出预算|收入预算|单位预算|功能分类|支出功能分类|经济分类|支出用途|项目|科目|"
                     r"其他资金收入|其他资金|单位资金|非财政拨款收入|非财政拨款资金|资金性质|资金来源|经费来源|资金构成)$")
# Neutral labels over a group of funding sources: a column printed under one of them alone (or with 合计)
# is that group's subtotal.
SOURCE_GROUP = re.compile(r"^(其他资金收入|其他资金|单位资金|非财政拨款收入|非财政拨款资金)$")
TOTAL_MARKER = re.compile(r"^(合计|总计|小计|本年支出合计|收入总计|支出总计)$")
BASIS: list[tuple[str, re.Pattern]] = [(b, re.compile(p)) for b, p in [
    ("change", r"增减|增长|变动|比上年"),
    ("prior_year", r"上年(预算|决算|执行)|\d{4}年(预算|决算)数"),
    ("initial_budget", r"年初预算"),
    ("adjusted_budget", r"全年预算|调整预算"),
    ("actual", r"决算|执行数"),
    # A 决算 table printing 预算数 beside 决算数 (the “三公” 决算表 of 上海's and 广东's templates): the 预算数 columns
    # are the budget, not the document's own basis. Only a label that is the basis alone, never 一般公共预算.
    ("budget", r"^(本年)?预算(数|金额|安排)?$"),
]]
CODE_HEADER = re.compile(r"编码|代码|编号|^[类款项]$")
NAME_HEADER = re.compile(r"名称|项目|科目|^项目?$")
SEQ_HEADER = re.compile(r"序号|行次")
NOTE_HEADER = re.compile(r"^(备注|说明|附注)$")
UNIT_HEADER = re.compile(r"^(预算单位|单位名称|单位|部门名称|部门)$")
# A measure printed under a group label of another measure keeps its own meaning, except under
# these groups, where it is a part of the group (上年结转结余 / 一般公共预算 is carried-over money,
# not a 本年收入 source).
PART_OF = {"carryover": "carryover_part", "carryover_to_next": "carryover_to_next"}


def _label_measure(label: str) -> str | None:
    for measure, pattern in MEASURES:
        if pattern.search(label):
            return measure
    return None


def column_measure(path: list[str]) -> str:
    """The measure of an amount column from its whole printed header path (top to bottom).

    Only a path every label of which is understood gets a measure: a label that is neither a
    known measure, a basis (预算数, 上年…), a total marker (合计, 小计) nor a neutral group label
    (收入, 支出 …) makes the column `unmapped` — never guessed as a total. The deepest measure
    label names the column; 小计/合计 take the meaning of the group above them."""
    labels = []
    for label in path:
        label = re.sub(r"^20\d{2}年(度)?", "", label) or label          # "2026年预算数" is 预算数
        label = re.sub(r"^其中[:：]?", "", label)                         # "其中：基本支出" is 基本支出
        label = re.sub(r"[（(][)）]$", "", label)
        if label and not label.isdigit():                                # a 栏次 number folded into the header
            labels.append(label)
    if any(re.search(r"[%％]|比例|增长率", label) for label in labels):
        return "percent"
    measures: list[str] = []   # measure labels, top to bottom
    marker = None
    deepest = None             # what the deepest meaningful label is: measure, marker or neutral
    for label in labels:
        if BASIS_ONLY.match(label):
            continue
        if TOTAL_MARKER.match(label):
            marker, deepest = label, "marker"
            continue
        if measures and measures[-1] in PART_OF:
            return PART_OF[measures[-1]]   # 上年结转结余 / 单位资金: whatever the part, it is carried-over money
        if NEUTRAL.match(label):
            deepest = "neutral"
            continue
        deepest = "measure"
        measure = _label_measure(label)
        if measure is None:
            return "unmapped"   # a label we do not know: the column's meaning is not certain
        if marker is not None and measure not in ("three_public_subtotal",):
            # a measure label printed *under* a 合计/小计 label ("合计 / 一般公共预算"): not a layout we know
            return "unmapped"
        measures.append(measure)
    if not measures:
        if any(SOURCE_GROUP.match(label) for label in labels):
            return "unmapped"   # 其他资金 / 单位资金 (/ 合计): a group of sources' subtotal, not the line's total
        return "total"   # only 合计/总计/金额/预算数 …: the line's own total
    if deepest == "neutral":
        return "unmapped"   # 本年收入 / 单位资金: a group's subtotal, not one of the measures above it
    child = measures[-1]
    for ancestor in measures[:-1]:
        if ancestor in PART_OF and child != ancestor:
            return PART_OF[ancestor]
    if marker in ("合计", "总计", "本年支出合计", "收入总计", "支出总计") and child not in ("carryover", "carryover_to_next", "current_year_income",
                                                     "vehicles", "fiscal_grant"):
        return "total"   # 一般公共预算基本支出 / 合计: the table's own total, whatever group it is printed under
    return child


def column_basis(path: list[str], document_kind: str) -> str:
    for label in reversed(path):
        for basis, pattern in BASIS:
            if pattern.search(label):
                return basis
    return "actual" if document_kind == "决算" else "budget"


def column_roles(table: AssembledTable, paths: list[list[str]]) -> list[str]:
    """seq / code / name / amount for each column, from its header and what its body holds."""
    roles = []
    for j, path in enumerate(paths):
        values = [squash(r.cells[j]) for r in table.body if j < len(r.cells) and squash(r.cells[j])]
        numeric = sum(is_amount(v) or (v.endswith(("%", "％")) and is_amount(v[:-1])) for v in values)
        codes = sum(bool(re.fullmatch(r"\d{2,9}", v)) for v in values)
        label = "/".join(path)
        if any(j < len(r.cells) and isinstance(r.cells[j], (UnplacedCell, IdentityPlacedCell)) for r in table.body):
            roles.append("amount")   # the reader knows it is an amount column, though no figure is placed in it
        elif path and NOTE_HEADER.match(path[-1]):
            roles.append("note")
        elif SEQ_HEADER.search(label) or (j == 0 and values and codes == len(values) and _consecutive(values)):
            roles.append("seq")
        elif CODE_HEADER.search(path[-1] if path else "") or (CODE_HEADER.search(label) and not re.search("名称", path[-1] if path else "")):
            roles.append("code")
        elif NAME_HEADER.search(label) and (not values or numeric < len(values) / 2):
            roles.append("name")
        elif values and numeric < len(values) / 2:
            roles.append("name")
        else:
            roles.append("amount")
    for j, path in enumerate(paths):
        # 深圳: a 预算单位 column before the 科目编码/科目名称 columns names the unit, not the line (浙江 prints
        # "**" under label columns in its 栏次 row: the label above it names the column)
        labels = [label for label in path if not re.fullmatch(r"[*＊]+|\d+", label)]
        if roles[j] == "name" and labels and UNIT_HEADER.match(labels[-1]) and "name" in roles[j + 1:]:
            roles[j] = "unit"
    return roles


def _code_and_item(cells: list[str], columns: list[int], roles: list[str]) -> tuple[str, str]:
    """The line's code and name from its first classification: split 类/款/项 columns are joined
    ("208" "05" "05" -> 2080505); a second classification printed beside it (政府经济分类) is not
    part of the line's key."""
    first_name = next((j for j in columns if roles[j] == "name"), None)
    code_columns = [j for j in columns if roles[j] == "code" and (first_name is None or j < first_name)] or \
        [j for j in columns if roles[j] == "code"][:3]
    parts = [squash(cells[j]) for j in code_columns if j < len(cells) and squash(cells[j])]
    if parts and all(p.isdigit() for p in parts):
        if len(parts) > 1 and len(parts[0]) == 3 and all(len(p) <= 2 for p in parts[1:]):
            # 款 and 项 are two-digit fields; a spreadsheet that stored them as numbers prints
            # "301 | 2" for 30102 (普陀 万里's 基本支出表).
            parts = [parts[0]] + [p.zfill(2) for p in parts[1:]]
        code = "".join(parts)
    else:  # a label such as 合计 spanning the code columns
        code = "".join(dict.fromkeys(parts))
    item = cells[first_name] if first_name is not None and first_name < len(cells) else ""
    if not squash(item) and not code:
        # 江苏's 收入预算总表 names its lines in two columns, the group merged down the first (一般公共预算资金 | 小计,
        # then  | 公共财政拨款(补助)资金): a line whose group cell is blank is named by its own cell
        item = next((cells[j] for j in columns if roles[j] == "name" and j < len(cells) and squash(cells[j])), "")
    return code, item


def _realign_total_row(cells: list[str], roles: list[str]) -> list[str]:
    """A 合计 label merged over the label columns can pull the first figure into the last label
    column (北京's 支出总表): move a figure printed in a label column into the empty amount column
    to its right."""
    label = squash(" ".join(c for c, r in zip(cells, roles) if r in ("seq", "code", "name") and c))
    if not re.match(r"^(合计|总计)", label):
        return cells
    cells = list(cells)
    for j in range(min(len(cells), len(roles)) - 1):
        if (roles[j] in ("code", "name") and roles[j + 1] == "amount" and not cells[j + 1]
                and is_amount(cells[j]) and re.search(r"[.,]", cells[j])):
            cells[j], cells[j + 1] = "", cells[j]
    return cells


def column_blocks(roles: list[str]) -> list[list[int]]:
    """Columns grouped into blocks: a code or item column after an amount column starts a new block
    (the expenditure side of a 收支总表, the 公用经费 half of a 决算 基本支出表). Blocks without amounts
    (a 备注 column) are dropped."""
    blocks, current, seen_amount = [], [], False
    for j, role in enumerate(roles):
        if role in ("code", "name") and seen_amount:
            blocks.append(current)
            current, seen_amount = [], False
        current.append(j)
        seen_amount = seen_amount or role == "amount"
    blocks.append(current)
    return [b for b in blocks if any(roles[j] == "amount" for j in b)]


def _consecutive(values: list[str]) -> bool:
    numbers = [int(v) for v in values]
    return len(numbers) > 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def document_kind(document: Document) -> str:
    text = " ".join(document.file_name.split()) + " " + " ".join(
        line for t in document.tables[:40] for line in t.lines_above[:3])
    return "决算" if "决算" in text and text.count("决算") >= text.count("预算") / 3 else "预算"


def extract(document: Document) -> dict[str, list[dict]]:
    kind_of_document = document_kind(document)
    tables, cells = [], []
    unit = None
    department_code = department_name = year = None
    for number, table in enumerate(assemble(document, classify), start=1):
        table_id = f"{document.document_id}-{FORM}-{number:02d}"
        meta_lines = [table.title] + table.text_around + [" ".join(r) for r in table.header]
        printed_unit = find_unit(meta_lines)
        unit = printed_unit or unit
        code, name = find_department(table.text_around)
        department_code, department_name = department_code or code, department_name or name
        year = year or find_year([table.title] + table.text_around)
        paths = header_paths(table)
        roles = column_roles(table, paths)
        blocks = column_blocks(roles)
        two_sided = len(blocks) >= 2 and table.kind in ("income_expenditure_summary", "fiscal_grant_summary")
        if two_sided:
            # The first block is the income side; the expenditure side may be printed in several
            # views (功能分类 | 经济分类 …): the first is "expenditure", the others "expenditure_2" ….
            labels = ["income", "expenditure"] + [f"expenditure_{n}" for n in range(2, len(blocks))]
        else:
            # Tables printed as side-by-side blocks (决算 基本支出表: 人员经费 | 公用经费) read block by block.
            labels = [""] + [f"block_{n}" for n in range(2, len(blocks) + 1)]
        groups = list(zip(labels, blocks))
        note = " ".join(l for l in table.text_around if "空表" in l or l.startswith("注"))
        empty_note = any("空表" in squash(c) or "无" in squash(c) and "预算" in squash(c)
                         for r in table.body for c in r.cells if c and not is_amount(c)) and not any(
            is_amount(c) for r in table.body for c in r.cells)
        body = [] if empty_note else table.body
        if empty_note:
            note = note or " ".join(dict.fromkeys(c for r in table.body for c in r.cells if c))
        tables.append({
            "document_id": document.document_id, "table_id": table_id, "form": FORM,
            "table_kind": table.kind, "title": table.title, "document_kind": kind_of_document,
            "unit_text": printed_unit or "", "unit": unit or "",
            "first_page": min(table.pages), "last_page": max(table.pages), "pages": len(table.pages),
            "body_rows": len(body), "is_empty": not body, "note": note,
            "header_json": json.dumps(table.header, ensure_ascii=False),
            "column_labels_json": json.dumps(["/".join(p) for p in paths], ensure_ascii=False),
            "column_numbers_json": json.dumps(table.column_numbers, ensure_ascii=False) if table.column_numbers else "",
            "strategy": table.strategy,
        })
        # A row naming the unit in its 预算单位 column, with no code or name, heads that unit's lines; when the
        # table prints one such row and no 合计, it is the table's total line (深圳).
        unit_columns = [j for j, role in enumerate(roles) if role == "unit"]
        label_columns = [j for j, role in enumerate(roles) if role in ("code", "name")]
        unit_rows = [k for k, row in enumerate(body) if unit_columns
                     and any(squash(row.cells[j]) for j in unit_columns if j < len(row.cells))
                     and not any(squash(row.cells[j]) for j in label_columns if j < len(row.cells))]
        printed_total = any(TOTAL_LABEL.match(squash(" ".join(r.cells[j] for j in label_columns + unit_columns
                                                              if j < len(r.cells)))) for r in body)
        unit_total = unit_rows[0] if len(unit_rows) == 1 and not printed_total else None
        line_no = 0
        for k, row in enumerate(body):
            row = BodyRow(_realign_total_row(row.cells, roles), row.page, row.table_index, row.page_row, row.cell_sources)
            first_line = line_no + 1
            for side, columns in groups:
                line_no += 1
                seq = " ".join(row.cells[j] for j in columns if roles[j] == "seq" and j < len(row.cells) and row.cells[j])
                code, item = _code_and_item(row.cells, [j for j in columns if roles[j] in ("code", "name")], roles)
                if not code and not item and k in unit_rows:
                    item = " ".join(row.cells[j] for j in unit_columns if row.cells[j])
                if not code:
                    match = re.match(r"^(\d{3,9})\s*([^\d.].*)$", item)
                    if match:
                        code, item = match.group(1), match.group(2)
                for j in columns:
                    if roles[j] != "amount":
                        continue
                    value = row.cells[j] if j < len(row.cells) else ""
                    printed = squash(value) if type(value) is str else ""
                    if printed and printed == squash(item) and not is_amount(printed):
                        # the line's label merged over the block's name and amount columns (江苏's 当年支出小计 /
                        # 支出合计 spanning 功能分类's 名称 | 金额): the reader repeats it in each; no figure is printed here
                        value = ""
                    page, table_index, page_row = row.source(j)
                    measure = column_measure(paths[j][1:] if two_sided and len(paths[j]) > 1 else paths[j])
                    if two_sided and side == "income" and measure == "carryover":
                        # 上年结转 printed as a column of the income side (项目 | 合计 | 本年收入 | 上年结转): the
                        # part of each source line that was carried over, never a 本年收入 source
                        measure = "carryover_part"
                    cells.append({
                        "document_id": document.document_id, "table_id": table_id, "line_no": line_no,
                        "side": side, "page": page, "table_index": table_index, "page_row": page_row,
                        "seq_text": seq, "code_text": code, "item_text": item,
                        "column_no": j + 1, "column_label": "/".join(paths[j]),
                        "measure": measure,
                        "basis": column_basis(paths[j], kind_of_document),
                        # a half of a table whose other half's rows could not be matched: its lines' other
                        # figures are not here, so its cells take part in no identity (like unplaced ones)
                        "value_text": str(value),
                        # a raw text row placed by the table's identities: those identities are not checkable on it
                        "placement": "unplaced" if isinstance(value, UnplacedCell) or table.other_half_unmatched
                                     else "identity" if isinstance(value, IdentityPlacedCell) else "",
                        "row_kind": "unit_total" if k == unit_total else "",
                    })
            unplaced = next((c for c in row.cells if isinstance(c, UnplacedCell)), None)
            if unplaced is not None and unplaced.figures:
                # Figures printed on a row whose columns are not certain (raw text exports): kept, in
                # printed order, on the row's (first) line, with the row's labels; in no column.
                seq = next((row.cells[j] for j in range(len(roles)) if roles[j] == "seq" and row.cells[j]), "")
                code, item = _code_and_item(row.cells, [j for j in range(len(roles)) if roles[j] in ("code", "name")], roles)
                for k, figure in enumerate(unplaced.figures, start=1):
                    cells.append({
                        "document_id": document.document_id, "table_id": table_id, "line_no": first_line,
                        "side": groups[0][0] if not unplaced.labels else "", "page": row.page, "table_index": row.table_index, "page_row": row.page_row,
                        "seq_text": seq, "code_text": code, "item_text": item or unplaced.labels,
                        "column_no": -k, "column_label": f"未定列的第{k}个数字",
                        "measure": "unplaced", "basis": column_basis([], kind_of_document),
                        "value_text": figure, "placement": "unplaced", "row_kind": "",
                    })
    for t in tables:
        t.update(department_code=department_code or "", department_name=department_name or "", fiscal_year_text=year or "")
    return {"budget_tables": tables, "budget_cells": cells}
