"""staging.startups: monthly new firms by region and industry (창업기업동향)."""

from assets.staging.observation_tables import observation_staging

startups = observation_staging(
    "startups",
    "Monthly startups by region and industry (all, tech-based, sections), suppressed cells as "
    "null values with status suppressed, per release.",
)
