-- Q9. Daejeon's GRDP, its share of the nation and real growth, averaged over the plan's own
-- periods: before the plan (to 2022) and during it (2023 on), within one series.
with yearly as (
    select
        gsm.year,
        gsm.series,
        gsm.share_recomputed_pct,
        gsm.real_growth_pct,
        case when gsm.year < 2023 then 'before the plan (~2022)' else 'plan period (2023~)' end as plan_period,
    from marts.grdp_summary as gsm
    where gsm.series = 'grdp_base2020'
)

select
    yly.series,
    yly.plan_period,
    min(yly.year) as first_year,
    max(yly.year) as last_year,
    round(avg(yly.share_recomputed_pct), 3) as mean_share_pct,
    -- geometric mean of the yearly real growth rates
    round(100 * (exp(avg(ln(1 + yly.real_growth_pct / 100))) - 1), 3) as avg_real_growth_pct,
from yearly as yly
where yly.real_growth_pct is not null
group by yly.series, yly.plan_period
order by yly.plan_period
