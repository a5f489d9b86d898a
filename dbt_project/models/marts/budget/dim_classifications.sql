-- One row per classification code seen in the tables: functional (支出功能分类) or economic
-- (部门经济分类), with its level (类/款/项), parent and the name printed most often.
-- Summed from each document's codes and names (int_document_classifications, per document), not from every line:
-- the name on the most lines (of equals, one not opening on a mark — -水质监测 is 2110302-水质监测 split at its code —,
-- then the first in text order), the documents printing the code.
with names as (
    select classification, code, level, parent_code, item_name, sum(lines) as lines
    from {{ ref('int_document_classifications') }}
    group by classification, code, level, parent_code, item_name
)
select
    c.classification || ':' || c.code as classification_key,
    c.code,
    c.classification,
    c.level,
    c.parent_code,
    n.name,
    c.documents
from (
    select classification, code, level, parent_code, count(distinct document_id) as documents
    from {{ ref('int_document_classifications') }}
    group by classification, code, level, parent_code
) c
left join (
    select classification, code, level, parent_code,
           first(item_name order by lines desc, regexp_matches(item_name, '^[\p{P}\p{S}]') asc, item_name asc)
               as name
    from names
    where item_name is not null
    group by classification, code, level, parent_code
) n
  on n.classification is not distinct from c.classification and n.code = c.code
 and n.level is not distinct from c.level and n.parent_code is not distinct from c.parent_code
