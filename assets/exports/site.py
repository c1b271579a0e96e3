"""exports/site: the progress site (data/marts/site/), as the warehouse knows it today.

Built after tonight's evaluation drafts, which its package pages list and link. A site that
would show the same content (its as-of date aside) is kept as it is, files and dates untouched;
otherwise the folder is replaced whole (`sti site` rules).
"""

import dagster as dg

from sti.operations.resources import WarehouseResource
from sti.reports.site.build import build_site

SITE_FOLDER = "site"


@dg.asset(
    key=["exports", "site"],
    deps=[["published_warehouse"], ["exports", "evaluation_drafts"]],
    group_name="exports",
)
def site(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Home, one page per KPI and sub-task, regional position, quality, methods, packages."""
    published = warehouse.published_path
    today = warehouse.run_date  # the night's date in Asia/Seoul, as its plan
    built = build_site(
        published,
        published.parent / SITE_FOLDER,
        today,
        published.parent / "extracts",
        memory_limit=warehouse.memory_limit,
        keep_same_content=True,
    )
    context.log.info(
        f"site {'written' if built.changed else 'unchanged'}: {built.pages} pages, "
        f"{built.files} files, home {built.home_bytes:,} bytes"
    )
    warehouse.record_export("exports/site", built.folder)
    return dg.MaterializeResult(
        metadata={
            "as_of": today.isoformat(),
            "changed": built.changed,
            "pages": built.pages,
            "home_bytes": built.home_bytes,
        }
    )
