-- The validator's loop: what a rejected row could be read as, its context, and who decided.
ALTER TABLE rejected_rows ADD COLUMN fields VARCHAR;      -- JSON: what could be mapped
ALTER TABLE rejected_rows ADD COLUMN context VARCHAR;     -- JSON: the rows either side
ALTER TABLE rejected_rows ADD COLUMN decided_by VARCHAR;
ALTER TABLE rejected_rows ADD COLUMN decision_note VARCHAR;
ALTER TABLE cases ADD COLUMN corrected_by VARCHAR;        -- NULL unless a validator corrected it
ALTER TABLE cases ADD COLUMN corrected_at VARCHAR;
ALTER TABLE cases ADD COLUMN correction_note VARCHAR;
ALTER TABLE responses ADD COLUMN config_fingerprint VARCHAR;
