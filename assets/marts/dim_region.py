"""marts.dim_region and marts.region_lookup: regions with both code systems and every name."""

import dagster as dg
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import replace_table
from sti.operations.resources import WarehouseResource
from sti.reference.regions import RegionResolver, default_resolver
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

# The kinds of 시도 by the suffix of their official name (지방자치법 제2조 and the special acts):
# longest suffix first, so 특별자치시 is not read as 특별시... nor 특별자치도 as 도.
SIDO_KINDS = (
    ("특별자치시", "special self-governing city"),
    ("특별자치도", "special self-governing province"),
    ("특별시", "special city"),
    ("광역시", "metropolitan city"),
    ("도", "province"),
)
METROPOLITAN_CITY = "광역시"


def sido_kind(name_ko: str, level: str) -> tuple[str | None, str | None]:
    """(Korean, English) kind of a 시도 from its official name; None for the nation and aggregates."""
    if level != "sido":
        return None, None
    for suffix, english in SIDO_KINDS:
        if name_ko.endswith(suffix):
            return suffix, english
    raise ValueError(f"region {name_ko!r}: its name ends in no known 시도 kind {SIDO_KINDS}")


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
            "sido_kind_ko": sido_kind(r.name_ko, r.level)[0],
            "sido_kind_en": sido_kind(r.name_ko, r.level)[1],
            "metropolitan_city": sido_kind(r.name_ko, r.level)[0] == METROPOLITAN_CITY,
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
    metadata={RAW_DOMAINS_KEY: "reference"},
    group_name="dimensions",
    compute_kind="python",
)
def dim_region(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """전국, the 17 시도 and reported successor regions, with KOSIS and administrative codes."""
    resolver = default_resolver()
    with warehouse.get_connection() as conn:
        replace_table(conn, "marts.dim_region", region_frame(resolver))
        replace_table(conn, "marts.region_lookup", lookup_frame(resolver))
        shown = table_metadata(conn, "marts.dim_region")
    return dg.MaterializeResult(
        metadata={**shown, "regions": len(resolver.regions), "sido": len(resolver.sido_ids())}
    )
