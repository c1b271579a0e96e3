"""raw.source_files: the archive's register, one row per received file with its sidecar."""

import json

import dagster as dg
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import replace_table
from sti.errors import InputError, InputProblem
from sti.ingest.provenance import PER_FILE_DOMAINS, Sidecar, discover, file_sha256, sidecar_path
from sti.operations.resources import RawArchiveResource, WarehouseResource

SOURCE_FILE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_id": pl.String,
    "domain": pl.String,
    "form": pl.String,
    "raw_file": pl.String,
    "sha256": pl.String,
    "sidecar_sha256": pl.String,  # change detection: a changed mapping is a changed input
    "duplicate_of": pl.String,
    "vintage": pl.Date,
    "vintage_basis": pl.String,
    "release_date": pl.Date,
    "retrieved": pl.Date,
    "producer": pl.String,
    "title": pl.String,
    "citation": pl.String,
    "unit": pl.String,
    "reference_period": pl.String,
    "code_system": pl.String,
    "series": pl.String,
    "preliminary_periods": pl.List(pl.String),
    "mapping": pl.String,
    "expected_cells_per_period": pl.Int64,
    "restatement": pl.String,
}


def register(sidecars: list[Sidecar]) -> pl.DataFrame:
    """One row per file. The same bytes archived twice are one release (the copy is marked);
    two different files claiming the same source and release date are refused (department
    reports excepted: their vintages are the report dates of their rows)."""
    first_by_sha: dict[str, str] = {}
    release_owner: dict[tuple[str, object], Sidecar] = {}
    problems = []
    rows = []
    for side in sidecars:
        duplicate_of = first_by_sha.setdefault(side.sha256, side.raw_file)
        vintage, basis = side.publication
        # a department sends several reports on one day; each row carries its own report date
        key = (side.raw_file if side.domain in PER_FILE_DOMAINS else side.source_id, vintage)
        owner = release_owner.setdefault(key, side)
        if owner.sha256 != side.sha256:
            problems.append(
                InputProblem(
                    side.raw_file,
                    f"claims release {vintage} of {side.source_id}, already "
                    f"held by {owner.raw_file} with different contents; give the new file its own "
                    "release date, or remove the wrong one",
                )
            )
        rows.append(
            {
                "source_id": side.source_id,
                "domain": side.domain,
                "form": side.form,
                "raw_file": side.raw_file,
                "sha256": side.sha256,
                "sidecar_sha256": file_sha256(sidecar_path(side.path)),
                "duplicate_of": None if duplicate_of == side.raw_file else duplicate_of,
                "vintage": vintage,
                "vintage_basis": basis,
                "release_date": side.release_date,
                "retrieved": side.retrieved,
                "producer": side.producer,
                "title": side.title,
                "citation": json.dumps(side.citation, ensure_ascii=False, default=str),
                "unit": side.unit,
                "reference_period": side.reference_period,
                "code_system": side.code_system,
                "series": side.series,
                "preliminary_periods": list(side.preliminary_periods),
                "mapping": json.dumps(side.mapping, ensure_ascii=False),
                "expected_cells_per_period": side.expected_cells_per_period,
                "restatement": side.restatement,
            }
        )
    if problems:
        raise InputError(problems)
    return pl.DataFrame(rows, schema=SOURCE_FILE_SCHEMA)


@dg.asset(
    key=["raw", "source_files"],
    deps=[["raw", "kosis_refresh"]],  # what the refresh archived is registered with the rest
    group_name="raw",
    compute_kind="python",
)
def source_files(warehouse: WarehouseResource, archive: RawArchiveResource) -> dg.MaterializeResult:
    """Every file in data/raw/ with its provenance; checksums verified against the sidecars."""
    frame = register(discover(archive.root_path))
    with warehouse.get_connection() as conn:
        replace_table(conn, "raw.source_files", frame)
        shown = table_metadata(conn, "raw.source_files")
    return dg.MaterializeResult(
        metadata={**shown, "files": frame.height, "sources": frame["source_id"].n_unique()}
    )
