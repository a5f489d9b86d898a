"""部门机构设置情况: the department's units (单位名称, 单位性质, 单位规格, 经费保障形式).

Printed in the narrative (一、部门职责及机构设置情况) or as 部门预算单位构成 / 所属单位情况表.
"""
from __future__ import annotations

import re

from extract.forms.base import squash
from extract.forms.disclosure_tables import CELL_COLUMNS, TABLE_COLUMNS, extract_tables
from extract.model import Document

FORM = "units"
FACT_MART = None  # its units are described in dim_units; no fact table

RAW_TABLES = {"unit_tables": TABLE_COLUMNS, "unit_cells": CELL_COLUMNS}

TITLE = re.compile(r"机构设置(情况)?(表)?$|(所属|下属|预算)单位(构成|情况|名单|设置)(情况)?(表)?$")
NOT_TITLE = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|。|[:：]$|职责")

FIELDS: list[tuple[str, re.Pattern]] = [(f, re.compile(p)) for f, p in [
    ("seq", r"^序号$"),
    ("unit_nature", r"性质|类型|类别"),
    ("unit_rank", r"规格|级别|机构级别"),
    ("funding_form", r"经费.{0,2}(保障|形式|来源|性质)|经费形式"),
    ("staff_quota", r"编制"),
    ("unit_name", r"单位名称|^单位$|机构名称|^名称$"),
]]


def classify(title: str) -> str | None:
    title = squash(title)
    if NOT_TITLE.search(title) or len(title) > 30:
        return None
    return "units" if TITLE.search(title) else None


def extract(document: Document) -> dict[str, list[dict]]:
    tables, cells = extract_tables(document, FORM, classify, FIELDS, ["unit_name", "unit_nature", "unit_rank", "funding_form"])
    return {"unit_tables": tables, "unit_cells": cells}
