"""Domain marts built on marts.indicator_values: GRDP by region, startups, R&D, workforce."""

from assets.marts.sql_mart import sql_mart
from sti.reference.units import MILLION_KRW_PER_HUNDRED_MILLION

BASE_DEPS = [
    ["marts", "indicator_values"],
    ["marts", "dim_region"],
    ["marts", "dim_indicator"],
    ["marts", "dim_industry"],
]
# 100억원 = 100 x 1억원 = 10,000 백만원: the unit of "outputs per 100억원 of investment"
PER_HUNDRED_HUNDRED_MILLION = 100 * MILLION_KRW_PER_HUNDRED_MILLION

grdp_by_region = sql_mart(
    "grdp_by_region",
    BASE_DEPS,
    "GRDP of every 시도 by year and base-year series, with shares and ranks.",
    value_domains=("grdp",),
)
startups = sql_mart(
    "startups",
    BASE_DEPS,
    "Startups by region, industry and period; suppressed cells flagged and totalled.",
    value_domains=("startups",),
)
startups_annual = sql_mart(
    "startups_annual",
    [["marts", "startups"]],
    "Monthly startups summed to years, with suppressed months counted.",
)
rnd = sql_mart(
    "rnd",
    [*BASE_DEPS, ["marts", "region_comparison"]],  # the computed national share, taken once
    "R&D investment by source and outputs by region and year.",
    {"per_hundred_hundred_million": PER_HUNDRED_HUNDRED_MILLION},
    value_domains=("rnd",),
)
# researchers per 10,000 residents: the plan's own scale for research manpower (연구인력 만 명당)
PER_TEN_THOUSAND = 10_000
rnd_by_region = sql_mart(
    "rnd_by_region",
    [*BASE_DEPS, ["marts", "region_comparison"], ["staging", "press_figures"]],
    "R&D expenditure and researchers by region and year (연구개발활동조사), each figure with its "
    "tier, release and article; shares of the nation, 비수도권 = 전국 − 수도권, intensities.",
    {"per_ten_thousand": PER_TEN_THOUSAND},
    value_domains=("rnd", "grdp", "workforce"),  # intensities: per resident, per GRDP
)
workforce = sql_mart(
    "workforce",
    BASE_DEPS,
    "Population, labour force, youth and migration by region and year.",
    value_domains=("workforce",),
)
tech_industries = sql_mart(
    "tech_industries",
    [["marts", "indicator_values"], ["marts", "dim_industry"]],
    "기술기반업종 establishments and workers from census sections through the declared mapping, beside published figures.",
    value_domains=("census", "industry"),  # sections' establishments and workers; sales
)
region_comparison = sql_mart(
    "region_comparison",
    [
        ["marts", "indicator_values"],
        ["marts", "dim_region"],
        ["marts", "dim_indicator"],
        ["marts", "dim_industry"],
    ],
    "Every indicator, period and 시도 (and 기술기반업종 from census sections) with its rank among the 17 시도 and the 광역시, national share and the capital-region comparison its aggregation allows.",
    macros=("region_comparison_as_of",),
    split=True,  # ranks and shares are taken indicator by indicator
)
