"""marts.dim_industry: KSIC sections, published aggregates and the 기술기반업종 mapping."""

import dataclasses

import dagster as dg
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import replace_table
from sti.operations.resources import WarehouseResource
from sti.reference.industries import default_industries
from sti.warehouse.change_detection import RAW_DOMAINS_KEY


@dg.asset(
    key=["marts", "dim_industry"],
    deps=[["raw", "source_files"]],
    metadata={RAW_DOMAINS_KEY: "reference"},
    group_name="dimensions",
    compute_kind="python",
)
def dim_industry(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per industry code with its KSIC versions, names (ko/en), label variants and
    whether the plan counts it as 기술기반업종 (tech_based, with its group)."""
    resolver = default_industries()
    rows = [
        {
            **dataclasses.asdict(industry),
            "label_variants": sorted(
                n for n, code in resolver.names.items() if code == industry.industry_code
            ),
        }
        for industry in resolver.industries.values()
    ]
    frame = pl.DataFrame(rows)
    with warehouse.get_connection() as conn:
        replace_table(conn, "marts.dim_industry", frame)
        shown = table_metadata(conn, "marts.dim_industry")
    return dg.MaterializeResult(
        metadata={
            **shown,
            "industries": frame.height,
            "tech_based_sections": len(resolver.tech_based_sections()),
        }
    )
