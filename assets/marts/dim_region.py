"""marts.dim_region and marts.region_lookup: regions with both code systems and every name."""

import dagster as dg
import polars as pl

from sti.regions import RegionResolver, default_resolver
from sti.resources import WarehouseResource
from sti.warehouse_tables import replace_table


def region_frame(resolver: RegionResolver) -> pl.DataFrame:
    """One row per region; codes valid today, with the full history in region_lookup."""

    def current(region_id: str, system: str) -> str | None:
        codes = [
            c
            for c in resolver.codes
            if c.region_id == region_id and c.code_system == system and c.valid_to is None
        ]
        return codes[0].code if codes else None

    rows = [
        {
            "region_id": r.region_id,
            "name_ko": r.name_ko,
            "name_ko_short": r.name_ko_short,
            "name_en": r.name_en,
            "level": r.level,
            "kosis_stat_code": current(r.region_id, "kosis_stat"),
            "admin_code": current(r.region_id, "admin"),
            "valid_from": r.valid_from,
            "valid_to": r.valid_to,
            "successor_id": r.successor_id,
            "capital_region": r.capital_region,
            "name_variants": sorted(n for n, rid in resolver.names.items() if rid == r.region_id),
        }
        for r in resolver.regions.values()
    ]
    return pl.DataFrame(rows)


def lookup_frame(resolver: RegionResolver) -> pl.DataFrame:
    """Every name and code that maps to a region, with the code system and validity."""
    names = [
        {
            "lookup_kind": "name",
            "lookup_key": name,
            "region_id": rid,
            "valid_from": None,
            "valid_to": None,
        }
        for name, rid in resolver.names.items()
    ]
    codes = [
        {
            "lookup_kind": c.code_system,
            "lookup_key": c.code,
            "region_id": c.region_id,
            "valid_from": c.valid_from,
            "valid_to": c.valid_to,
        }
        for c in resolver.codes
    ]
    schema = {
        "lookup_kind": pl.String,
        "lookup_key": pl.String,
        "region_id": pl.String,
        "valid_from": pl.Date,
        "valid_to": pl.Date,
    }
    return pl.DataFrame(names + codes, schema=schema)


@dg.asset(
    key=["marts", "dim_region"],
    deps=[["raw", "source_files"]],
    group_name="dimensions",
    compute_kind="python",
)
def dim_region(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """전국, the 17 시도 and reported successor regions, with KOSIS and administrative codes."""
    resolver = default_resolver()
    with warehouse.get_connection() as conn:
        replace_table(conn, "marts.dim_region", region_frame(resolver))
        replace_table(conn, "marts.region_lookup", lookup_frame(resolver))
    return dg.MaterializeResult(
        metadata={"regions": len(resolver.regions), "sido": len(resolver.sido_ids())}
    )
