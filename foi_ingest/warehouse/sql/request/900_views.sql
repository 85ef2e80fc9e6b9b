-- Views every request has, in its schema. v_records is built from the pack's declared fields
-- (warehouse/requests.py); v_coverage says what every body of the reference list sent
-- (`bodies`: the request's kind of body, written by warehouse/requests.py on every open).
-- What each body sent: its files' statuses and the FOIA sections they cite.
CREATE OR REPLACE VIEW v_body_responses AS
SELECT force_id,
       string_agg(DISTINCT status, ', ' ORDER BY status) AS statuses,
       list_distinct(flatten(list(sections))) AS sections
FROM responses WHERE force_id IS NOT NULL GROUP BY force_id;

CREATE OR REPLACE VIEW v_coverage AS
WITH r AS (SELECT * FROM v_body_responses), c AS (
    SELECT force_id, sum(case_count_high) AS cases_high FROM cases GROUP BY force_id
)
SELECT f.body_id AS force_id, f.name AS force_name, f.region,
       CASE
         WHEN coalesce(c.cases_high, 0) > 0 THEN 'data'
         WHEN r.statuses LIKE '%nil_return%' THEN 'nil_return'
         WHEN r.statuses LIKE '%refused%' THEN 'refused'
         WHEN r.statuses LIKE '%needs_entry%' THEN 'needs_entry'
         WHEN r.statuses IS NULL THEN 'no_answer'
         ELSE 'no_usable_data'
       END AS coverage,
       coalesce(r.statuses, 'no answer') AS response_status, r.sections,
       f.body_id, f.name AS body_name
FROM bodies f LEFT JOIN r ON r.force_id = f.body_id LEFT JOIN c ON c.force_id = f.body_id;
