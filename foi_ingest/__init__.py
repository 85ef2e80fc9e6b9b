"""foi-ingest: turn the answers public bodies send to one FOI request into one DuckDB dataset."""

__version__ = "0.1.0"
PARSER_VERSION = "1"
