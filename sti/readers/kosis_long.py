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
from sti.paths import RAW_DIR, relative_to_raw
from sti.readers.cell_table import CELL_COLUMNS, ROW_LABEL_SEPARATOR
from sti.readers.csv_records import csv_records
from sti.readers.wide_table import decode

PERIOD_FIELD, VALUE_FIELD = "PRD_DE", "DT"
_NOT_LABELS = frozenset({PERIOD_FIELD, VALUE_FIELD})
_LEVELS = range(1, 9)
KOSIS_FIELDS = frozenset(
    {
        "ORG_ID", "TBL_ID", "TBL_NM", "ITM_ID", "ITM_NM", "ITM_NM_ENG", "UNIT_ID", "UNIT_NM",
        "UNIT_NM_ENG", "PRD_SE", "PRD_DE", "DT", "LST_CHN_DE",
        *(f"C{i}{suffix}" for i in _LEVELS for suffix in ("", "_NM", "_NM_ENG", "_OBJ_NM", "_OBJ_NM_ENG")),
    }
)  # fmt: skip


def _cells(
    records: list[tuple[int, dict[str, str]]], file: str, encoding: str, where: str
) -> pl.DataFrame:
    if not records:
        raise InputError(InputProblem(file, "no data rows"))
    fields = set().union(*(record.keys() for _, record in records))
    unknown = sorted(fields - KOSIS_FIELDS)
    if unknown:
        raise InputError(
            InputProblem(
                file, f"column(s) not among the KOSIS OpenAPI fields: {unknown}", column=unknown[0]
            )
        )
    for required in (PERIOD_FIELD, VALUE_FIELD):
        if required not in fields:
            raise InputError(
                InputProblem(file, f"required column {required} is missing", column=required)
            )
    rows, label_texts, row_labels, periods, values = [], [], [], [], []
    written: dict[tuple[tuple[str, str], ...], tuple[str, str]] = {}
    for row, record in records:
        period = record.get(PERIOD_FIELD)
        if not period:
            raise InputError(InputProblem(file, "period is empty", row=row, column=PERIOD_FIELD))
        key = tuple(
            (k, v) for k, v in record.items() if k not in _NOT_LABELS and v not in ("", None)
        )
        if key not in written:  # a label set recurs once per period: write it once
            labels = dict(key)
            written[key] = (
                json.dumps(labels, ensure_ascii=False),
                ROW_LABEL_SEPARATOR.join(labels.values()),
            )
        text, joined = written[key]
        rows.append(row)
        label_texts.append(text)
        row_labels.append(joined)
        periods.append(str(period))
        values.append(record.get(VALUE_FIELD))
    return pl.DataFrame(
        {
            "source_file": [file] * len(rows),
            "source_row": rows,
            "source_column": [VALUE_FIELD] * len(rows),
            "labels": label_texts,
            "row_labels": row_labels,
            "period_label": periods,
            "value_raw": values,
            "encoding": [encoding] * len(rows),
        },
        schema=CELL_COLUMNS,
    )


def read_long_csv(path: Path, root: Path = RAW_DIR) -> pl.DataFrame:
    """A CSV with KOSIS OpenAPI column names (as saved by API clients), one value per row."""
    file = relative_to_raw(path, root)
    decoded = decode(file, path.read_bytes())
    rows = csv_records(decoded.text, file)
    if not rows:
        raise InputError(InputProblem(file, "file has no header"))
    (_line, header), *body = rows
    records = []
    for line, cells in body:
        if not any(cell.strip() for cell in cells):
            continue  # blank line, as csv.DictReader skips
        if len(cells) > len(header):
            raise InputError(InputProblem(file, "row has more cells than the header", row=line))
        if len(cells) < len(header):
            raise InputError(
                InputProblem(file, "row has fewer cells than the header (truncated)", row=line)
            )
        records.append((line, dict(zip(header, cells, strict=True))))
    return _cells(records, file, decoded.encoding, "row")


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
    records = [
        (index, {k: "" if v is None else str(v) for k, v in r.items()})
        for index, r in enumerate(payload, 1)
    ]
    return _cells(records, file, decoded.encoding, "record")
