"""Candidate goal figures in the documents' text: a number with a unit on a line that speaks of
goals (목표, 성과지표, 달성, 까지, 이상, 유치, 확대, 양성, 증가, 구축, 규모, 조성, 확보, 창출, →).

Deliberately broad: every candidate must be either a KPI target (data/raw/targets/
kpi_targets.csv: document, document_line, document_figure) or listed in
data/raw/targets/not_targets.csv with the reason it is not a target, so a goal of the documents
cannot be left out silently.
"""

from __future__ import annotations

import re

from sti.paths import PROJECT_ROOT

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
DOCUMENTS = {
    "plan2023": SEEDS / "000_00b146303ecfd9b5.txt",
    "strategy2026": SEEDS / "004_6687d36b5cb42c35.txt",
}
# The plan's goal sections: the vision and goals (Ⅲ.2, from line 415) through the four strategies
# and the implementation check (to line 2420); the national strategy release as a whole.
GOAL_SECTIONS = {"plan2023": (415, 2420), "strategy2026": (1, 10_000)}
GOAL_WORDS = re.compile(
    r"목표|성과지표|달성|까지|이상|유치|확대|양성|→|증가|구축|규모|조성|확보|창출"
)
FIGURE = re.compile(
    r"(?<![\d'’~])(\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s*(여|만|천|조|억)?\s*(조|억|만|천)?\s*"
    r"(원|개|명|평|%|%p|건|곳|배|점|회|社|㎡|m²|개사|개소|개실|기업|위)"
)


def document_lines(document: str) -> list[str]:
    return DOCUMENTS[document].read_text(encoding="utf-8").splitlines()


def candidates(document: str) -> list[tuple[str, int, str]]:
    """(document, line, figure) for every candidate goal figure of the document."""
    first, last = GOAL_SECTIONS[document]
    found = []
    for number, line in enumerate(document_lines(document), start=1):
        if first <= number <= last and GOAL_WORDS.search(line):
            found += [(document, number, m.group(0)) for m in FIGURE.finditer(line)]
    return found


def available() -> bool:
    return all(path.is_file() for path in DOCUMENTS.values())


def _main() -> None:
    for document in DOCUMENTS:
        for doc, line, figure in candidates(document):
            print(f"{doc},{line},{figure}")


if __name__ == "__main__":
    _main()
