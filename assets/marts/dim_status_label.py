"""marts.dim_status_label: every status word of the warehouse with its Korean and English
label (sti/reference/vocabulary.py), so SQL and reports show 달성, 정상추진, 확정 … not codes."""

import dagster as dg
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import replace_table
from sti.operations.resources import WarehouseResource
from sti.reference.vocabulary import VOCABULARIES


def label_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"vocabulary": name, "code": code, "label_ko": ko, "label_en": en, "position": i}
            for name, words in VOCABULARIES.items()
            for i, (code, (ko, en)) in enumerate(words.items(), start=1)
        ],
        schema={
            "vocabulary": pl.String,
            "code": pl.String,
            "label_ko": pl.String,
            "label_en": pl.String,
            "position": pl.Int32,
        },
    )


@dg.asset(key=["marts", "dim_status_label"], group_name="marts", compute_kind="python")
def dim_status_label(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Status vocabularies: KPI status, review state, 추진상태, 차년도 구분, traffic light,
    reporting."""
    with warehouse.get_connection() as conn:
        frame = label_frame()
        replace_table(conn, "marts.dim_status_label", frame)
        shown = table_metadata(conn, "marts.dim_status_label")
    return dg.MaterializeResult(metadata={**shown, "rows": frame.height})
