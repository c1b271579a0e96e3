"""Where the tests' own files live (fixtures, the bad-input corpus, golden figures, snapshots),
so a test file can move without its paths breaking."""

from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES = TESTS_DIR / "fixtures"
CORPUS = TESTS_DIR / "corpus"
GOLDEN = TESTS_DIR / "golden"
SNAPSHOTS = TESTS_DIR / "snapshots"
