"""A release is built fresh, so unchanged inputs publish files of the same size."""

from sti.releases import RELEASE_BLOCK_SIZE, ReleaseStore
from tests.conftest import Pipeline

# Identical inputs: the file may differ only by the run id, timestamps and where DuckDB puts
# blocks. The issue asks for 1 %; DuckDB's checkpoint is not deterministic (the same file copied
# single-threaded five times in one process: 278-281 used blocks of 16 KB; three pipeline runs:
# 4.53-4.70 MB, 10 blocks apart), so the bound is 1 % or 16 blocks of 16 KB (256 KB, one block
# of DuckDB's default size), whichever is larger. Before releases were built fresh the file grew
# by 2.8 MB a run (12.9 -> 15.7 -> 16.3 MB): that growth is what this test rules out.
SIZE_TOLERANCE = 0.01
LAYOUT_BLOCKS = 16


def test_three_runs_on_unchanged_inputs_publish_the_same_size(pipeline: Pipeline) -> None:
    for _ in range(3):
        assert pipeline.run().success
    sizes = [r.path.stat().st_size for r in ReleaseStore(pipeline.warehouse).releases()]
    assert len(sizes) == 3
    allowed = max(min(sizes) * SIZE_TOLERANCE, LAYOUT_BLOCKS * RELEASE_BLOCK_SIZE)
    assert max(sizes) - min(sizes) <= allowed, sizes
