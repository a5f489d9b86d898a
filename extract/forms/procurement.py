"""部门政府采购预算 (政府采购预算表 / 政府采购情况表): one line per item bought.

Columns by printed header: the source project (项目名称, its 预算资金), the item (采购物品名称 /
采购品目), its 政府采购目录 code, 计量单位, 数量, 单价, the amounts by funding source under
政府采购金额 (合计, 一般公共预算拨款, 政府性基金, 国有资本经营, 财政专户, 单位资金, 结转 …) and the
share reserved for small and micro enterprises (预留中小微企业份额). Unit 小计 rows and the 合计 row
are kept as printed; staging tells them apart.
"""
from __future__ import annotations

import re

from extract.forms.base import squash
from extract.forms.disclosure_tables import CELL_COLUMNS, TABLE_COLUMNS, extract_tables
from extract.model import Document

FORM = "procurement"
FACT_MART = "fct_procurement_lines"  # the mart of its facts (dbt_project/models/marts/<family>/)

RAW_TABLES = {"procurement_tables": TABLE_COLUMNS, "procurement_cells": CELL_COLUMNS}

TITLE = re.compile(r"政府采购(预算|决算|支出|计划)?(明细|情况|汇总)?(表|预算表|总表)?$")
NOT_TITLE = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|\d+、|[。，；]|\d万?元|绩效|说明")

# (field, header label pattern), most specific first; the lowest header label decides.
FIELDS: list[tuple[str, re.Pattern]] = [(f, re.compile(p)) for f, p in [
    ("seq", r"^序号$"),
    ("sme_reserved", r"中小.{0,2}企业|预留"),
    ("project_code", r"项目(编号|编码|代码)"),
    ("function_code", r"科目编码|功能分类|^[类款项]$"),
    ("function_name", r"科目名称"),
    ("economic_class", r"经济科目|经济分类"),
    ("category", r"品目大类|采购类别|^类别$|采购类型"),
    ("catalogue_code", r"目录|品目(编码|代码|序号)|采购目录|编码"),
    ("item_name", r"采购物品|物品名称|采购品目|品目名称|采购项目名称|货物|服务名称|采购内容"),
    ("project_budget", r"^预算(资金|金额|数)?$|项目预算"),
    ("project_name", r"项目名称|^项目$|项目来源|预算项目|专项名称"),
    ("measure_unit", r"计量单位|^单位$"),
    ("quantity", r"^数量$|采购数量"),
    ("unit_price", r"单价"),
    ("general_budget", r"一般公共预算"),
    ("government_fund", r"政府性?基金|基金预算"),
    ("state_capital", r"国有资本"),
    ("special_account", r"财政专户"),
    ("fiscal_carryover", r"^财政拨款结转|上年财政拨款结转|^上年结转$"),
    ("non_fiscal_carryover", r"非财政拨款(结转|结余)|结转结余"),
    ("unit_funds", r"单位资金|单位自有|其他资金|事业收入|其他收入|上级补助|附属单位上缴|经营收入"),
    ("fiscal_grant", r"^财政拨款$"),
    ("total", r"^(合计|小计|总计|金额|采购金额|预算金额|政府采购金额.*)$"),
    ("purchase_method", r"采购方式|组织形式"),
    ("unit_name", r"单位名称|预算单位"),
]]


def classify(title: str) -> str | None:
    title = squash(title)
    if NOT_TITLE.search(title) or len(title) > 40:
        return None
    return "procurement" if TITLE.search(title) else None


def extract(document: Document) -> dict[str, list[dict]]:
    tables, cells = extract_tables(document, FORM, classify, FIELDS, ["item_name"])
    return {"procurement_tables": tables, "procurement_cells": cells}
