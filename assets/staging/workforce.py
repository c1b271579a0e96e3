"""staging.workforce: population, economically active population, employment."""

from assets.staging.observation_tables import observation_staging

workforce = observation_staging(
    "workforce",
    "Registered population and labour-force survey figures per region and year, per release.",
)
