"""Generate self-evaluation forms as other producers print them, from seed 001's transcribed forms
(samples/facts/evaluations_seed001.json): the same projects, funds and indicators in other layouts.

    python samples/make_evaluation_layout_samples.py

writes into samples/layouts/:

    evaluation_sichuan.pdf          部门预算项目支出绩效自评表 (四川's template): 项目名称 printed with its code
                                    (5109…-name), 实施单位（盖章）; 项目基本情况 | 1.项目年度目标完成情况 | 项目年度目标 |
                                    年度目标完成情况; 预算执行情况（10分） with the row labels under 年度预算数（万元）,
                                    年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因, lines 总额 /
                                    其中：财政资金 / 财政专户管理资金 / 单位资金 / 其他资金 ("/" where no score);
                                    绩效指标（90分） | 一级 | 二级 | 三级 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 |
                                    得分 | 未完成原因分析; a 合计 row; 评价结论 / 存在问题 / 改进措施 / 项目负责人.
    evaluation_two_row_header.pdf   项目支出绩效自评表 (云南's print of the national template): the indicator
                                    header on two rows, 绩效指标 over 一级 | 二级 | 三级 and 年度指标值 over
                                    指标性质 | 指标值 | 度量单位, beside 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
                                    printed on the upper row only (the lower row's cells under them are empty).
    evaluation_department.pdf       部门整体支出绩效自评表: 部门（单位）名称; 年度主要任务 | 任务名称 | 主要内容 |
                                    预算数 | 执行数 (tasks, not funds); no funds block; 年度绩效指标 | … | 指标值 |
                                    全年实际值 | 自评得分 | 指标分值 (宁德's labels, 得分 before 分值) | 未完成原因分析,
                                    the block running over a page break; 总分; 自评等级.
    evaluation_framework.pdf        部门整体支出绩效自评表 scored on an evaluation framework (湖南, 广东): 一级 决策 /
                                    过程 / 产出 / 效益, 指标解释 | 评分标准 (template text) | 分值 | 得分 | 扣分原因, no
                                    target or actual; 总分; 自评等级.
    evaluation_sichuan.xlsx, evaluation_two_row_header.xlsx
                                    the same forms as workbooks, one sheet per form, real merged cells.
    evaluation_stacked.xlsx         three national-template forms one after another on one sheet, each under its
                                    own title row (as 决算 workbooks print them).
    evaluation_unsettled_header.pdf the national template whose weight column is headed 分数 (is it 分值 or
                                    得分?): the header does not settle the scores, so none is read.

Deterministic: re-running gives byte-identical files.
"""
from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_evaluation_samples as seed001  # noqa: E402
from make_evaluation_samples import Grid, _runs  # noqa: E402

OUT = Path(__file__).resolve().parent / "layouts"
TABLE_W = seed001.TABLE_W
SICHUAN_FORMS = [0, 2, 11]        # seed forms drawn in each layout (regional forms: funds and scores)
TWO_ROW_FORMS = [4, 12]
DEPARTMENT_FORM = 3               # 表4: 17 indicators, so the block runs over a page break
UNSETTLED_FORM = 0
TASKS = [("行政运行保障", "保障机关正常运转", "1,204.36", "1,198.02"),
         ("科技项目管理", "组织项目申报、评审与验收", "356.00", "341.75"),
         ("科技成果转化", "推动成果转化与技术交易", "500.00", "500.00")]


def seed_forms() -> list[dict]:
    return seed001.load_facts()["tables"]


def widths(fixed: list[float]) -> list[float]:
    """Column widths: the fixed ones, then the rest of the table width in the last column."""
    return fixed + [TABLE_W - sum(fixed)]


def target_parts(target: str) -> tuple[str, str, str]:
    """指标性质, 指标值, 度量单位 of a target as a template with those columns prints it: an operator, a figure
    and its unit; a bare figure is "="; anything else a 定性 target printed whole."""
    match = re.fullmatch(r"([≥≤=<>])(\d+(?:\.\d+)?)(%|万元|元|人|项|个|件|次|枚|家)?", target)
    if match:
        return match.group(1), match.group(2), match.group(3) or ""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(%|万元|元|人|项|个|件|次|枚|家)?", target)
    if match:
        return "=", match.group(1), match.group(2) or ""
    return "定性", target, ""


def level1_name(text: str) -> str:
    """四川's and the department form's 一级 labels print no points: "产出指标 (50分)" → "产出指标"."""
    return re.sub(r"\s*[（(]\d+分[)）]$", "", text)


def project_code(k: int) -> str:
    return f"510924{k + 21:02d}R{(k + 1) * 7919:015d}"


def rate(executed: str, full_year: str) -> str:
    full = Decimal(full_year.replace(",", ""))
    return f"{Decimal(executed.replace(',', '')) * 100 / full:.2f}%" if full else "0.00%"


def indicator_rows(g: Grid, t: dict, cells, first_col: int, level1=lambda text: text):
    """One row per indicator from `cells(i)`, 一级 merged over its run, 二级 merged over its run inside it."""
    first = len(g.rows)
    for i in t["indicators"]:
        g.add(cells(i), figures=[])
    last = len(g.rows) - 1
    for r, i in zip(range(first, last + 1), t["indicators"]):
        g.rows[r][first_col] = level1(i["level1"])
    g.merge_runs(first_col, first, last)
    for a, b in _runs([i["level1"] for i in t["indicators"]]):
        g.merge_runs(first_col + 1, first + a, first + b)
    return first, last


# ------------------------------------------------------------------ 四川: 部门预算项目支出绩效自评表
SICHUAN_WIDTHS = widths([44, 34, 34, 78, 30, 40, 30, 40, 26, 26])


def sichuan_funds(t: dict) -> list[list[str]]:
    """总额 and its parts: 年初预算, 调整后预算数, 预算执行数, 预算执行率, 权重, 得分 (seed's 年度资金总额 line)."""
    _, initial, full_year, executed, weight, _, score = t["funds"][0]
    zero = ["0.00", "0.00", "0.00", "0.00%", "/", "/"]
    return [["总额", initial, full_year, executed, rate(executed, full_year), weight, score],
            ["其中：财政资金", initial, full_year, executed, rate(executed, full_year), "/", "/"],
            ["财政专户管理资金", *zero], ["单位资金", *zero], ["其他资金", "", "", "", "", "/", "/"]]


def sichuan_form(k: int, t: dict) -> dict:
    return {**t, "label": "报表编号：510000_0013zp", "title": "部门预算项目支出绩效自评表",
            "year_line": "（2024年度）", "project": f"{project_code(k)}-{t['project']}",
            "sichuan_funds": sichuan_funds(t), "notes": []}


def sichuan_grid(t: dict) -> tuple[Grid, list[float]]:
    g = Grid(11)
    g.add([("项目名称", 1), (t["project"], 10)])
    g.add([("主管部门", 1), (t["department"], 4), ("实施单位（盖章）", 2), (t["implementer"], 4)])
    first = g.add([("项目基本情况", 1), ("1.项目年度目标完成情况", 2), ("项目年度目标", 4), ("年度目标完成情况", 4)])
    g.add([("项目基本情况", 1), ("", 2), (t["goal_expected"], 4), (t["goal_actual"], 4)])
    g.add([("项目基本情况", 1), ("2.项目实施内容及过程概述", 2), ("按年度计划组织实施，资金按进度拨付。", 8)])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("预算执行情况（10分）", 1), ("年度预算数（万元）", 2), ("年初预算", 1), ("调整后预算数", 1),
                   ("预算执行数", 1), ("预算执行率", 1), ("权重", 1), ("得分", 1), ("原因", 2)])
    for n, (item, *values) in enumerate(t["sichuan_funds"]):
        reason = "预算执行率未达到90%的需说明原因；其他资金包括社会投入资金、银行贷款。" if n == 0 else ""
        g.add([("预算执行情况（10分）", 1), (item, 2)] + [(v, 1) for v in values] + [(reason, 2)])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("绩效指标（90分）", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标性质", 1),
                   ("指标值", 1), ("度量单位", 1), ("完成值", 1), ("权重", 1), ("得分", 1), ("未完成原因分析", 1)])
    indicator_rows(g, t, lambda i: [("绩效指标（90分）", 1), ("", 1), (i["level2"], 1), (i["level3"], 1)]
                   + [(text, 1) for text in target_parts(i["target"])]
                   + [(i["actual"], 1), (i["weight"], 1), (i["score"], 1), (i["reason"], 1)], 1, level1_name)
    g.merge_down(0, first, len(g.rows) - 1)
    g.add([("合计", 8), (t["total_weight"], 1), (t["total_score"], 1), ("", 1)])
    for label, text in [("评价结论", "项目按计划完成，自评结果为优。"), ("存在问题", "个别指标进度滞后。"),
                        ("改进措施", "加强项目过程管理。")]:
        g.add([(label, 1), (text, 10)])
    g.add([("项目负责人：张明", 6), ("财务负责人：李华", 5)])
    return g, SICHUAN_WIDTHS


# ------------------------------------------------------------------ 云南: the indicator header on two rows
TWO_ROW_WIDTHS = widths([40, 40, 90, 28, 44, 30, 46, 28, 28])


def two_row_form(t: dict) -> dict:
    return {**t, "label": "附件2", "title": "项目支出绩效自评表", "year_line": "（2024年度）", "notes": []}


def two_row_grid(t: dict) -> tuple[Grid, list[float]]:
    g = Grid(10)
    g.add([("项目名称", 1), (t["project"], 9)])
    g.add([("主管部门", 1), (t["department"], 4), ("实施单位", 1), (t["implementer"], 4)])
    first = g.add([("项目资金（万元）", 1), ("", 3), ("年初预算数", 1), ("全年预算数", 1), ("全年执行数", 1),
                   ("分值", 1), ("执行率", 1), ("得分", 1)])
    for item, *values in t["funds"]:
        g.add([("项目资金（万元）", 1), (item, 3)] + [(v, 1) for v in values])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("年度总体目标", 1), ("预期目标", 5), ("实际完成情况", 4)])
    g.add([("年度总体目标", 1), (t["goal_expected"], 5), (t["goal_actual"], 4)])
    g.merge_down(0, first, len(g.rows) - 1)
    # the upper row's last four cells are not merged down: the lower row prints empty cells under them
    g.add([("绩效指标", 3), ("年度指标值", 3), ("实际完成值", 1), ("分值", 1), ("得分", 1), ("偏差原因分析及改进措施", 1)])
    g.add([("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标性质", 1), ("指标值", 1), ("度量单位", 1),
           ("", 1), ("", 1), ("", 1), ("", 1)])
    indicator_rows(g, t, lambda i: [("", 1), (i["level2"], 1), (i["level3"], 1)]
                   + [(text, 1) for text in target_parts(i["target"])]
                   + [(i["actual"], 1), (i["weight"], 1), (i["score"], 1), (i["reason"], 1)], 0)
    g.add([("总分", 7), (t["total_weight"], 1), (t["total_score"], 1), ("", 1)])
    return g, TWO_ROW_WIDTHS


# ------------------------------------------------------------------ 部门整体支出绩效自评表
DEPARTMENT_WIDTHS = widths([40, 40, 40, 100, 56, 56, 28, 28])


def department_form(t: dict) -> dict:
    weight = sum(Decimal(i["weight"]) for i in t["indicators"])
    score = sum(Decimal(i["score"]) for i in t["indicators"])
    return {**t, "label": "", "title": "部门整体支出绩效自评表", "year_line": "（2024年度）",
            "project": t["department"], "total_weight": f"{weight}", "total_score": f"{score}",
            "goal_expected": t["goal_expected"], "goal_actual": t["goal_actual"], "notes": ["填报单位：石嘴山市科技局"]}


def department_grid(t: dict) -> tuple[Grid, list[float]]:
    g = Grid(9)
    g.add([("部门（单位）名称", 1), (t["project"], 8)])
    first = g.add([("年度主要任务", 1), ("任务名称", 2), ("主要内容", 4), ("预算数", 1), ("执行数", 1)])
    for name, content, budget, executed in TASKS:
        g.add([("年度主要任务", 1), (name, 2), (content, 4), (budget, 1), (executed, 1)])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("年度总体目标", 1), ("预期目标", 4), ("实际完成情况", 4)])
    g.add([("年度总体目标", 1), (t["goal_expected"], 4), (t["goal_actual"], 4)])
    g.merge_down(0, first, len(g.rows) - 1)
    first = g.add([("年度绩效指标", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1),
                   ("全年实际值", 1), ("自评得分", 1), ("指标分值", 1), ("未完成原因分析", 1)])
    indicator_rows(g, t, lambda i: [("年度绩效指标", 1), ("", 1), (i["level2"], 1), (i["level3"], 1),
                                    (i["target"], 1), (i["actual"], 1), (i["score"], 1), (i["weight"], 1),
                                    (i["reason"], 1)], 1, level1_name)
    g.merge_down(0, first, len(g.rows) - 1)
    g.add([("总分", 6), (t["total_score"], 1), (t["total_weight"], 1), ("", 1)])
    g.add([("自评等级", 1), ("优", 8)])
    return g, DEPARTMENT_WIDTHS


# ------------------------------------------------------------------ 部门整体支出 scored on an evaluation framework
# 一级 决策/过程/产出/效益 with the template's 指标解释 and 评分标准 beside 分值 | 得分 | 扣分原因 (湖南's and 广东's
# 部门整体支出绩效自评表): no target or actual column.
FRAMEWORK = [
    ("决策", "目标设定", "绩效目标合理性", "部门整体绩效目标是否符合部门职责和年度工作计划", "符合得满分，否则酌情扣分", "4", "4", ""),
    ("决策", "目标设定", "绩效指标明确性", "绩效指标是否细化、量化，可衡量", "明确得满分，否则酌情扣分", "3", "3", ""),
    ("决策", "预算编制", "预算编制科学性", "预算编制是否经过科学论证，内容与项目内容匹配", "科学得满分，每发现一处问题扣1分",
     "4", "3", "个别项目测算依据不充分"),
    ("决策", "预算编制", "预算分配合理性", "预算资金分配是否与部门职责相适应", "合理得满分，否则酌情扣分", "4", "4", ""),
    ("过程", "预算执行", "预算执行率", "预算执行数/预算数×100%", "执行率×分值", "10", "9.2", "年中追加项目资金未执行完毕"),
    ("过程", "预算执行", "预算调整率", "预算调整数/预算数×100%", "调整率≤10%得满分", "5", "5", ""),
    ("过程", "预算执行", "结转结余率", "结转结余总额/支出预算数×100%", "结余率≤5%得满分，超出部分按比例扣分", "5", "4.5",
     "部分项目资金结转下年"),
    ("过程", "预算管理", "管理制度健全性", "是否制定内部财务和业务管理制度", "健全得满分", "5", "5", ""),
    ("过程", "预算管理", "资金使用合规性", "资金使用是否符合财经法规和财务管理制度", "合规得满分，发现违规不得分", "5", "5", ""),
    ("过程", "资产管理", "资产管理安全性", "资产保存完整、使用合规、配置合理、处置规范", "安全得满分", "5", "5", ""),
    ("产出", "职责履行", "实际完成率", "实际完成工作数/计划工作数×100%", "完成率×分值", "10", "10", ""),
    ("产出", "职责履行", "质量达标率", "质量达标工作数/实际完成工作数×100%", "达标率×分值", "10", "10", ""),
    ("产出", "职责履行", "完成及时性", "按时完成工作数/实际完成工作数×100%", "及时率×分值", "10", "9", "个别任务延期完成"),
    ("效益", "履职效益", "社会效益", "部门履职对经济社会发展的影响", "效果显著得满分，否则酌情扣分", "10", "10", ""),
    ("效益", "履职效益", "可持续影响", "部门履职对可持续发展的影响", "影响明显得满分，否则酌情扣分", "5", "5", ""),
    ("效益", "履职效益", "服务对象满意度", "服务对象对部门履职效果的满意程度", "满意度×分值", "5", "4.6",
     "部分服务对象反映办事流程较长"),
]


def framework_forms() -> list[dict]:
    indicators = [{"level1": l1, "level2": l2, "level3": l3, "explanation": explanation, "criteria": criteria,
                   "target": "", "actual": "", "weight": weight, "score": score, "reason": reason}
                  for l1, l2, l3, explanation, criteria, weight, score, reason in FRAMEWORK]
    return [{"label": "", "title": "部门整体支出绩效自评表", "year_line": "（2024年度）", "project": "石嘴山市科学技术局",
             "indicators": indicators, "total_weight": f"{sum(Decimal(i['weight']) for i in indicators)}",
             "total_score": f"{sum(Decimal(i['score']) for i in indicators)}", "goal_expected": "", "goal_actual": "",
             "notes": ["注：评分标准为本部门自评所用标准。"]}]


FRAMEWORK_WIDTHS = widths([30, 40, 60, 110, 100, 28, 28])


def framework_grid(t: dict) -> tuple[Grid, list[float]]:
    g = Grid(8)
    g.add([("部门（单位）名称", 2), (t["project"], 6)])
    g.add([("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标解释", 1), ("评分标准", 1), ("分值", 1),
           ("得分", 1), ("扣分原因", 1)])
    indicator_rows(g, t, lambda i: [("", 1), (i["level2"], 1), (i["level3"], 1), (i["explanation"], 1),
                                    (i["criteria"], 1), (i["weight"], 1), (i["score"], 1), (i["reason"], 1)], 0)
    g.add([("总分", 5), (t["total_weight"], 1), (t["total_score"], 1), ("", 1)])
    g.add([("自评等级", 2), ("优", 6)])
    return g, FRAMEWORK_WIDTHS


# ------------------------------------------------------------------ an unsettled header: 分数
def unsettled_form(t: dict) -> dict:
    return {**t, "label": "", "year_line": "（2024年度）", "notes": []}


def unsettled_grid(t: dict) -> tuple[Grid, list[float]]:
    g = seed001.regional_grid(t)
    header = next(r for r in g.rows if r[3] == "三级指标")
    header[6] = "分数"
    return g, seed001.REGIONAL_WIDTHS


# ------------------------------------------------------------------ what each sample holds
def sichuan_forms() -> list[dict]:
    forms = seed_forms()
    return [sichuan_form(k, forms[k]) for k in SICHUAN_FORMS]


def two_row_forms() -> list[dict]:
    forms = seed_forms()
    return [two_row_form(forms[k]) for k in TWO_ROW_FORMS]


def department_forms() -> list[dict]:
    return [department_form(seed_forms()[DEPARTMENT_FORM])]


def unsettled_forms() -> list[dict]:
    return [unsettled_form(seed_forms()[UNSETTLED_FORM])]


def indicator_pages(forms: list[dict], layout) -> list[list[int]]:
    """The page each form's indicators are printed on, paginated as seed001.write_pdf draws them."""
    page_no, found = 0, []
    for t in forms:
        g, column_widths = layout(t)
        left = (seed001.PAGE_W - sum(column_widths)) / 2
        xs = [left + sum(column_widths[:i]) for i in range(len(column_widths) + 1)]
        head = 62 if t["year_line"] else 48
        pages = seed001.paginate(seed001.row_heights(g, xs), seed001.TOP - head - seed001.BOTTOM - 20,
                                 seed001.TOP - seed001.BOTTOM - 20)
        page_of = {r: page_no + 1 + p for p, rows in enumerate(pages) for r in rows}
        header = max(r for r, row in enumerate(g.rows) if "三级指标" in row)
        found.append([page_of[header + 1 + n] for n in range(len(t["indicators"]))])
        page_no += len(pages)
    return found


SAMPLES = {
    "evaluation_sichuan.pdf": (sichuan_forms, sichuan_grid),
    "evaluation_two_row_header.pdf": (two_row_forms, two_row_grid),
    "evaluation_department.pdf": (department_forms, department_grid),
    "evaluation_framework.pdf": (framework_forms, framework_grid),
    "evaluation_unsettled_header.pdf": (unsettled_forms, unsettled_grid),
}


# ------------------------------------------------------------------ forms stacked on one sheet
STACKED_FORMS = [5, 6, 7]


def stacked_forms() -> list[dict]:
    forms = seed_forms()
    return [{**forms[k], "title": "项目支出绩效自评表"} for k in STACKED_FORMS]


def write_stacked_xlsx(forms: list[dict], path: Path):
    """Every form on one sheet, one after another, as many 决算 workbooks print them: each form's title and
    year in a row merged across the sheet, a blank row between forms."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    wb.properties.creator = "budget-warehouse samples"
    wb.properties.created = wb.properties.modified = seed001.FIXED_TIME
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    r = 1
    for t in forms:
        g = seed001.regional_grid(t)
        for text in (t["title"], t["year_line"]):
            ws.cell(r, 1, text).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=g.n)
            r += 1
        for k, row in enumerate(g.rows):
            for col, text in enumerate(row):
                cell = ws.cell(r + k, col + 1)
                cell.value = text or None
                cell.border = seed001.BOX
        for row, col, rs, cs in g.merges:
            ws.merge_cells(start_row=r + row, start_column=col + 1, end_row=r + row + rs - 1, end_column=col + cs)
        r += len(g.rows) + 1
    seed001.save_workbook(wb, path)


# The same forms as workbooks (one sheet per form, real merged cells; the two-row header's lower row has empty
# cells of its own under the upper row's last labels).
WORKBOOKS = {
    "evaluation_sichuan.xlsx": (sichuan_forms, sichuan_grid),
    "evaluation_two_row_header.xlsx": (two_row_forms, two_row_grid),
}


def main():
    OUT.mkdir(exist_ok=True)
    for name, (forms, layout) in SAMPLES.items():
        seed001.write_pdf({"tables": forms()}, OUT / name, layout=layout, title=Path(name).stem)
        print(f"{name}: {(OUT / name).stat().st_size} bytes")
    for name, (forms, layout) in WORKBOOKS.items():
        seed001.write_xlsx({"tables": forms()}, OUT / name, layout=layout)
        print(f"{name}: {(OUT / name).stat().st_size} bytes")
    write_stacked_xlsx(stacked_forms(), OUT / "evaluation_stacked.xlsx")
    print(f"evaluation_stacked.xlsx: {(OUT / 'evaluation_stacked.xlsx').stat().st_size} bytes")


if __name__ == "__main__":
    main()
