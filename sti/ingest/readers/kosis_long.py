"""Reader for KOSIS data in long (OpenAPI) form: JSON responses and CSV files with API columns.

One row per value: `PRD_DE` is the period (`2023`, `202606`), `DT` the cell text, and the other
fields (`ITM_NM`, `C1`..`C8`, `C1_NM`..`C8_NM`, `UNIT_NM`, `LST_CHN_DE`, ...) are labels. KOSIS
answers an error as HTTP 200 with a JSON *object* `{"err": "30", "errMsg": ...}` instead of rows;
such a file is refused with the error it carries.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from sti.errors import InputError, InputProblem
from sti.ingest.readers.cell_table import CELL_COLUMNS, ROW_LABEL_SEPARATOR
from sti.ingest.readers.csv_records import csv_columns, csv_records
from sti.ingest.readers.wide_table import decode
from sti.paths import RAW_DIR, relative_to_raw

PERIOD_FIELD, VALUE_FIELD = "PRD_DE", "DT"
_NOT_LABELS = frozenset({PERIOD_FIELD, VALUE_FIELD})
_LEVELS = range(1, 9)
# joins a row's label texts into one key; never part of a KOSIS label
_KEY_SEP = "\x1f"
KOSIS_FIELDS = frozenset(
    {
        "ORG_ID", "TBL_ID", "TBL_NM", "ITM_ID", "ITM_NM", "ITM_NM_ENG", "UNIT_ID", "UNIT_NM",
        "UNIT_NM_ENG", "PRD_SE", "PRD_DE", "DT", "LST_CHN_DE",
        *(f"C{i}{suffix}" for i in _LEVELS for suffix in ("", "_NM", "_NM_ENG", "_OBJ_NM", "_OBJ_NM_ENG")),
    }
)  # fmt: skip


def _cells(file: str, encoding: str, rows: list[int], table: pl.DataFrame) -> pl.DataFrame:
    """The cells of a long file given as a table of texts (one string column per field, ""
    where a record lacks the field) and the line of each record. Each distinct label set is
    written out once and joined back, so the cost per row is a few column operations."""
    if table.height == 0:
        raise InputError(InputProblem(file, "no data rows"))
    unknown = sorted(set(table.columns) - KOSIS_FIELDS)
    if unknown:
        raise InputError(
            InputProblem(
                file, f"column(s) not among the KOSIS OpenAPI fields: {unknown}", column=unknown[0]
            )
        )
    for required in (PERIOD_FIELD, VALUE_FIELD):
        if required not in table.columns:
            raise InputError(
                InputProblem(file, f"required column {required} is missing", column=required)
            )
    empty_periods = (table[PERIOD_FIELD] == "").arg_true()
    if len(empty_periods):
        raise InputError(
            InputProblem(file, "period is empty", row=rows[empty_periods[0]], column=PERIOD_FIELD)
        )
    label_fields = [f for f in table.columns if f not in _NOT_LABELS]
    # a file of periods and values only has one, empty, label set
    joined_labels = pl.concat_str(label_fields, separator=_KEY_SEP) if label_fields else pl.lit("")
    key = joined_labels.alias("key")
    keys = table.select(key.unique(maintain_order=True))["key"].to_list()
    texts, joined = [], []
    for text in keys:  # a label set recurs once per period: written once
        values = text.split(_KEY_SEP) if label_fields else []
        labels = {f: v for f, v in zip(label_fields, values, strict=True) if v != ""}
        texts.append(json.dumps(labels, ensure_ascii=False))
        joined.append(ROW_LABEL_SEPARATOR.join(labels.values()))
    return table.select(
        pl.lit(file).alias("source_file"),
        pl.Series("source_row", rows, dtype=pl.Int64),
        pl.lit(VALUE_FIELD).alias("source_column"),
        key.replace_strict(keys, texts, return_dtype=pl.String).alias("labels"),
        key.replace_strict(keys, joined, return_dtype=pl.String).alias("row_labels"),
        pl.col(PERIOD_FIELD).alias("period_label"),
        pl.col(VALUE_FIELD).alias("value_raw"),
        pl.lit(encoding).alias("encoding"),
    ).cast(CELL_COLUMNS)  # type: ignore[arg-type]


def _text_table(columns: dict[str, list[str]]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def read_long_csv(path: Path, root: Path = RAW_DIR) -> pl.DataFrame:
    """A CSV with KOSIS OpenAPI column names (as saved by API clients), one value per row."""
    file = relative_to_raw(path, root)
    decoded = decode(file, path.read_bytes())
    regular = csv_columns(decoded.text)
    if regular is not None:  # one record per line, the header on line 1
        return _cells(file, decoded.encoding, list(range(2, regular.height + 2)), regular)
    rows = csv_records(decoded.text, file)
    if not rows:
        raise InputError(InputProblem(file, "file has no header"))
    (_line, header), *body = rows
    lines = []
    kept = []
    for line, cells in body:
        if not any(cell.strip() for cell in cells):
            continue  # blank line, as csv.DictReader skips
        if len(cells) > len(header):
            raise InputError(InputProblem(file, "row has more cells than the header", row=line))
        if len(cells) < len(header):
            raise InputError(
                InputProblem(file, "row has fewer cells than the header (truncated)", row=line)
            )
        lines.append(line)
        kept.append(cells)
    by_column = list(zip(*kept, strict=True)) if kept else [() for _ in header]
    columns = {name: list(values) for name, values in zip(header, by_column, strict=True)}
    return _cells(file, decoded.encoding, lines, _text_table(columns))


def api_error(payload: object) -> tuple[str, str] | None:
    """(err, errMsg) when a KOSIS answer is an error object rather than rows."""
    if isinstance(payload, dict) and "err" in payload:
        return str(payload.get("err")), str(payload.get("errMsg", ""))
    return None


def read_api_json(path: Path, root: Path = RAW_DIR) -> pl.DataFrame:
    """A saved `statisticsParameterData` answer: a JSON array of rows (record n = row n)."""
    file = relative_to_raw(path, root)
    decoded = decode(file, path.read_bytes())
    try:
        payload = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise InputError(InputProblem(file, f"malformed JSON: {exc.msg}", row=exc.lineno)) from None
    error = api_error(payload)
    if error:
        raise InputError(
            InputProblem(file, f"KOSIS returned error {error[0]} instead of rows: {error[1]}")
        )
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise InputError(InputProblem(file, "expected a JSON array of row objects"))
    fields = list(dict.fromkeys(key for record in payload for key in record))
    columns = {
        field: ["" if r.get(field) is None else str(r[field]) for r in payload] for field in fields
    }
    return _cells(file, decoded.encoding, list(range(1, len(payload) + 1)), _text_table(columns))
