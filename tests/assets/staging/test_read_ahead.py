"""read_ahead: the pandera check's batches, the next one read in a thread, nothing lost."""

import threading
from collections.abc import Iterator

import pytest

from sti.ingest.observation_model import read_ahead


def test_every_item_arrives_in_order() -> None:
    assert list(read_ahead(iter(range(100)))) == list(range(100))
    assert list(read_ahead(iter([]))) == []


def test_an_error_while_reading_is_raised_to_the_reader_after_the_items_before_it() -> None:
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("batch 3 could not be read")

    seen = []
    with pytest.raises(ValueError, match="batch 3"):
        for item in read_ahead(failing()):
            seen.append(item)
    assert seen == [1, 2]


def test_leaving_early_stops_the_reading_thread() -> None:
    produced = []

    def counting() -> Iterator[int]:
        for n in range(1_000):
            produced.append(n)
            yield n

    items = read_ahead(counting())
    assert next(items) == 0
    items.close()
    assert [t for t in threading.enumerate() if t.name == "read-ahead"] == []
    assert len(produced) < 1_000, "the thread stopped instead of reading everything"
