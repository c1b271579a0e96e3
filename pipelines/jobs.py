"""Jobs. `materialize_everything` builds every asset with its checks and publishes the result."""

from __future__ import annotations

import dagster as dg

EVERYTHING_JOB = "materialize_everything"

materialize_everything = dg.define_asset_job(
    EVERYTHING_JOB,
    selection=dg.AssetSelection.all(),
    description="Every asset and asset check, raw to published warehouse.",
)
