"""部门机构设置情况: a table of text only (no figure, no code), read by its header labels."""
import pytest

from conftest import CORPUS, SAMPLES
from extract.forms import units
from extract.readers import read_document


def test_titles():
    assert units.classify("部门机构设置情况") == "units"
    assert units.classify("机构设置：") is None
    assert units.classify("一、部门职责及机构设置情况") is None


def test_seed_002_units():
    result = units.extract(read_document(str(SAMPLES / "seed002_disclosure.pdf")))
    (table,) = result["unit_tables"]
    assert (table["first_page"], table["body_rows"]) == (20, 6)
    rows = {}
    for cell in result["unit_cells"]:
        rows.setdefault(cell["line_no"], {})[cell["field"]] = cell["value_text"]
    assert rows[1] == {"unit_name": "石家庄市科学技术局本级", "unit_nature": "行政", "unit_rank": "正处（县）级",
                       "funding_form": "财政拨款"}
    assert rows[6] == {"unit_name": "石家庄市科技创新服务中心", "unit_nature": "事业", "unit_rank": "正科级",
                       "funding_form": "财政性资金定额或定项补助"}


@pytest.mark.corpus
def test_units_told_in_words_make_no_table():
    """上海市审计局 2026 p4 lists its 内设机构 in a paragraph under 机构设置: no unit table."""
    result = units.extract(read_document(str(CORPUS / "上海市审计局_2026单位预算.pdf")))
    assert result["unit_tables"] == []
