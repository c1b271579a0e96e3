"""staging.rnd: government R&D funding and projects by region (NTIS project microdata)."""

from assets.staging.observation_tables import observation_staging

rnd = observation_staging(
    "rnd",
    "Government R&D funding and project counts by region and year, counted from national R&D "
    "project rows (NTIS 국가연구개발사업 과제 data, form rnd_projects), per release.",
)
