"""marts.grdp_summary: Daejeon's GRDP, share of the nation (published and recomputed), growth."""

from assets.marts.sql_mart import sql_mart
from sti.reference.regions import DAEJEON, NATION
from sti.reference.units import MILLION_KRW_PER_TRILLION

grdp_summary = sql_mart(
    "grdp_summary",
    [["staging", "grdp"]],
    "One row per year and GRDP series for Daejeon; preliminary years are marked.",
    {"region": DAEJEON, "nation": NATION, "million_krw_per_trillion": MILLION_KRW_PER_TRILLION},
)
