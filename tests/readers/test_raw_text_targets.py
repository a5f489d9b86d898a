"""Target tables (…绩效目标表) and label-and-figure lists of raw text exports, on generated text whose words,
columns, column widths and levels are not seed 002's: a row is rebuilt only where one reading of its
words fits (column widths learnt from the table's certain rows); any other row keeps its printed text,
flagged, with only its certain levels — never a wrong cell."""
from extract.forms import fixed_assets, performance_targets
from extract.readers import read_document
from extract.readers.raw_text_lists import read_figure_lists

# Columns print at most 8 characters per line. 一级 as merged cells on lines of their own (成本指标 as a
# 一级 of the newer template) or printed in the row; a page number and the header again mid-table.
TARGETS = """2025年度部门预算项目绩效目标

1、农机安全监理经费绩效目标表

项目名称 农机安全监理经费

绩效目标 开展农机安全检查，减少农机事故，保障农
机驾驶人员生命财产安全。

一级指标 二级指标 三级指标 指标内容 年度指标值 指标值设定依据

产出指标

质量指标 农机检验合格比率 检验合格农机占比 ≥98% 行业标准

数量指标 检查农机数量
年度检查拖拉机和

联合收割机数量
≥1200 台 年度计划

时效指标 完成时限 年底前 工作安排

成本指标

经济成本指标 单台检查成本 每台农机检查费用 ≤35 元 测算标准

效益指标 社会效益指标 事故下降幅度 较上年事故起数下降 ≥5% 历史数据

可持续影响指标 农机安全意识 驾驶人员安全意识持
12
 一级指标 二级指标 三级指标 指标内容 年度指标值 指标值设定依据

续提升 长期 历史数据

满意度指标

服务对象满意度指标 农机户满意度 农机户对监理服务满意 群众普遍满意 问卷调查
 2、基层农技推广体系建设绩效目标表
绩效目标 建设农技推广示范基地。
一级指标 二级指标 三级指标 指标内容 年度指标值 指标值设定依据
产出指标 数量指标 示范基地数量 新建农技推广示范基地 10 个 建设方案
满意度指标 服务对象满意度指标 农户满意度 受训农户满意程度 ≥90% 问卷调查
二、政府采购情况
本部门无政府采购预算。
"""


def read_targets(tmp_path, text):
    path = tmp_path / "targets.txt"
    path.write_text(text, encoding="utf-8")
    return performance_targets.extract(read_document(str(path)))


def test_a_target_table_of_other_words_and_widths_is_rebuilt_where_certain(tmp_path):
    rows = read_targets(tmp_path, TARGETS)
    projects = rows["target_projects"]
    assert [(p["project_name"], p["goal_text"]) for p in projects] == [
        ("农机安全监理经费", "开展农机安全检查，减少农机事故，保障农机驾驶人员生命财产安全。"),
        ("基层农技推广体系建设", "建设农技推广示范基地。")]
    got = [(r["level1_text"], r["level2_text"], r["level3_text"], r["description_text"], r["target_text"],
            r["basis_text"], r["cells_certain"], r["unsplit_text"]) for r in rows["target_indicators"]]
    assert got == [
        ("产出指标", "质量指标", "农机检验合格比率", "检验合格农机占比", "≥98%", "行业标准", True, ""),
        # the widest lines of the certain rows (8 characters) show 检查农机数量 ended its cell: the only reading left
        ("产出指标", "数量指标", "检查农机数量", "年度检查拖拉机和联合收割机数量", "≥1200台", "年度计划", True, ""),
        # 完成时限 may be the 三级 or the 指标内容 (the other cell empty): kept whole
        ("产出指标", "时效指标", "", "", "", "", False, "时效指标 完成时限 年底前 工作安排"),
        ("成本指标", "经济成本指标", "单台检查成本", "每台农机检查费用", "≤35元", "测算标准", True, ""),
        ("效益指标", "社会效益指标", "事故下降幅度", "较上年事故起数下降", "≥5%", "历史数据", True, ""),
        # continued after the page break: where its last words belong is not certain
        ("效益指标", "可持续影响指标", "", "", "", "", False, "可持续影响指标 农机安全意识 驾驶人员安全意识持 续提升 长期 历史数据"),
        # no word reads as a target value
        ("满意度指标", "服务对象满意度指标", "", "", "", "", False,
         "服务对象满意度指标 农机户满意度 农机户对监理服务满意 群众普遍满意 问卷调查"),
        ("产出指标", "数量指标", "示范基地数量", "新建农技推广示范基地", "10个", "建设方案", True, ""),
        ("满意度指标", "服务对象满意度指标", "农户满意度", "受训农户满意程度", "≥90%", "问卷调查", True, ""),
    ]
    first = rows["target_indicators"][0]["page"]
    # the page break the text shows (page number, header again) starts a new page (a row keeps the page it
    # starts on); no other line does
    assert [r["page"] - first for r in rows["target_indicators"]] == [0] * 6 + [1] * 3
    keys = [(r["page"], r["table_index"], r["page_row"]) for r in rows["target_indicators"]]
    assert len(keys) == len(set(keys))


def test_without_the_widths_of_its_columns_a_wrapped_row_is_not_rebuilt(tmp_path):
    """The same wrapped row in a table with no other row to learn the column widths from: 年度检查拖拉机和 may
    still be part of the 三级 cell, so the row is kept whole."""
    text = """1、农机安全监理经费绩效目标表
绩效目标 开展农机安全检查。
一级指标 二级指标 三级指标 指标内容 年度指标值 指标值设定依据
产出指标
数量指标 检查农机数量
年度检查拖拉机和
联合收割机数量
≥1200 台 年度计划
"""
    (row,) = read_targets(tmp_path, text)["target_indicators"]
    assert (row["level1_text"], row["level2_text"], row["cells_certain"]) == ("产出指标", "数量指标", False)
    assert row["unsplit_text"] == "数量指标 检查农机数量 年度检查拖拉机和 联合收割机数量 ≥1200 台 年度计划"


def test_a_second_level_under_another_first_level_is_not_rebuilt(tmp_path):
    """A 二级 that does not belong to the 一级 carried over it (the merged cell's label printed lower down, or
    misplaced): the row's 一级 is not certain, so the row is kept whole without one."""
    text = """1、培训经费绩效目标表
绩效目标 开展培训。
一级指标 二级指标 三级指标 指标内容 年度指标值 指标值设定依据
效益指标
社会效益指标 培训效果 学员技能提升 显著 调查
数量指标 培训人次 全年培训人次 ≥300 人次 计划
"""
    rows = read_targets(tmp_path, text)["target_indicators"]
    assert [(r["level1_text"], r["level2_text"], r["target_text"], r["cells_certain"]) for r in rows] == [
        ("效益指标", "社会效益指标", "显著", True), ("", "数量指标", "", False)]


ASSETS = """四、国有资产占用情况
国有资产占用情况表
单位：万元 截至2024年12月31日
资产类别 数量 账面原值
合计 412 1880.50
车辆 3 65.20
办公设备 409 1815.30
五、名词解释
"""


def test_a_label_and_figures_list_is_rebuilt_when_every_row_prints_every_figure(tmp_path):
    path = tmp_path / "assets.txt"
    path.write_text(ASSETS, encoding="utf-8")
    rows = fixed_assets.extract(read_document(str(path)))
    (table,) = rows["fixed_asset_tables"]
    assert (table["title"], table["unit"], table["strategy"]) == ("国有资产占用情况表", "万元", "raw_text")
    cells = [(c["line_no"], c["field"], c["value_text"]) for c in rows["fixed_asset_cells"]]
    assert cells == [(1, "item_name", "合计"), (1, "quantity", "412"), (1, "value", "1880.50"),
                     (2, "item_name", "车辆"), (2, "quantity", "3"), (2, "value", "65.20"),
                     (3, "item_name", "办公设备"), (3, "quantity", "409"), (3, "value", "1815.30")]


def test_a_list_with_a_row_missing_a_figure_is_not_rebuilt():
    """车辆 prints one figure: 数量 or 账面原值? The table stays unread rather than guess."""
    lines = ASSETS.replace("车辆 3 65.20", "车辆 65.20").splitlines()
    assert read_figure_lists(lines, 1) == []


def test_a_bare_number_between_rows_and_a_block_without_title_are_not_guessed(tmp_path):
    """A number on a line of its own after a row (a page number without the header printed again, or a
    figure of the row?) leaves that row whole; a project block printed without a title of its own ends the
    grid rather than giving its rows to the project above."""
    text = """1、培训经费绩效目标表
绩效目标 开展培训。
一级指标 二级指标 三级指标 指标内容 年度指标值 指标值设定依据
产出指标
数量指标 培训人次 全年培训人次 ≥300 人次 培训计划
12
质量指标 考核合格率 学员考核合格占比 ≥95% 培训计划
项目名称 农技推广
产出指标
数量指标 推广面积 推广新技术面积 ≥5000 亩 推广方案
"""
    rows = read_targets(tmp_path, text)["target_indicators"]
    assert [(r["level2_text"], r["target_text"], r["cells_certain"], r["unsplit_text"]) for r in rows] == [
        ("数量指标", "", False, "数量指标 培训人次 全年培训人次 ≥300 人次 培训计划 12"),
        ("质量指标", "≥95%", True, "")]
