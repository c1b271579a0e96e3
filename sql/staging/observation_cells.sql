-- The cells staging interprets (the temp view _obs_cells): those in the columns of the view
-- _stage_columns (sql/staging/observation_columns.sql: the files staging reads), with their
-- file name, column header, period header and order (cell_order). The columns, a few hundred
-- rows, are the join's build side: DuckDB skips the row groups of other files' cells (they are
-- stored in the archive's order) instead of joining every cell.
select
    col.source_file,
    val.source_row,
    col.source_column,
    val.label_set,
    col.period_label,
    val.value_raw,
    val.rowid as cell_order,
from raw.table_cell_values as val
inner join _stage_columns as col
    on col.file_id = val.file_id and col.column_id = val.column_id
