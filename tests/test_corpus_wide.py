"""The wide crawled corpus (../shared/corpus/wide, read in place): every file ends loaded or
quarantined with a true reason, and the 收支总表, 支出总表 and “三公” tables of the 20 hand-read
documents (tests/data/corpus_wide_truth.json, read from the printed pages) are recognised with
their printed totals."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CORPUS_WIDE, query
from test_corpus import found_with_total

TRUTH = json.loads((Path(__file__).parent / "data" / "corpus_wide_truth.json").read_text(encoding="utf-8"))
CASES = [(name, kind, facts) for name, doc in TRUTH.items() for kind, facts in doc["tables"].items() if facts]

# Files that are not disclosures or cannot be read, with the reason read from the file itself.
NOT_DISCLOSURES = {
    "包头_生态环境局_2026年部门预算.pdf": "no_recognised_form",     # 工业企业行政合规指导清单
    "南宁_住房和建设局_2026年部门预算.pdf": "no_recognised_form",   # 消防设计抽查情况表
    "南宁_财政局_2026年部门预算.pdf": "no_recognised_form",        # 政府网站工作年度报表
    "宁德_公安局_2026年部门预算.pdf": "no_recognised_form",        # 政府网站工作年度报表
    "潍坊_发展和改革局_2026年部门预算.pdf": "no_recognised_form",   # 政府网站工作年度报表
    "嘉兴_发展和改革局_2026年部门预算.pdf": "no_recognised_form",   # 养老机构预收费存管协议
    "嘉兴_城市管理和综合执法局_2026年部门预算.pdf": "no_recognised_form",  # 省政府办公厅复函
    "宁波_卫生健康委员会_2026年部门预算.pdf": "no_recognised_form",  # 巡察通告
    "宜宾_政府办公厅_2026年部门预算.pdf": "no_recognised_form",     # 政务公开检查通报
    "惠州_民政局_2026年部门预算.pdf": "no_recognised_form",        # 政府公报: a 通知
    "惠州_退役军人事务局_2026年部门预算.pdf": "no_recognised_form",  # 政府公报: a 通知
    "潍坊_统计局_2026年部门预算.pdf": "no_recognised_form",        # 巡视整改通报
    "遵义_水务局_2026年部门预算.pdf": "no_recognised_form",        # 工作岗位规范 (2016)
    "镇江_财政局_2026年部门预算.pdf": "no_recognised_form",        # 注册会计师考试报名简章
    "镇江_人力资源和社会保障局_2026年部门预算.pdf": "no_recognised_form",  # 政府网站工作年度报表
    "长春_审计局_2026年部门预算.pdf": "no_recognised_form",        # 政府网站工作年度报表
    "菏泽_规划和自然资源局_2026年部门预算.pdf": "no_recognised_form",  # 临时用地管理通知 (prose)
    # the 情况说明 only: its tables are published in a separate attachment
    "北京_公安局_2026年部门预算.pdf": "no_recognised_form",
    "保定_发展和改革局_2026年部门预算.pdf": "no_text_layer",
    "榆林_商务局_2026年部门预算.pdf": "no_text_layer",
    "济南_规划和自然资源局_2026年部门预算.pdf": "no_text_layer",
}


@pytest.mark.corpus
def test_every_wide_corpus_file_is_accounted_for(corpus_wide_warehouse):
    files = sorted(p.name for p in CORPUS_WIDE.iterdir() if p.is_file())
    rows = dict(query(corpus_wide_warehouse, "SELECT file_name, status || ':' || coalesce(reason_code, '') FROM dim_documents"))
    assert sorted(rows) == files
    assert rows["SOURCES.tsv"].startswith("quarantined:")  # the crawler's list of files
    for name, reason in NOT_DISCLOSURES.items():
        assert rows[name] == f"quarantined:{reason}", name
    for name in TRUTH:
        assert rows[name] == "loaded:", name


@pytest.mark.corpus
def test_wide_corpus_standard_tables_recognised_with_their_totals(corpus_wide_warehouse):
    """The 58 hand-read 收支总表 / 支出总表 / “三公” tables of 20 documents, recognised with their printed total(s)."""
    assert len(TRUTH) == 20 and len(CASES) == 58
    misses = {f"{n}:{k}": m for n, k, f in CASES if (m := found_with_total(corpus_wide_warehouse, n, k, f))}
    print("\n".join(f"MISS {k}: {v}" for k, v in misses.items()))
    assert not misses, misses


def indicators_per_project(db, file_name):
    return query(db, """SELECT p.project_code, p.project_name, count(i.project_key)
                        FROM int_target_projects p JOIN dim_documents d USING (document_id)
                        LEFT JOIN raw.target_indicators i ON i.project_key = p.project_key
                        WHERE d.file_name = ? GROUP BY ALL ORDER BY min(p.project_seq)""", [file_name])


@pytest.mark.corpus
def test_target_and_evaluation_counts_checked_by_hand(corpus_wide_warehouse):
    """Projects and indicator rows counted by hand on the printed pages of five documents."""
    db = corpus_wide_warehouse
    # 重庆市科学技术局: 部门整体 (8 indicators, p26), 科技发展专项 (6, p27), 科学事务管理 (6, p28)
    assert [n for _, _, n in indicators_per_project(db, "重庆_科技创新局_重庆市科学技术局2026年部门预算情况说明.pdf")] == [8, 6, 6]
    # 北京市商务局 预算表12 (p26): code-prefixed names, one project over its rows
    beijing = indicators_per_project(db, "北京_商务局_2026年部门预算.pdf")
    assert beijing[:3] == [("11000021Y000000390843", "信息系统运维类项目", 7), ("11000022T000000391737", "会议类项目", 5),
                           ("11000022T000000391739", "培训类项目", 4)]
    # 烟台市交通运输局 政策和项目预算绩效目标表 (p37): 交通战备专项, 11 indicators
    assert indicators_per_project(db, "烟台_交通运输局_2026年部门预算.pdf")[0][1:] == ("交通战备专项", 11)
    # 福州市科学技术局: 科技发展、合作与交流 (p29) 6, 福建省创新实验室建设运行补助经费 (p41) 10
    fuzhou = {name: n for _, name, n in indicators_per_project(db, "福州_科技创新局_2026年部门预算.pdf")}
    assert fuzhou["科技发展、合作与交流"] == 6 and fuzhou["福建省创新实验室建设运行补助经费"] == 10
    # 杭州市公安局 表11 (p34–37, header on the first page only, a goal cut by the page break): 33 projects,
    # as its narrative states (p14: 共计33个一级项目); the last is 地铁公安保障与支撑 229.27
    hangzhou = query(db, """SELECT p.project_name, p.amount_text FROM int_target_projects p JOIN dim_documents d
                            USING (document_id) WHERE d.file_name = ? ORDER BY p.project_seq""",
                     ["杭州_公安局_2026年部门预算.pdf"])
    assert len(hangzhou) == 33 and hangzhou[-1] == ("地铁公安保障与支撑", "229.27")
    # 宁德市人民政府办公室 部门整体绩效自评表 (one page): 17 indicators
    assert query(db, """SELECT count(DISTINCT e.table_id), count(*) FROM raw.evaluation_indicators e
                        JOIN dim_documents d USING (document_id) WHERE d.file_name = ?""",
                 ["宁德_政府办公厅_2026年部门预算.pdf"]) == [(1, 17)]


@pytest.mark.corpus
def test_shenzhen_total_line_labelled_with_the_units_name(corpus_wide_warehouse):
    """深圳's 支出总表 prints no 合计: its first line names the unit (预算单位 column) and its total column is
    headed 支出总计. That line is the table's total line and the column its total; the other lines keep their
    科目名称."""
    rows = query(corpus_wide_warehouse, """
        SELECT file_name, item_name, column_label, amount_yuan FROM fct_budget_lines
        WHERE file_name LIKE '深圳%' AND table_kind = 'expenditure_summary' AND line_type = 'total' AND measure = 'total'
        ORDER BY file_name""")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("深圳_市场监督管理局_2026年深圳市市场监督管理局深汕监管局部门预算.pdf", "深圳市市场监督管理局深汕监管局", "支出总计"),
        ("深圳_财政局_2026年部门预算.pdf", "深圳市财政局（本级）", "支出总计")]
    assert rows[1][3] == Decimal("373858800.00")   # 37,385.88 万元, hand-read (corpus_wide_truth.json)
    unnamed = query(corpus_wide_warehouse, """
        SELECT count(*) FROM fct_budget_lines
        WHERE file_name LIKE '深圳%' AND table_kind = 'expenditure_summary' AND code IS NOT NULL AND coalesce(item_name, '') = ''""")
    assert unnamed == [(0,)]


# Tables beyond the nine standard ones, read by hand from the printed pages:
# (file, kind, page, label of the total line, its measure, 万元).
OTHER_TEMPLATE_TABLES = [
    ("无锡_交通运输局_无锡市交通运输局（本级）2026年度单位预算公开.pdf", "fiscal_grant_expenditure", 20, "合计", "total", "372917.67"),
    ("无锡_交通运输局_无锡市交通运输局（本级）2026年度单位预算公开.pdf", "fiscal_grant_basic_expenditure", 22, "合计", "total", "3305.86"),
    ("无锡_交通运输局_无锡市交通运输局（本级）2026年度单位预算公开.pdf", "office_operation_expenditure", 29, "合计", "office_operation", "190.74"),
    # 深圳 heads its lines with the unit's row (no 合计 is printed)
    ("深圳_财政局_2026年部门预算.pdf", "basic_expenditure", 24, "深圳市财政局（本级）", "total", "11024.31"),
    ("深圳_财政局_2026年部门预算.pdf", "project_expenditure", 27, "深圳市财政局（本级）", "total", "26361.57"),
    ("广州_民政局_2026年部门预算.pdf", "basic_expenditure", 23, "合计", "total", "135209.67"),
    ("烟台_交通运输局_2026年部门预算.pdf", "basic_expenditure", 25, "合计", "total", "32382.54"),
    ("烟台_交通运输局_2026年部门预算.pdf", "project_expenditure", 29, "合 计", "total", "13379.18"),
]


@pytest.mark.corpus
@pytest.mark.parametrize("file_name,kind,page,label,measure,total", OTHER_TEMPLATE_TABLES)
def test_other_templates_tables_recognised_with_their_total_line(corpus_wide_warehouse, file_name, kind, page, label,
                                                                 measure, total):
    """江苏's 财政拨款支出表/基本支出表/机关运行经费表, 深圳's 基本/项目支出总表, 广东's 部门预算基本支出预算表, 山东's
    基本/项目支出预算情况表: recognised, with their total line as printed (a 合计 line is a total line)."""
    lines = query(corpus_wide_warehouse, """
        SELECT line_type, amount_yuan FROM fct_budget_lines
        WHERE file_name = ? AND table_kind = ? AND page = ? AND item_name = ? AND measure = ?""",
                  [file_name, kind, page, label, measure])
    assert [amount for _, amount in lines] == [Decimal(total) * 10000]
    assert label.startswith("深圳") or lines[0][0] == "total"
