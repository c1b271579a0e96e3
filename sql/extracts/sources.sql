-- extract sources (sheet 데이터 출처): every raw file the warehouse holds that was published on
-- or before $as_of, with its producer, title, table, reference period, release and retrieval
-- dates and checksum. A file published later is not part of an evaluation frozen on $as_of.
select
    src.source_id,
    src.producer,
    src.title,
    src.citation,
    src.reference_period,
    src.release_date,
    src.retrieved,
    src.vintage,
    src.vintage_basis,
    src.raw_file,
    src.sha256,
from raw.source_files as src
where src.vintage <= $as_of
    and src.duplicate_of is null
order by src.source_id, src.vintage, src.raw_file
