"""Bringing a source in as received: one reader per form (KOSIS web download, OpenAPI,
transcription, microdata), how their cells are stored and reused, the KOSIS client and its
fetch and nightly refresh, provenance sidecars and release calendars, analyst-edited tables,
and the step from cells to typed observations (with their pandera model).

Imports `sti.reference`, `sti.db` and below."""
