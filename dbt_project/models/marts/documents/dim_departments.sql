-- One row per department as printed (code where the tables print one, and name).
select
    coalesce(department_code, '') || '|' || department_name as department_key,
    department_code,
    department_name,
    count(*) as documents,
    min(fiscal_year) as first_fiscal_year,
    max(fiscal_year) as last_fiscal_year
from {{ ref('dim_documents') }}
where department_name is not null
group by all
