"""staging.grdp: GRDP levels, shares and growth (plan transcription, KOSIS DT_1C91 releases)."""

from assets.staging.observation_tables import observation_staging

grdp = observation_staging(
    "grdp",
    "GRDP observations (nominal, real, share of national, real growth) per region, year, "
    "base-year series and release, in canonical units.",
)
