"""部门固定资产占用情况表: seed 002's table continued over a page break, header repeated."""
import pytest

from conftest import CORPUS, SAMPLES
from extract.forms import fixed_assets
from extract.readers import read_document


def test_titles():
    assert fixed_assets.classify("部门固定资产占用情况表") == "fixed_assets"
    assert fixed_assets.classify("国有资产占用情况表") == "fixed_assets"
    assert fixed_assets.classify("七、国有资产信息") is None
    assert fixed_assets.classify("五、国有资产占有使用情况") is None


def test_seed_002_fixed_assets():
    result = fixed_assets.extract(read_document(str(SAMPLES / "seed002_disclosure.pdf")))
    (table,) = result["fixed_asset_tables"]
    assert (table["unit"], table["as_of_text"], table["first_page"], table["last_page"], table["body_rows"]) == \
        ("万元", "2022-12-31", 27, 28, 6)
    rows = {}
    for cell in result["fixed_asset_cells"]:
        rows.setdefault(cell["line_no"], {})[cell["field"]] = cell["value_text"]
    assert [tuple(r.values()) for r in rows.values()] == [
        ("资产总额", "13236", "2236.31"), ("1、房屋（平方米）", "10922", "322.8"),
        ("其中：办公用房（平方米）", "4604", "0.79"), ("2、车辆（台、辆）", "6", "0"),
        ("3、单价在 20 万元以上的设备", "24", "331.55"), ("4、其他固定资产", "13206", "1571.17")]


@pytest.mark.corpus
def test_assets_told_in_words_make_no_table():
    """上海市审计局 2026 states its assets in a paragraph (五、国有资产占有使用情况): no table is invented."""
    result = fixed_assets.extract(read_document(str(CORPUS / "上海市审计局_2026单位预算.pdf")))
    assert result["fixed_asset_tables"] == []
