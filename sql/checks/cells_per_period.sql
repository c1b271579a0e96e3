-- Cells stored per file and period header (raw.table_cells), for the row-count expectations of
-- assets/checks/row_counts.py: counted by file and column number first, then named.
with counted as (
    select
        val.file_id,
        val.column_id,
        count(*) as n,
    from raw.table_cell_values as val
    group by val.file_id, val.column_id
)

select
    fil.source_file,
    col.period_label,
    cast(sum(cnt.n) as bigint) as n,
from counted as cnt
inner join raw.table_cell_files as fil
    on fil.file_id = cnt.file_id
inner join raw.table_cell_columns as col
    on col.file_id = cnt.file_id and col.column_id = cnt.column_id
group by fil.source_file, col.period_label
