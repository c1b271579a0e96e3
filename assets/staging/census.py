"""staging.census: establishments and workers by region and KSIC section (전국사업체조사)."""

from assets.staging.observation_tables import observation_staging

census = observation_staging(
    "census",
    "Establishments and workers by region, KSIC section and census series (DT_1K52D01 from 2020; "
    "the plan's figures belong to the earlier series), per release.",
)
