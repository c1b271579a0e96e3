-- Every value each text column of few distinct values of a staging observation table can take
-- (sti/observations.py OBSERVATION_ENUM_COLUMNS), one row per column and value: the facts of
-- the label sets, period headers, texts and files staging joins its cells to
-- (sti/observations.py, temp tables _obs_*), the statuses ($statuses) and the column headers of
-- the files in _stage_files. The table stores these columns as ENUMs of exactly these values
-- (sti/enum_columns.py), so every row sql/staging/observations.sql makes fits them.
with picked as (
    select fil.file_id,
    from raw.table_cell_files as fil
    semi join _stage_files as wanted
        on wanted.raw_file = fil.source_file
)

select 'indicator_id' as column_name, lab.indicator_id as value, from _obs_labels as lab
union all
select 'unit' as column_name, lab.unit as value, from _obs_labels as lab
union all
select 'series' as column_name, lab.series as value, from _obs_labels as lab
union all
select 'edition' as column_name, lab.edition as value, from _obs_labels as lab
union all
select 'industry_code' as column_name, lab.industry_code as value, from _obs_labels as lab
union all
select 'region_id' as column_name, lab.region_id as value, from _obs_labels as lab
union all
select 'region_id' as column_name, cod.code_region as value, from _obs_region_codes as cod
union all
select 'period' as column_name, per.period as value, from _obs_periods as per
union all
select 'status' as column_name, unnest($statuses) as value,
union all
select 'status' as column_name, val.status as value, from _obs_values as val
union all
select 'source_id' as column_name, fil.source_id as value, from _obs_files as fil
union all
select 'source_file' as column_name, fil.raw_file as value, from _obs_files as fil
union all
select 'source_sha256' as column_name, fil.sha256 as value, from _obs_files as fil
union all
select 'source_column' as column_name, col.source_column as value,
from raw.table_cell_columns as col
semi join picked as pic
    on pic.file_id = col.file_id
