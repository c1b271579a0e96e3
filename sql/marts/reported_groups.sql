-- marts.reported_groups() (table macro): the press reports of each figure
-- (staging.press_figures), grouped by indicator, region, industry, period, series and edition:
-- how many reports, whether they agree (within half a unit of the coarser print: 6.8 and 6.7
-- do not), and what each said. The one place this rule is written: marts.indicator_values
-- takes a value only where the reports agree, marts.rcostii names them where they do not.
create or replace macro marts.reported_groups() as table
select
    prs.indicator_id,
    prs.region_id,
    prs.industry_code,
    prs.period,
    prs.series,
    prs.edition,
    count(*) as reports,
    max(prs.value) - min(prs.value) <= max(prs.half_unit) + 1e-9 as reports_agree,
    string_agg(
        prs.value_raw || ' (' || prs.reported_by || ')', ', ' order by prs.source_file, prs.source_row
    ) as reported_values,
from staging.press_figures as prs
group by all
