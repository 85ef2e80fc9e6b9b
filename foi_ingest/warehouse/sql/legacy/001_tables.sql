-- The warehouse's tables. Plural nouns; one transaction per file replaces what it loaded.
CREATE TABLE forces (
    force_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    aliases VARCHAR[]
);

CREATE TABLE ingestion_runs (
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
    status VARCHAR NOT NULL
);

-- One row per file in the inbox, whatever became of it.
CREATE TABLE responses (
    source_file VARCHAR NOT NULL,          -- path inside the inbox
    source_sha256 VARCHAR NOT NULL,
    force_id VARCHAR,
    force_reason VARCHAR,                  -- how the force was told (folder, file name, letterhead)
    format VARCHAR,
    status VARCHAR NOT NULL,               -- disclosed | refused | nil_return | needs_entry | unparseable | unknown_force | duplicate
    status_reason VARCHAR,
    sections VARCHAR[],                    -- FOIA sections cited (refusal or exemptions)
    rows_read INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rows_skipped INTEGER NOT NULL,
    records_loaded INTEGER NOT NULL,
    stated_total INTEGER,
    total_check VARCHAR,
    warnings VARCHAR[],
    letter_text VARCHAR,
    duplicate_of VARCHAR,
    parser_version VARCHAR,
    run_id VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    CHECK (rows_read = rows_loaded + rows_rejected + rows_skipped)
);

CREATE TABLE cases (
    force_id VARCHAR NOT NULL,
    year INTEGER,
    period_start DATE,
    period_end DATE,
    role VARCHAR NOT NULL,
    rank_raw VARCHAR,
    allegation_raw VARCHAR,
    allegation_category VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,
    outcome_raw VARCHAR,
    outcome_group VARCHAR NOT NULL,
    case_count INTEGER,                    -- NULL where the force suppressed a small number
    case_count_low INTEGER NOT NULL,
    case_count_high INTEGER NOT NULL,
    record_kind VARCHAR NOT NULL,          -- case | count
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_sheet VARCHAR,
    source_page INTEGER,
    source_row INTEGER NOT NULL,
    source_location VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL
);

CREATE TABLE rejected_rows (
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    force_id VARCHAR,
    source_sheet VARCHAR,
    source_page INTEGER,
    source_row INTEGER NOT NULL,
    source_location VARCHAR NOT NULL,
    raw VARCHAR NOT NULL,                  -- JSON: header label -> cell text, as the force wrote it
    reasons VARCHAR[] NOT NULL,
    suggestions VARCHAR NOT NULL,          -- JSON: vocabulary -> closest canonical codes
    run_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'open'
);

CREATE TABLE skipped_rows (
    source_file VARCHAR NOT NULL,
    source_location VARCHAR NOT NULL,
    source_row INTEGER NOT NULL,
    kind VARCHAR NOT NULL,                 -- title | header | blank | total | footnote | section | notes | hidden | ...
    text VARCHAR
);
