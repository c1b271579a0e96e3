-- marts.region_comparison: marts.region_comparison_as_of with every release (see
-- sql/marts/region_comparison_as_of.sql for ranks, shares and the capital-region rule).
select * from marts.region_comparison_as_of(date '9999-12-31')
