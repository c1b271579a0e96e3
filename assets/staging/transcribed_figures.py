"""staging.transcribed_figures: figures stated in the plan's text and the 2026 national strategy."""

from assets.staging.observation_tables import observation_staging

transcribed_figures = observation_staging(
    "transcribed_figures",
    "Figures transcribed from the prose of the plan (2023) and the national strategy (2026), each "
    "with its document, section and line, in canonical units.",
)
