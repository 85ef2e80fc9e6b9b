-- What a request's generic tables need beyond their declaration: their columns are declared
-- once, as the row types of foi_ingest/records.py, and created from them (warehouse/rows.py);
-- `cases` is created from the request pack's declared fields (warehouse/requests.py). Below:
-- changes to tables made by earlier versions, each safe to run on every open.

-- each reason as data (reasons.Code, the field, the value): `foi rejects --summary` groups by code
ALTER TABLE rejected_rows ADD COLUMN IF NOT EXISTS
    problems STRUCT(code VARCHAR, field VARCHAR, value VARCHAR, message VARCHAR)[];

-- each warning of a file's response as data, as rejected rows' problems are
ALTER TABLE responses ADD COLUMN IF NOT EXISTS
    warning_problems STRUCT(code VARCHAR, field VARCHAR, value VARCHAR, message VARCHAR)[];

-- renamed statuses: a file whose body could not be told was 'unknown_force' before 2026-12
UPDATE responses SET status = 'unknown_body' WHERE status = 'unknown_force';
