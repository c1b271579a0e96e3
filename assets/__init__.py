"""Asset code by layer. Each layer has one job:

- `raw`: read the archive (`data/raw/`) exactly as received, verify each file against its
  provenance sidecar, and keep every cell's text with the file and row it came from;
- `staging`: interpret cells as typed observations in canonical units, validated by pandera
  (blocking checks: bad input stops here);
- `marts`: the analyst- and evaluator-facing tables, built by the SQL in `sql/marts/`;
- `extracts`: files for evaluators, and the publication of the warehouse itself.
"""
