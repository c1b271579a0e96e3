-- The distinct period headers of each file in the relation _stage_files (the temp view
-- _obs_period_headers staging interprets once per header, sti/observations.py), from the
-- column headers raw.table_cells stores once per file: reading them from every cell took
-- 0.8 s at 10 million cells.
select distinct
    fil.source_file,
    col.period_label,
from raw.table_cell_columns as col
inner join raw.table_cell_files as fil
    on fil.file_id = col.file_id
semi join _stage_files as wanted
    on wanted.raw_file = fil.source_file
