-- id: EVA-002
-- severity: error
-- title: Σ分值 = 100
-- description: The funds 分值 plus the indicators' 分值 of a scored self-evaluation add up to 100 points (the printed 总分 分值), within half a unit of the printed total's last digit. A form whose funds 分值 is blank or was not read is not checked (blank is not 0).
-- asset: fct_self_evaluations
select document_id, table_id, total_page as page,
       coalesce(project_name, table_id) || ' Σ分值' as item,
       100::decimal(38, 6) as expected, computed_total_weight as actual,
       coalesce(total_weight_rounding, 0.5)::decimal(38, 6) as tolerance
from fct_self_evaluations
where table_kind <> 'score_list' and computed_total_weight is not null and indicators_scored > 0
  and fund_weight is not null   -- a funds 分值 not read (blank, or a layout we do not know) is not 0: not checkable
