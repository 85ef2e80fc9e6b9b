-- Runs of several requests share one log: each run says which request pack it ingested.
ALTER TABLE ingestion_runs ADD COLUMN request VARCHAR;
