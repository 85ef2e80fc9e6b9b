-- The tables of one request, created in its own schema (the request id with '-' as '_').
-- `cases` is created from the request pack's declared fields (warehouse/requests.py).
CREATE TABLE IF NOT EXISTS responses (
    source_file VARCHAR NOT NULL,          -- path inside the inbox
    source_sha256 VARCHAR NOT NULL,
    force_id VARCHAR,                      -- the body's id in its reference list
    force_reason VARCHAR,                  -- how the body was told (folder, file name, letterhead)
    format VARCHAR,
    status VARCHAR NOT NULL,               -- disclosed | cover_letter | refused | nil_return | needs_entry | unparseable | unknown_body | duplicate
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
    config_fingerprint VARCHAR,
    CHECK (rows_read = rows_loaded + rows_rejected + rows_skipped)
);

CREATE TABLE IF NOT EXISTS rejected_rows (
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    force_id VARCHAR,
    source_sheet VARCHAR,
    source_page INTEGER,
    source_row INTEGER NOT NULL,
    source_location VARCHAR NOT NULL,
    raw VARCHAR NOT NULL,                  -- JSON: header label -> cell text, as the body wrote it
    reasons VARCHAR[] NOT NULL,
    suggestions VARCHAR NOT NULL,          -- JSON: field -> closest canonical codes
    run_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'open',
    fields VARCHAR,                        -- JSON: what could be mapped
    context VARCHAR,                       -- JSON: the rows either side
    decided_by VARCHAR,
    decision_note VARCHAR
);
-- each reason as data (reasons.Code, the field, the value): `foi rejects --summary` groups by code
ALTER TABLE rejected_rows ADD COLUMN IF NOT EXISTS
    problems STRUCT(code VARCHAR, field VARCHAR, value VARCHAR, message VARCHAR)[];

CREATE TABLE IF NOT EXISTS skipped_rows (
    source_file VARCHAR NOT NULL,
    source_location VARCHAR NOT NULL,
    source_row INTEGER NOT NULL,
    kind VARCHAR NOT NULL,                 -- title | header | blank | total | footnote | section | notes | hidden | foreign table | ...
    text VARCHAR
);

-- Decisions on file (INBOX/_corrections/) that did not take effect, and why: listed by
-- `foi rejects`, and `foi rejects apply` fails while any remain for what it applied.
CREATE TABLE IF NOT EXISTS unapplied_decisions (
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,        -- of the file the decision was made on
    source_location VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,             -- correct | not_a_case | enter
    code VARCHAR NOT NULL,                 -- file_changed | no_row | no_file | not_a_letter
    message VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL
);

-- renamed statuses: a file whose body could not be told was 'unknown_force' before 2026-12
UPDATE responses SET status = 'unknown_body' WHERE status = 'unknown_force';
