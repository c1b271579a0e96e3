-- raw.table_cells: every cell of every statistical input as the reader returned it (file, row,
-- column, labels as JSON and as joined text, period header, text, encoding, source, checksum),
-- in the archive's order. A view over the three tables the cells are stored in, each fact once
-- (sti/readers/cell_store.py): the pipeline reads those; this is for people and tests.
select
    val.source_file,
    val.source_row,
    val.source_column,
    lab.labels,
    lab.row_labels,
    val.period_label,
    val.value_raw,
    fil.encoding,
    fil.source_id,
    fil.sha256,
from raw.table_cell_values as val
inner join raw.table_cell_label_sets as lab
    on lab.source_file = val.source_file and lab.label_set = val.label_set
inner join raw.table_cell_files as fil
    on fil.source_file = val.source_file
order by val.rowid
