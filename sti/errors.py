"""Errors for bad input: each names the file, row, column and rule it broke.

An analyst who receives a failed run must be able to open the named file, go to the named row
and see what is wrong without reading code, so every input problem is raised as `InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputProblem:
    """One broken rule at one place of one input file."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    sheet: str | None = None  # a workbook's sheet; None for a CSV or a whole file

    def __str__(self) -> str:
        where = [f"file {self.file}"]
        if self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = ", ".join(where) + f": {self.rule}"
        if self.value is not None:
            text += f" (found {self.value!r})"
        return text


class InputError(ValueError):
    """Raised when a received file cannot be read as declared. Carries every problem found."""

    def __init__(self, problems: list[InputProblem] | InputProblem):
        self.problems = [problems] if isinstance(problems, InputProblem) else list(problems)
        shown = self.problems[:20]
        lines = [str(p) for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"... and {len(self.problems) - len(shown)} more problems")
        super().__init__("\n".join(lines))
