-- extract sources (sheet 데이터 출처): every raw file the warehouse holds that was published on
-- or before $as_of, with its producer, title, table, reference period, release and retrieval
-- dates and checksum, its tier (a press report: reported, not yet archived from the producer),
-- and the number of values it gives marts.indicator_values (so that a package
-- can say how many of its values rest on a release date the release calendar supplies). A file
-- published later is not part of an evaluation frozen on $as_of.
with values_by_file as (
    select
        val.source_file,
        count(*) as values_held,
    from marts.indicator_values as val
    where val.vintage <= $as_of
    group by val.source_file
)

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
    coalesce(vbf.values_held, 0) as values_held,
    tir.label_ko as tier_ko,
    src.raw_file,
    src.sha256,
from raw.source_files as src
left join values_by_file as vbf
    on vbf.source_file = src.raw_file
left join marts.dim_status_label as tir
    on tir.vocabulary = 'tier'
    and tir.code = case
        when src.form = 'press_report' then 'reported'
        when src.form = 'transcribed' then 'document'
        when src.domain in ('department_reports', 'report_reviews') then 'department_report'
        when src.form <> 'reference' then 'official'
    end
where src.vintage <= $as_of
    and src.duplicate_of is null
order by src.source_id, src.vintage, src.raw_file
