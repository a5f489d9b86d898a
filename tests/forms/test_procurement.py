"""部门政府采购预算: seed 002's table (cells wrapped over up to five lines, six pages) and real layouts."""
from decimal import Decimal

import pytest

from conftest import CORPUS, SAMPLES
from extract.forms import procurement
from extract.readers import read_document


@pytest.mark.parametrize("title,kind", [
    ("部门政府采购预算", "procurement"), ("政府采购预算表", "procurement"), ("年政府采购预算明细表", "procurement"),
    ("政府采购支出预算表", "procurement"), ("预算10表 政府采购预算明细表", "procurement"),
    ("六、政府采购预算情况", None), ("2019年本部门政府采购支出总额0万元，其中：政府采购货物支出", None),
    ("部门预算收支总表", None),
])
def test_titles(title, kind):
    assert procurement.classify(title) == kind


def rows_of(result, table_id=None):
    rows = {}
    for cell in result["procurement_cells"]:
        if table_id is None or cell["table_id"] == table_id:
            rows.setdefault(cell["line_no"], {})[cell["field"]] = cell["value_text"]
    return [rows[k] for k in sorted(rows)]


@pytest.fixture(scope="module")
def sample():
    return procurement.extract(read_document(str(SAMPLES / "seed002_disclosure.pdf")))


def test_seed_002_table_over_six_pages_with_wrapped_cells(sample):
    (table,) = sample["procurement_tables"]
    assert (table["title"], table["unit"], table["first_page"], table["last_page"], table["body_rows"]) == \
        ("部门政府采购预算", "万元", 22, 27, 57)
    rows = rows_of(sample)
    assert rows[0] == {"project_name": "合 计", "total": "276.93", "general_budget": "276.93", "sme_reserved": "276.93"}
    assert rows[1]["project_name"] == "石家庄市科学技术局本级小计"   # printed over five lines in a 34 pt column
    assert rows[2] == {"project_name": "办公楼及院落整修", "project_budget": "89.09", "item_name": "房屋修缮",
                       "catalogue_code": "B08010000", "measure_unit": "项", "quantity": "1", "unit_price": "68.07",
                       "total": "68.07", "general_budget": "68.07", "sme_reserved": "68.07"}
    names = [r.get("item_name") for r in rows]
    assert "其他视频节目制作和播控设备" in names and "A4 黑白打印机" in names
    lines = [r for r in rows if "item_name" in r]
    assert len(lines) == 52
    assert sum(Decimal(r["total"]) for r in lines) == Decimal("276.93")
    assert all(Decimal(r["quantity"]) * Decimal(r["unit_price"]) == Decimal(r["total"]) for r in lines)


@pytest.mark.corpus
def test_jiangsu_table_by_category_project_and_item():
    """江苏省人大办公厅 2018, pp. 17–18: 采购品目大类 | 专项名称 | 经济科目 | 采购物品名称 | 采购组织形式 | 总计."""
    result = procurement.extract(read_document(str(CORPUS / "江苏省人大办公厅_2018预算公开.pdf")))
    (table,) = result["procurement_tables"]
    assert (table["title"], table["first_page"], table["last_page"], table["body_rows"]) == ("政府采购支出预算表", 17, 18, 24)
    rows = rows_of(result)
    assert rows[0] == {"item_name": "合计", "total": "2,064.25"} or rows[0].get("total") == "2,064.25"
    assert rows[1].get("category") == "一、货物 A" and rows[1]["total"] == "59.00"
    assert rows[2] == {"project_name": "办公设备购置费", "economic_class": "办公设备购置", "total": "59.00"}
    items = [r for r in rows if "item_name" in r and "purchase_method" in r]
    assert len(items) == 13
    assert sum(Decimal(r["total"].replace(",", "")) for r in items) == Decimal("2064.25")


@pytest.mark.corpus
def test_chongqing_table_by_source_columns():
    """重庆市气象局 2026 表九: 合计 947.00 = 货物 47.00 + 服务 900.00, by funding source."""
    result = procurement.extract(read_document(str(CORPUS / "重庆市气象局_2026部门预算.pdf")))
    (table,) = result["procurement_tables"]
    assert (table["first_page"], table["body_rows"], table["unit"]) == (18, 3, "万元")
    rows = rows_of(result)
    assert [r["project_name"] for r in rows] == ["合 计", "货物", "服务"]
    assert [r["total"] for r in rows] == ["947.00", "47.00", "900.00"]
