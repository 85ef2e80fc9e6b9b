-- What every warehouse holds outside the requests' schemas: the log of runs (each names the
-- request it ingested). Each request's own tables live in its schema (sql/request/).
CREATE TABLE IF NOT EXISTS ingestion_runs (
    run_id VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    inbox VARCHAR,
    files_seen INTEGER,
    files_new INTEGER,
    files_changed INTEGER,
    files_unchanged INTEGER,
    files_removed INTEGER,
    files_failed INTEGER,
    status VARCHAR NOT NULL,
    request VARCHAR
);
