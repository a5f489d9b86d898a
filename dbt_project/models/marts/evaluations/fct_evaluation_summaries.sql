-- One row per statement of a 决算 document's text about its self-evaluations (绩效自评的…项目N个，涉及预算
-- 金额X万元，平均得分Y分): how many projects, the amount they cover (in 元) and their average score, as stated.
select
    summary_id,
    document_id,
    page,
    statement,
    projects_stated,
    cast(amount_stated_yuan as decimal(38, 2)) as amount_stated_yuan,
    average_score_stated
from {{ per_document(ref('stg_evaluation_summaries')) }}
