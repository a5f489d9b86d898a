"""部门固定资产占用情况表 (国有资产占用情况表): 资产总额 and its categories, 数量 and 价值.

Rows are categories (资产总额, 1、房屋 …, 其中：办公用房, 2、车辆, 3、单价 20 万元以上设备, 4、其他);
columns 项目, 数量 and 价值 (the unit is often printed in the 价值 header: 价值（金额单位：万元）).
The 截止时间 printed in the metadata line is kept as as_of_text.
"""
from __future__ import annotations

import re

from extract.forms.base import squash
from extract.forms.disclosure_tables import CELL_COLUMNS, TABLE_COLUMNS, extract_tables
from extract.model import Document

FORM = "fixed_assets"
FACT_MART = "fct_fixed_assets"  # the mart of its facts (dbt_project/models/marts/<family>/)

RAW_TABLES = {"fixed_asset_tables": TABLE_COLUMNS, "fixed_asset_cells": CELL_COLUMNS}

TITLE = re.compile(r"(固定资产|国有资产)(占用|使用|配置)?(情况)?(表|明细表)$|资产占用情况表$")
NOT_TITLE = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|。|绩效")

FIELDS: list[tuple[str, re.Pattern]] = [(f, re.compile(p)) for f, p in [
    ("seq", r"^序号$"),
    ("item_name", r"^项目$|资产(类别|分类|名称)|^名称$"),
    ("quantity", r"数量"),
    ("value", r"价值|金额|原值|账面"),
]]


def classify(title: str) -> str | None:
    title = squash(title)
    if NOT_TITLE.search(title) or len(title) > 40:
        return None
    return "fixed_assets" if TITLE.search(title) else None


def extract(document: Document) -> dict[str, list[dict]]:
    tables, cells = extract_tables(document, FORM, classify, FIELDS, ["item_name", "quantity", "value"])
    return {"fixed_asset_tables": tables, "fixed_asset_cells": cells}
