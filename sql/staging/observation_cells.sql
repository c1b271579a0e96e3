-- The cells staging interprets (the temp view _obs_cells): those of the files in the relation
-- _stage_files (a raw_file column), with their file name, column header, period header and
-- order (cell_order), from the tables raw.table_cells is stored in (sti/readers/cell_store.py).
-- The files are picked first, so DuckDB skips the row groups of the other files' cells (they
-- are stored in the archive's order) instead of joining every cell.
with picked as (
    select
        fil.file_id,
        fil.source_file,
    from raw.table_cell_files as fil
    semi join _stage_files as wanted
        on wanted.raw_file = fil.source_file
)

select
    pic.source_file,
    val.source_row,
    col.source_column,
    val.label_set,
    col.period_label,
    val.value_raw,
    val.rowid as cell_order,
from raw.table_cell_values as val
inner join picked as pic
    on pic.file_id = val.file_id
inner join raw.table_cell_columns as col
    on col.file_id = val.file_id and col.column_id = val.column_id
