"""Target tables of the real corpus (../shared/corpus/real): projects and indicator rows per
document, counted by reading the PDFs' tables page by page (see the counts below), and the two
Guangzhou target files — quarantined before this form existed — load through the pipeline."""
import collections
import re

import pytest

from conftest import CORPUS, CORPUS_WIDE, items_checked, query
from extract.forms import performance_targets, self_evaluations
from extract.readers import read_document

pytestmark = pytest.mark.corpus

# file -> (indicator rows per project in print order, total/subtotal rows)
EXPECTED = {
    # 1 page, 部门整体: 6 数量 + 3 质量 + 2 时效 + 1 经济 + 3 社会 + 8 生态 + 1 满意度 + 1 成本
    "广州市生态环境局_2026部门整体绩效目标申报表.pdf": ([25], 0),
    # pp. 30-32: three project tables with weights (分值); 9 + 11 + 9 rows
    "国家信访局_2026部门预算_(filed_as_武汉).pdf": ([9, 11, 9], 0),
    # pp. 21-22: 10 projects with goals but no indicator column; 合计 + two spending units
    "广州市统计局_2026部门预算.pdf": ([0] * 10, 3),
    # pp. 31-35: five 财政项目支出绩效目标填报表, one per page (title in the table's first row)
    "普陀区万里街道_2023部门预算.pdf": ([5, 4, 4, 43, 9], 0),
    # pp. 29-36: eight project tables of 6 rows; p. 37 the 部门整体 table with 9
    "泉州市政府办公室_2026部门预算.pdf": ([6] * 8 + [9], 0),
    # pp. 30-35: six 政策和项目预算绩效目标表
    "烟台市审计局_2026部门预算.pdf": ([10, 7, 14, 11, 11, 10], 0),
    # pp. 40-52: nine project tables, 部门整体 (pp. 50-51, continued without its first column), the 专项资金 template
    "西安市统计局_2026部门预算.pdf": ([6, 8, 13, 8, 9, 8, 7, 19, 6, 25, 11], 0),
    # p. 19-20 部门整体 (指标名称 / 指标性质 / 指标值 / 计量单位, no levels), p. 22 one project per row; p. 21 a blank template
    "重庆市气象局_2026部门预算.pdf": ([11, 12], 0),
}


def extracted(name):
    return performance_targets.extract(read_document(str(CORPUS / name)))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_projects_and_indicator_rows_per_document(name):
    rows = extracted(name)
    per_project = collections.Counter(i["project_key"] for i in rows["target_indicators"])
    counts, totals = EXPECTED[name]
    assert [per_project[p["project_key"]] for p in rows["target_projects"]] == counts
    assert len(rows["target_totals"]) == totals
    assert all(i["target_text"] or i["period_target_text"] or i["level3_text"] for i in rows["target_indicators"])


def test_department_level_tables_are_scoped_and_named():
    rows = extracted("泉州市政府办公室_2026部门预算.pdf")
    department = [p for p in rows["target_projects"] if p["scope"] == "department"]
    assert [(p["project_name"], p["amount_text"], p["page"]) for p in department] == [("泉州市人民政府办公室", "8200.95", 37)]


# Goals printed under their label (a label row over a value row) or labelled 年度目标 / 当年绩效目标: every project
# of these tables prints one (福州 p. 32's 年度目标 is printed blank). Before: 万里 0 of 5, 重庆气象 1 of 2 (the
# 部门整体 goal lost), 重庆科技 1 of 3, 福州科技 0 of 15 (0 of 14 printed); 西安's goals glued to their labels.
GOALS = {
    ("real", "普陀区万里街道_2023部门预算.pdf"): [(31, "建成后作为万里街道社区事务受理"), (32, "管理各类下拨费用，实报实销"),
                                             (33, "整治辖区内乱设摊"), (34, "提升辖区居民群众的防毒意识和能力"),
                                             (35, "根据需求，围绕老人、儿童、青年、白领等群体")],
    ("real", "重庆市气象局_2026部门预算.pdf"): [(19, "1.全力做好“十五五”规划编制"), (22, "1.全力做好“十五五”规划编制")],
    ("wide", "重庆_科技创新局_重庆市科学技术局2026年部门预算情况说明.pdf"): [
        (26, "提质建设“416”科技创新布局"), (27, "2026年布局关键技术不少于260项"), (28, "2026年转改制院所保障经费发放人数")],
    ("wide", "福州_科技创新局_2026年部门预算.pdf"): [(27, "开展科普进社区、校园、商圈、园区活动20场"), (32, "")],
    # 总体目标 merged down beside 实施期总目标 | 年度目标 (before: "实施期总目标年度目标目标1：…"), 年度目标 beside its goal
    # (before: "年度目标1、…")
    ("wide", "西安_科技创新局_2026年部门预算.pdf"): [(76, "目标1：培育国家高新技术企业"), (77, "通过项目引进我市紧缺的海外高层次人才"),
                                                 (70, "1、社科普及是社科联的一项重要职能"), (73, "完成院落地面、锅炉房")],
}


@pytest.mark.parametrize("corpus,name", sorted(GOALS))
def test_goals_under_their_label_or_labelled_for_the_year(corpus, name):
    rows = performance_targets.extract(read_document(str((CORPUS if corpus == "real" else CORPUS_WIDE) / name)))
    goals = {p["page"]: re.sub(r"\s", "", p["goal_text"]) for p in rows["target_projects"]}
    for page, start in GOALS[(corpus, name)]:
        assert goals[page].startswith(start) and (goals[page] != "") == (start != ""), (page, goals[page][:40])
    if name.startswith("福州"):
        assert sum(bool(g) for g in goals.values()) == 14 and len(goals) == 15
    periods = {p["page"]: re.sub(r"\s", "", p["period_goal_text"]) for p in rows["target_projects"]}
    if name.startswith("普陀区万里"):   # 项目总目标 beside 年度总体目标, each cell printing the same text here
        assert all(periods[page] == goals[page] != "" for page in range(31, 36))
    if name.startswith("西安_科技"):
        assert [page for page, text in sorted(periods.items()) if text] == [76, 77, 78]
        assert not any(re.search("实施期总目标|年度目标", g) for g in goals.values())


def test_one_level1_cell_printing_thirteen_labels_is_seated_row_by_row():
    """北京水务局 p136: the 一级 column of 三家店拦河闸应急启闭设备改造提升's 13 rows is one cell printing
    满意度指标, 产出指标 ×9, 成本指标 ×2, 效益指标; each row's 二级 confirms its label. Before: 13 rows kept whole and
    flagged (cells_certain false, 一级 blank)."""
    rows = extracted("北京市水务局_2026部门预算报表(附件2).pdf")["target_indicators"]
    assert all(r["cells_certain"] for r in rows) and len(rows) == 3140
    seated = [(r["level1_text"], r["level2_text"]) for r in rows if r["page"] == 136 and 12 <= r["page_row"] <= 24]
    assert seated == [("满意度指标", "服务对象满意度指标")] + [("产出指标", "时效指标")] * 2 + [("产出指标", "质量指标")] * 3 \
        + [("产出指标", "数量指标")] * 4 + [("成本指标", "经济成本指标")] * 2 + [("效益指标", "社会效益指标")]


@pytest.mark.parametrize("path,page,first,activities", [
    (CORPUS / "北京市水务局_2026部门预算报表(附件2).pdf", 150, "水资源统筹调度管理", 10),
    (CORPUS_WIDE / "北京_商务局_2026年部门预算.pdf", 59, None, None),
])
def test_the_activity_each_department_indicator_is_listed_under_is_kept(path, page, first, activities):
    """北京's 部门整体支出绩效目标表 (预算13表) lists its indicators per 活动 (活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位),
    also on its continuation pages. Before: the 活动 column was not read (34 + 41 rows of the two corpora)."""
    rows = performance_targets.extract(read_document(str(path)))
    [department] = [p for p in rows["target_projects"] if p["scope"] == "department"]
    held = [r for r in rows["target_indicators"] if r["project_key"] == department["project_key"]]
    assert held and all(r["activity_text"] for r in held) and held[0]["page"] == page
    assert not any(r["activity_text"] for r in rows["target_indicators"] if r["project_key"] != department["project_key"])
    if first:
        assert held[0]["activity_text"] == first and len({r["activity_text"] for r in held}) == activities
        assert (held[0]["level1_text"], held[0]["level2_text"], held[0]["level3_text"], held[0]["target_text"]) == \
            ("产出指标", "质量指标", "水质", "3")


def test_columns_the_form_does_not_read_keep_their_cells():
    """重庆's 部门整体 table (pp. 19-20) prints 是否核心 beside 指标权重(%), 西安科技's project tables a 备注 column: no role
    the form reads. Each row keeps their cells as printed (unread_text), also on a continuation page, and the table
    lists the labels; the columns read are unchanged. Before: the cells were in no raw table (11 + 3 rows here)."""
    rows = extracted("重庆市气象局_2026部门预算.pdf")
    assert [(t["first_page"], t["unread_columns"]) for t in rows["target_tables"]] == [(19, "是否核心"), (22, "序号")]
    department = [r for r in rows["target_indicators"] if r["page"] in (19, 20)]
    assert [r["unread_text"] for r in department] == ["是否核心：是"] * 5 + ["是否核心：否"] * 6
    assert (department[0]["level3_text"], department[0]["target_text"], department[0]["weight_text"]) == \
        ("气候预测准确率", "68", "12")
    rows = performance_targets.extract(read_document(str(CORPUS_WIDE / "西安_科技创新局_2026年部门预算.pdf")))
    noted = [r for r in rows["target_indicators"] if r["unread_text"]]
    assert [(r["page"], r["level3_text"], r["target_text"]) for r in noted] == [
        (67, "办公用房面积", "562平方米"), (67, "电量", "13500度"), (67, "水量", "400吨")]
    assert noted[0]["unread_text"] == "备注：办公用房445平方米，公用面积291平方米，我中心承担公用面积的40%"
    assert collections.Counter(t["unread_columns"] for t in rows["target_tables"])["备注"] == 13   # the other tables list none
    assert {t["unread_columns"] for t in rows["target_tables"]} == {"备注", ""}


def test_operator_and_unit_columns_are_kept():
    rows = extracted("重庆市气象局_2026部门预算.pdf")
    first = rows["target_indicators"][0]
    assert (first["level3_text"], first["nature_text"], first["target_text"], first["measure_unit_text"]) == \
        ("气候预测准确率", "≥", "68", "%")


def test_guangzhou_packed_project_table():
    """140 pages, one row per project; its 绩效指标 cell packs every indicator. 300 rows carry
    indicators; 35 spending-unit rows and the 合计 row carry only amounts. The indicator count is
    the number of "N－一级，NN－二级，" pairs printed in those cells."""
    name = "广州市生态环境局_2026项目支出绩效目标表.pdf"
    document = read_document(str(CORPUS / name))
    printed_pairs = sum(len(re.findall(r"\d\s*[－\-—]\s*[\u4e00-\u9fff]+指标\s*[，,]\s*\d+\s*[－\-—]", row[6]))
                        for table in document.tables for row in table.rows
                        if len(row) == 7 and not row[0].startswith("项目名称"))
    rows = performance_targets.extract(document)
    assert len(rows["target_tables"]) == 1 and rows["target_tables"][0]["pages"] == 140
    assert len(rows["target_projects"]) == 300
    assert len(rows["target_indicators"]) == printed_pairs == 1771
    kinds = collections.Counter(t["total_kind"] for t in rows["target_totals"])
    assert kinds == {"table": 1, "group": 35}
    assert all(i["level1_text"] and i["level2_text"] for i in rows["target_indicators"])
    # a target table, not a self-evaluation: the self-evaluation form finds nothing in it (checked here, on the
    # document already read, because reading its 140 pages is the longest read of this tier)
    assert not any(self_evaluations.extract(document).values())


GUANGZHOU = ["广州市生态环境局_2026项目支出绩效目标表.pdf", "广州市生态环境局_2026部门整体绩效目标申报表.pdf"]


@pytest.fixture(scope="module")
def guangzhou_warehouse(corpus_warehouse):
    """The session's corpus warehouse, which holds both Guangzhou target files."""
    return corpus_warehouse


def test_guangzhou_target_files_load_and_their_totals_check(guangzhou_warehouse):
    status = dict(query(guangzhou_warehouse, "SELECT file_name, status FROM dim_documents WHERE file_name IN (SELECT unnest(?))",
                        [GUANGZHOU]))
    assert set(status) == set(GUANGZHOU) and set(status.values()) == {"loaded"}
    counts = dict(query(guangzhou_warehouse, """SELECT d.file_name, count(*) FROM fct_performance_indicators f
                                                JOIN dim_documents d USING (document_id)
                                                WHERE d.file_name IN (SELECT unnest(?)) GROUP BY 1""", [GUANGZHOU]))
    assert counts == {"广州市生态环境局_2026项目支出绩效目标表.pdf": 1771, "广州市生态环境局_2026部门整体绩效目标申报表.pdf": 25}
    # the 合计 and 35 subtotals are each compared with the projects under them
    assert items_checked(guangzhou_warehouse, "TGT-005", GUANGZHOU) == 36
