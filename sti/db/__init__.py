"""Talking to DuckDB: SQL files loaded by name (`sql/<layer>/<table>.sql`), writing frames as
tables and reading them back, ENUM columns, the block cache, and the read-only door analysts use.

Imports only `sti.errors` and `sti.paths`; every other package may import it."""
