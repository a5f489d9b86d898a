"""Self-evaluations in the real corpus (../shared/corpus/real), counts verified by reading the PDFs.

The 决算 documents of the corpus print no full 绩效自评表: 佛山市轨道交通局 2019 lists its seven
project self-evaluation scores (项目名称 | 自评分数, page 29); the 普陀区 决算 state their
self-evaluations in prose only (项目39个 … 平均得分99.33分; 项目1个 … 100.00分) and the 长沙 report is
an external evaluation. The two 广州 target documents (绩效目标表) must not be taken for
self-evaluations.
"""
from decimal import Decimal

import pytest

from conftest import CORPUS, CORPUS_WIDE
from extract.forms import self_evaluations
from extract.readers import read_document

pytestmark = pytest.mark.corpus

FOSHAN_SCORES = [
    ("质量抽检和试验检测管理", "100"), ("2019 年度聘请专家人员经费", "96.53"), ("佛山市轨道交通局开办经费", "97.87"),
    ("轨道交通建设管理咨询服务", "100"), ("轨道交通工程质量安全行业监管技术服务", "99.71"),
    ("城市轨道及湾华控制中心质量安全监管服务", "100"), ("广佛两市轨道交通系统一体化规划", "100"),
]


@pytest.mark.parametrize("name,forms,score_lists,projects,statements", [
    ("佛山市轨道交通局_2019部门决算.pdf", 0, 1, 7,
     [(28, "7", "940.15", "万元", "")]),
    ("普陀区规划和自然资源局2024年度部门决算.pdf", 0, 0, 0,
     [(27, "39", "4415.48", "万元", "99.33")]),
    ("中共普陀区委社会工作部2024年度部门决算.pdf", 0, 0, 0,
     [(21, "1", "175.52", "万元", "100.00")]),
    ("长沙市国资委_2020绩效评价报告.pdf", 0, 0, 0, []),
    # (广州市生态环境局_2026项目支出绩效目标表.pdf, 140 pages: test_performance_targets_corpus.py, which reads it anyway)
    ("广州市生态环境局_2026部门整体绩效目标申报表.pdf", 0, 0, 0, []),
])
def test_corpus_counts(name, forms, score_lists, projects, statements):
    out = self_evaluations.extract(read_document(str(CORPUS / name)))
    assert [(s["page"], s["projects_text"], s["amount_text"], s["unit"], s["average_score_text"])
            for s in out["evaluation_summaries"]] == statements
    kinds = [t["table_kind"] for t in out["evaluation_tables"]]
    assert len([k for k in kinds if k != "score_list"]) == forms
    assert kinds.count("score_list") == score_lists
    assert len(out["evaluation_scores"]) == projects
    assert out["evaluation_indicators"] == []


def test_foshan_score_list_is_read_exactly_with_its_page():
    out = self_evaluations.extract(read_document(str(CORPUS / "佛山市轨道交通局_2019部门决算.pdf")))
    (table,) = out["evaluation_tables"]
    assert table["first_page"] == 29 and table["table_id"].endswith("-self_evaluations-E01")
    assert [(s["project_text"], s["score_text"]) for s in out["evaluation_scores"]] == FOSHAN_SCORES
    assert {s["page"] for s in out["evaluation_scores"]} == {29}
    assert [s["page_row"] for s in out["evaluation_scores"]] == list(range(1, 8))


def test_ningde_department_form_reads_its_weights_and_scores():
    """宁德市人民政府办公室's 部门整体绩效自评表 (wide corpus, p1): 指标分值 | 自评得分 are its 分值 and 得分 (17 lines,
    Σ分值 90 + the funds' 10); "总分值、评价总分 (S)" prints one figure, 92.33, the score. Its funds block (财政资金安排和
    使用情况: 预算安排 / 拨付情况 / 结余情况) reads 年初 ①, 分值 and 得分 (10, 7: Σ 100 and 92.33 add up); it names no
    全年预算数 / 执行数 (年度拨付金额 is no 执行数 the form defines): those columns are kept as printed, not read, so the
    execution identities (EVA-005/006/007) stay unchecked."""
    out = self_evaluations.extract(read_document(str(CORPUS_WIDE / "宁德_政府办公厅_2026年部门预算.pdf")))
    (form,) = out["evaluation_tables"]
    assert (form["total_weight_text"], form["total_score_text"], form["table_kind"]) == ("", "92.33", "department_overall")
    assert form["unread_columns"] == "年中调整金额②；小计③=①+②；年度拨付金额④；支出实现率(%)⑤=④/③；本年度结余金额⑥=③-④；" \
                                     "资金结余率(%)⑦=⑥/③"
    rows = out["evaluation_indicators"]
    assert len(rows) == 17 and all(r["weight_text"] and r["score_text"] for r in rows)
    assert sum(Decimal(r["weight_text"]) for r in rows) == 90
    assert sum(Decimal(r["score_text"]) for r in rows) == Decimal("85.33")   # + the funds' 7 = 92.33
    assert [(r["level3_text"], r["target_text"], r["actual_text"], r["weight_text"], r["score_text"])
            for r in rows if r["weight_text"] != r["score_text"]] == [
        ("基本经费投入成本", "≤3843.67万元", "4262.96", "4", "0"), ("市政府常务会议场次", "≥30次", "20", "2", "1.33")]
    funds = [(f["item_text"], f["initial_text"], f["full_year_text"], f["executed_text"], f["rate_text"], f["weight_text"],
              f["score_text"]) for f in out["evaluation_funds"]]
    assert funds == [("合计", "9209.55", "", "", "", "10", "7"), ("财政资金小计", "0.00", "", "", "", "", ""),
                     ("①中央财政资金", "0.00", "", "", "", "", ""), ("②省级财政资金", "0.00", "", "", "", "", ""),
                     ("③地方财政资金", "9209.55", "", "", "", "", ""), ("其他资金小计", "0.00", "", "", "", "", "")]
    assert out["evaluation_funds"][0]["unread_text"] == "年中调整金额②：790.22；小计③=①+②：9999.77；年度拨付金额④：8874.74；" \
        "支出实现率(%)⑤=④/③：88.75；本年度结余金额⑥=③-④：1125.03；资金结余率(%)⑦=⑥/③：11.2500"
    assert out["evaluation_funds"][0]["page_row"] == 4
