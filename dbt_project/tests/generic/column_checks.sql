{#- The row checks of one model (or source table) in one test, one dbt node: dbt's not_null, accepted_values and
    unique, one node each, cost about 0.1 s apiece whatever the rows (dbt's per-node overhead), for a query DuckDB
    answers in milliseconds. Same verdicts as theirs; one failing row per offence, naming the column, what is wrong
    and the offending row's key:
    - not_null: [columns] — a row whose column is null;
    - accepted_values: {column: [values]} — a row whose non-null column is none of the values (as dbt's, compared as
      text; a null is accepted);
    - unique: an expression — each non-null value more than one row has (as dbt's unique), with its row count; or a
      list of a composite key's parts (ids, numbers, codes: parts that cannot hold '|'), the key being their text
      joined by '|' (null when a part is null). The same verdicts as that expression's, read from the parts: rows are
      grouped by the parts' hash, and the key's text is made only for the rows whose hash repeats and the failing
      rows (stg_cell_boxes at 10,000 documents: 40 million keys' texts made three times, 15.5 s alone, 26 s in a
      build; from the parts: 4-7 s);
    - key: the expression that names a row in the failures (default: `unique`); where it is null, the row's values
      name it.
    A failed build logs these rows (orchestration/dbt_failures.py): dbt's own message gives their count alone.
    A per-document model's key names its document (every id is made as `<document_id>-…`, a composite key starts
    with `document_id || '|'`, or the key is document_id; extract/store.py makes document ids of hex digits): one more
    check, in every build, finds a row whose key is neither its document_id nor starts with it followed by '-' or '|'
    (or whose document_id holds '-' or '|'). So two equal keys are of one document.
    In an incremental build a per-document model's checks read what the changed documents can change
    (macros/per_document.sql): the changed documents' rows — for `unique` too, since a changed row's key can equal
    no key of another document's. The conditions keep every row of a build from scratch. -#}
{% test column_checks(model, not_null=[], accepted_values={}, unique=none, key=none) %}
{%- set parts = unique if unique is not none and unique is not string else none -%}
{%- if parts is not none -%}
    {%- if parts | length < 2 -%}
        {{ exceptions.raise_compiler_error("column_checks on " ~ model ~ ": a list `unique` has two parts or more (one: give the column)") }}
    {%- endif -%}
    {%- set unique = parts | join(" || '|' || ") -%}
    {%- set present = [] -%}
    {%- for part in parts -%}{%- do present.append('(' ~ part ~ ') is not null') -%}{%- endfor -%}
    {%- set present = present | join(' and ') -%}
{%- endif -%}
{%- set key = key or unique -%}
{%- if not key -%}
    {{ exceptions.raise_compiler_error("column_checks on " ~ model ~ ": give `unique` or `key` (what names a failing row)") }}
{%- endif -%}
{%- set row_key = 'coalesce(cast(' ~ key ~ ' as varchar), left(cast(checked as varchar), 300))' -%}
{%- set per_document = execute and changed_documents_test() -%}
{#- each check reads the rows itself (not a common table: DuckDB would copy every column of every row into it) -#}
{%- set rows = changed_documents_rows(model) if per_document else model -%}
{%- set checked = '(select * from ' ~ rows ~ ' as rows) as checked' %}
{%- for column in not_null %}
select '{{ column }}' as column_name, 'is null' as problem, {{ row_key }} as row_key,
       cast(null as varchar) as row_value
from {{ checked }} where {{ column }} is null
{% if not loop.last or accepted_values or unique %}union all{% endif %}
{%- endfor %}
{%- if per_document and parts is not none %}
{# a key of parts starts with its first part and '|': it names its document when that part does (is the document_id,
   or starts with it and '-'); so the check reads the first part, and makes the key's text for the failing rows alone #}
select '{{ unique | replace("'", "''") }}' as column_name, 'does not name its document' as problem, {{ row_key }} as row_key,
       cast(document_id as varchar) as row_value
from {{ checked }}
where {{ present }}
  and not ((cast(({{ parts[0] }}) as varchar) = document_id
            or (starts_with(cast(({{ parts[0] }}) as varchar), document_id)
                and substr(cast(({{ parts[0] }}) as varchar), length(document_id) + 1, 1) in ('-', '|')))
           and not (contains(document_id, '-') or contains(document_id, '|')))
{% if accepted_values or unique %}union all{% endif %}
{%- elif per_document and unique %}
{# the key's text computed once a row, in the subquery's select list (written out in each comparison of the
   condition, DuckDB built it each time), and '-' or '|' looked for with contains rather than a regular expression:
   5.2 -> ~3.5 s of CPU for this model's test of stg_cell_boxes' 4 million rows at 1,000 documents, the same rows.
   (Not a lateral subquery: inside dbt's count of the failures DuckDB joined it back to every row.) #}
select '{{ unique | replace("'", "''") }}' as column_name, 'does not name its document' as problem, row_key,
       cast(document_id as varchar) as row_value
from (select document_id, cast(({{ unique }}) as varchar) as unique_text, {{ row_key }} as row_key from {{ checked }}) as keyed
where unique_text is not null
  and not (unique_text = document_id
           or (starts_with(unique_text, document_id)
               and substr(unique_text, length(document_id) + 1, 1) in ('-', '|')
               and not (contains(document_id, '-') or contains(document_id, '|'))))
{% if accepted_values or unique %}union all{% endif %}
{%- endif %}
{%- for column, values in accepted_values.items() %}
select '{{ column }}', 'not an accepted value', {{ row_key }}, cast({{ column }} as varchar)
from {{ checked }}
where {{ column }} is not null
  and cast({{ column }} as varchar) not in ({% for value in values %}'{{ value | replace("'", "''") }}'{% if not loop.last %}, {% endif %}{% endfor %})
{% if not loop.last or unique %}union all{% endif %}
{%- endfor %}
{%- if unique %}
{#- The values more than one row has, among the rows whose hash more than one row has: grouped by the hash first (a
    number), the values themselves only where a hash repeats — the same values and counts (equal values have equal
    hashes), without grouping every row by its value's text: stg_cell_boxes' 40 million keys at 10,000 documents
    spilled 1.9 GB under the 1 GB limit (the test 79 -> 43 s). A key of parts is hashed from its parts, so its text
    is made only where the hash repeats (43 s -> 3-5 s: the text of 40 million keys was the cost) #}
{%- set hashed = 'hash(' ~ (parts | join(', ') if parts is not none else unique) ~ ')' -%}
{%- set has_key = present if parts is not none else '(' ~ unique ~ ') is not null' %}
select '{{ unique | replace("'", "''") }}', 'not unique', cast(unique_value as varchar), cast(count(*) as varchar) || ' rows'
from (
    select {{ unique }} as unique_value from {{ rows }} as rows
    where {{ has_key }}
      and {{ hashed }} in (
        select {{ hashed }} from {{ rows }} as rows
        where {{ has_key }}
        group by 1
        having count(*) > 1)
) as keyed
group by unique_value
having count(*) > 1
{%- endif %}
{% endtest %}
