-- The columns of the files staging interprets (the temp view _stage_columns): each column and
-- period header of the files in the relation _stage_files (a raw_file column), with the file's
-- name and number, from the tables raw.table_cells is stored in (sti/ingest/cell_storage.py).
-- Staging reads its cells (sql/staging/observation_cells.sql), its period headers and its
-- column headers through it, never the other files'.
select
    fil.file_id,
    fil.source_file,
    col.column_id,
    col.source_column,
    col.period_label,
from raw.table_cell_files as fil
semi join _stage_files as wanted
    on wanted.raw_file = fil.source_file
inner join raw.table_cell_columns as col
    on col.file_id = fil.file_id
