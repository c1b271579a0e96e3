"""Cell text -> (value, status): the KOSIS conventions for numbers and statistical markers.

KOSIS marks cells instead of leaving them blank: `-` no data, `X`/`x` suppressed for
confidentiality, `…` not available, `e)` an estimate, `p)` a preliminary period. A marker is a
null value with a status, never a zero: a suppressed count is still counted in its total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STATUSES = ("final", "preliminary", "estimate", "suppressed", "not_available")

# A plain number; vectorised readers test whole columns with the same pattern.
NUMBER_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_NUMBER = re.compile(NUMBER_PATTERN)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_ESTIMATE = re.compile(r"^\s*(?:e\)\s*(?P<a>\S+)|(?P<b>\S+)\s*e\))\s*$")
_MARKERS = {
    "-": "not_available",
    "x": "suppressed",
    "X": "suppressed",
    "…": "not_available",
    "...": "not_available",
    "": "not_available",
}


@dataclass(frozen=True)
class ParsedCell:
    value: float | None
    status: str
    problem: str | None = None


def parse_cell(text: str | None, preliminary: bool = False) -> ParsedCell:
    """Interpret one cell. `problem` is set (and value None) when the text breaks the rules."""
    raw = "" if text is None else text.strip()
    base_status = "preliminary" if preliminary else "final"
    if raw in _MARKERS:
        return ParsedCell(None, _MARKERS[raw])
    estimate = _ESTIMATE.match(raw)
    if estimate:
        number = estimate.group("a") or estimate.group("b")
        if _NUMBER.match(number):
            return ParsedCell(float(number), "estimate")
        raw = number
    if _NUMBER.match(raw):
        return ParsedCell(float(raw), base_status)
    if _THOUSANDS.match(raw):
        return ParsedCell(
            None,
            base_status,
            "numbers must not carry thousands separators (KOSIS downloads have none; "
            "remove them in a declared correction)",
        )
    return ParsedCell(None, base_status, "not a number and not a KOSIS marker (-, X, …, e))")
