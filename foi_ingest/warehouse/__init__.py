"""The DuckDB warehouse: schema (versioned SQL files), loading one file per transaction, queries."""
