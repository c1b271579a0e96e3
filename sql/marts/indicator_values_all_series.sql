-- marts.indicator_values_all_series (a table, rebuilt with marts.indicator_values): the newest
-- release of each value in every series
-- (GRDP 2015 and 2020 base years, the census before and after 2020, ...): one row per
-- indicator, region, industry, period, series and edition. Revisions replace earlier releases
-- here; marts.indicator_values keeps them all. Marts that compare or keep series apart read this.
-- It is marts.indicator_values_pick with every release (see sql/marts/indicator_values_pick.sql
-- for the pick: a reported figure gives way to any other release of the same value, then the
-- newest release wins).
select * from marts.indicator_values_pick(date '9999-12-31')
