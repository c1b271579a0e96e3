"""exports/evaluation_drafts: tonight's draft of each evaluation package (data/marts/extracts/).

The yearly check, the mid-term and the final evaluation as the warehouse knows them today, in
`<kind>_<year>_draft/`; a frozen package for the record is `sti extract <kind> --as-of DATE`.
"""

import dagster as dg

from sti.operations.resources import WarehouseResource


@dg.asset(
    key=["exports", "evaluation_drafts"], deps=[["published_warehouse"]], group_name="exports"
)
def evaluation_drafts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Workbook, CSVs, charts, report (HTML, PDF, Word) and manifest for each evaluation; a
    draft whose content has not changed since it was printed is kept as it is."""
    # Imported here: matplotlib and openpyxl cost 0.75 s, which every `sti` start would pay.
    from sti.reports.evaluation.package import KINDS, build_packages

    published = warehouse.published_path
    today = warehouse.run_date  # the night's date in Asia/Seoul, as its plan
    built = build_packages(
        published, list(KINDS), today, published.parent / "extracts", draft=True,
        progress=context.log.info, memory_limit=warehouse.memory_limit,
    )  # fmt: skip
    warehouse.record_export("exports/evaluation_drafts", published.parent / "extracts")
    return dg.MaterializeResult(
        metadata={
            "as_of": today.isoformat(),
            "printed": [b.folder.name for b in built if b.printed],
            "kept": [b.folder.name for b in built if not b.printed],
        }
    )
