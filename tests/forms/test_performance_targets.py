"""Target tables read from the generated samples match the facts transcribed from the seeds,
row for row: levels, indicator name, description, target text and basis exactly as printed."""
import json

import pytest

from extract.forms import budget_tables, performance_targets
from extract.forms.performance_targets import split_packed
from extract.readers import read_document
from conftest import SAMPLES, pdf_document

FACT_FILES = {seed: json.loads((SAMPLES / "facts" / f"targets_seed{seed}.json").read_text(encoding="utf-8"))
              for seed in ("000", "002", "003", "004")}
SAMPLE_FILES = {"000": "targets_seed000.docx", "002": "targets_seed002.pdf", "003": "targets_seed003.docx",
                "004": "targets_seed004.pdf"}


@pytest.fixture(scope="module", params=sorted(SAMPLE_FILES))
def extracted(request):
    seed = request.param
    document = read_document(str(SAMPLES / SAMPLE_FILES[seed]))
    return seed, FACT_FILES[seed], performance_targets.extract(document)


def indicators_of(rows, project_key):
    return [[r["level1_text"], r["level2_text"], r["level3_text"], r["description_text"], r["target_text"], r["basis_text"]]
            for r in rows["target_indicators"] if r["project_key"] == project_key]


def test_every_project_and_indicator_row(extracted):
    seed, facts, rows = extracted
    projects = rows["target_projects"]
    assert [p["project_name"] for p in projects] == [p["name"] for p in facts["projects"]]
    for project, expected in zip(projects, facts["projects"]):
        assert indicators_of(rows, project["project_key"]) == expected["indicators"], project["project_name"]
        assert project["goal_text"] == expected["goal"]
    assert len(rows["target_indicators"]) == sum(len(p["indicators"]) for p in facts["projects"])


def test_amounts_codes_and_spend_plans(extracted):
    seed, facts, rows = extracted
    for project, expected in zip(rows["target_projects"], facts["projects"]):
        assert project["amount_text"] == expected.get("amount", "")
        assert project["fiscal_text"] == expected.get("fiscal", "")
        assert project["other_text"] == expected.get("other", "")
        assert project["project_code"] == expected.get("code", "")
        if "spend_plan" in expected:
            plan = json.loads(project["spend_plan_json"])
            assert [label for label, _ in plan] == ["3月底", "6月底", "10月底", "12月底"]
            assert [value for _, value in plan] == expected["spend_plan"]
        if "purpose" in expected:
            assert project["purpose_text"] == expected["purpose"]


def test_units(extracted):
    seed, facts, rows = extracted
    for project, expected in zip(rows["target_projects"], facts["projects"]):
        if seed in ("003", "004"):
            assert project["unit_text"] == "万元"
        elif seed == "000":  # printed in the amount label or the 项目资金 label; one label prints none
            printed = "元" in project["amount_label"] or expected["layout"] == "funds"
            assert project["unit_text"] == (expected["amount_unit"] if printed else "")


def test_table_ids_unique_and_provenance(extracted):
    seed, facts, rows = extracted
    ids = [t["table_id"] for t in rows["target_tables"]]
    assert len(ids) == len(set(ids)) == len(facts["projects"])
    assert all("-performance_targets-" in i for i in ids)
    assert all(r["page"] >= 1 and r["page_row"] >= 0 for r in rows["target_indicators"])


def test_merged_level_lost_on_continuation_page_is_carried():
    """Seed 002's tables run over page breaks without repeating the header; the 一级 cell merged
    over rows has no text on the continuation page, and the row takes the label from above."""
    document = read_document(str(SAMPLES / "targets_seed002.pdf"))
    rows = performance_targets.extract(document)
    projects = {p["project_key"]: p for p in rows["target_projects"]}
    carried = [r for r in rows["target_indicators"]
               if r["levels_carried"] and r["page"] > projects[r["project_key"]]["page"]]
    assert carried, "the sample is expected to split at least one table inside a merged 一级 cell"
    raw_blank = 0
    for table in document.tables:
        for row in table.rows:
            if len(row) == 6 and not row[0] and row[2]:
                raw_blank += 1
    assert raw_blank >= len(carried)
    # and the continued rows are still exact (checked in full above); spot-check one
    assert all(r["level1_text"] in ("产出指标", "效益指标", "满意度指标") for r in carried)


def test_packed_indicator_cell():
    text = ("1.1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；"
            "2、1－产出指标，12－质量指标，专职环保员队伍管理规范化；实施周期指标值：考察是否符合规范，合规得满分，不合规不得分。年度指标值：是；"
            "3、2－效益指标，22－社会效益，环保信访投诉办结率；实施周期指标值：≥90%，年度指标值：≥ 90%;")
    items = split_packed(text)
    assert [(i["level1"], i["level2"], i["level3"], i["period_target"], i["target"]) for i in items] == [
        ("1－产出指标", "11－数量指标", "项目专职环保员数量", "≦核定人数", "≦核定人数"),
        ("1－产出指标", "12－质量指标", "专职环保员队伍管理规范化", "考察是否符合规范，合规得满分，不合规不得分", "是"),
        ("2－效益指标", "22－社会效益", "环保信访投诉办结率", "≥90%", "≥ 90%"),
    ]


def test_budget_form_does_not_claim_target_tables():
    for facts in FACT_FILES.values():
        for project in facts["projects"]:
            assert budget_tables.classify(project["title"].replace(" ", "")) is None


def _one_table(rows, *lines_above, page=1):
    """A one-page PDF document holding one reader table (on `page`) under the lines printed above it."""
    from extract.model import Table
    return pdf_document(Table(page=page, index=0, rows=rows, lines_above=list(lines_above)))


def test_self_evaluation_table_is_left_alone():
    rows = [["项目名称", "x", "", "", "", "", ""],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训次数", "≥4次", "5次", "10", "10"]]
    assert performance_targets.extract(_one_table(rows, "项目支出绩效自评表"))["target_indicators"] == []


def test_a_project_with_a_blank_goal_is_not_a_subtotal():
    """珠海 表12 项目支出及其他支出预算表: a 绩效目标 column left blank on every row. Only 合计 and the spending
    units' rows are totals; the projects stay projects (they were taken as 62 subtotals that "did not add up")."""
    rows = [["支出项目类别（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标"],
            ["合计", "58,788.54", "58,786.90", "0.00", "1.64", ""],
            ["珠海市商务局", "58,446.21", "58,444.57", "0.00", "1.64", ""],
            ["口岸现场水电费", "6,905.22", "6,905.22", "0.00", "0.00", ""],
            ["市特色会展产业链党委党建工作经费", "0.84", "0.00", "0.00", "0.84", ""],
            ["珠海市贸易服务中心", "20.60", "20.60", "0.00", "0.00", ""],
            ["查验配套服务费", "20.60", "20.60", "0.00", "0.00", ""]]
    out = performance_targets.extract(_one_table(rows, "部门预算项目支出及其他支出预算表", page=22))
    assert [(t["label"], t["total_kind"]) for t in out["target_totals"]] == [
        ("合计", "table"), ("珠海市商务局", "group"), ("珠海市贸易服务中心", "group")]
    assert [(p["project_name"], p["group_name"]) for p in out["target_projects"]] == [
        ("口岸现场水电费", "珠海市商务局"), ("市特色会展产业链党委党建工作经费", "珠海市商务局"), ("查验配套服务费", "珠海市贸易服务中心")]


def test_a_department_amount_printed_only_as_the_task_lists_total():
    """西安 部门整体支出绩效目标表 (表15): the department's money is printed only as the 金额合计 row of its task list
    (任务名称 | 主要内容 | 预算金额（万元） over 总额 | 财政拨款 | 其他资金), the section label 年度主要任务 repeated in
    the first column of every row. The total's columns are the ones the list's header names."""
    rows = [["部门（单位）名称", "部门（单位）名称", "西安市统计局", "西安市统计局", "西安市统计局", "西安市统计局"],
            ["年度主要任务", "任务名称", "主要内容", "预算金额（万元）", "预算金额（万元）", "预算金额（万元）"],
            ["年度主要任务", "任务名称", "主要内容", "总额", "财政拨款", "其他资金"],
            ["年度主要任务", "保障人员经费", "保障人员工资及社会保障缴费支出", "3455.78", "3455.78", "0"],
            ["年度主要任务", "保障单位日常工作运转", "保障单位日常工作运转所需的办公室、维修维护费等支出", "214.33", "214.33", "0"],
            ["年度主要任务", "金额合计", "金额合计", "3670.11", "3670.11", "0"],
            ["", "一级指标", "二级指标", "三级指标", "指标值", "分值权重（90分）"],
            ["", "产出指标", "数量指标", "清查户数（万户）", "≥110", "3"]]
    out = performance_targets.extract(_one_table(rows, "部门整体支出绩效目标表"))
    [project] = out["target_projects"]
    assert (project["scope"], project["project_name"], project["amount_text"], project["fiscal_text"],
            project["other_text"], project["amount_label"], project["unit_text"]) == \
        ("department", "西安市统计局", "3670.11", "3670.11", "0", "金额合计", "万元")
    assert [i["level3_text"] for i in out["target_indicators"]] == ["清查户数（万户）"]


def test_a_task_list_total_is_not_read_outside_a_department_table():
    """A 合计 row under 总额 | 财政拨款 columns in a project's table is no department's money: not read as the amount."""
    rows = [["项目名称", "培训", "培训", "培训"],
            ["任务名称", "总额", "财政拨款", "其他资金"],
            ["合计", "10.00", "10.00", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "培训人次", "≥100人次"]]
    [project] = performance_targets.extract(_one_table(rows, "培训项目绩效目标表"))["target_projects"]
    assert project["amount_text"] == ""


@pytest.mark.parametrize("name_label,name,amount_label,amount", [
    ("项目名称", "科技发展专项", "当年预算", "109,703.00"),                # 重庆 表十一 市级重点专项资金绩效目标表
    ("转移支付名称", "北京市水务改革发展资金", "年度金额：", "34544.000000"),  # 北京 预算14表 专项转移支付资金绩效目标表
    ("项目名称", "西安市社科规划基金", "年度资金总额：（万元）", "260"),      # 西安: the unit printed after the colon
])
def test_project_block_labels_of_other_producers(name_label, name, amount_label, amount):
    rows = [[name_label, name, name, name],
            ["资金情况（万元）", amount_label, amount, amount],
            ["资金情况（万元）", "其他资金", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "指标1：境内集中输水量", "=10230.3546万立方米"]]
    [project] = performance_targets.extract(_one_table(rows, "2026年度项目绩效目标表"))["target_projects"]
    assert (project["project_name"], project["amount_text"], project["unit_text"]) == (name, amount, "万元")


def test_a_unit_printed_alone_after_the_department_name():
    """湖州 表11 市级部门项目支出绩效表 prints its unit alone ("341-湖州市财政局  万元"), without 单位：; its amounts
    were read as 元. A sentence's "100 万元" is no unit line."""
    rows = [["单位名称", "项目名称", "金额", "项目总体绩效目标"],
            ["湖州市财政票据管理中心", "财政票据综合管理", "10.00", "2026年，深入推进财政电子票据改革"]]

    def unit_of(lines):
        return performance_targets.extract(_one_table(rows, *lines, page=32))["target_projects"][0]["unit_text"]

    assert unit_of(["表11", "2026年市级部门项目支出绩效表", "341-湖州市财政局 万元"]) == "万元"
    assert unit_of(["2026年市级部门项目支出绩效表", "万元"]) == "万元"
    assert unit_of(["2026年市级部门项目支出绩效表", "项目资金 100 万元"]) == ""
