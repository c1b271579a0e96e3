-- raw.table_cells: every cell of every statistical input as the reader returned it (file, row,
-- column, labels as JSON and as joined text, period header, text, encoding, source, checksum),
-- in the archive's order. A view over the four tables the cells are stored in, each fact once
-- (sti/ingest/cell_storage.py): the pipeline reads those; this is for people and tests.
select
    fil.source_file,
    val.source_row,
    col.source_column,
    lab.labels,
    lab.row_labels,
    col.period_label,
    val.value_raw,
    fil.encoding,
    fil.source_id,
    fil.sha256,
from raw.table_cell_values as val
inner join raw.table_cell_files as fil
    on fil.file_id = val.file_id
inner join raw.table_cell_columns as col
    on col.file_id = val.file_id and col.column_id = val.column_id
inner join raw.table_cell_label_sets as lab
    on lab.source_file = fil.source_file and lab.label_set = val.label_set
order by val.rowid
