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

-- Records (`cases`) with how each sits in a period window [d_from, d_to] (both NULL: no window).
-- Rule: a record counts in the lower bound only if its whole period lies inside the window; a
-- record that partly overlaps, or whose period is unknown, counts only in the upper bound.
CREATE OR REPLACE MACRO cases_in(d_from, d_to) AS TABLE
SELECT c.*, f.name AS force_name, f.region, f.country,
       CASE
         WHEN d_from IS NULL AND d_to IS NULL THEN 'inside'
         WHEN c.period_start IS NULL THEN 'unknown'
         WHEN c.period_start >= coalesce(d_from, DATE '0001-01-01')
              AND c.period_end <= coalesce(d_to, DATE '9999-12-31') THEN 'inside'
         WHEN c.period_end < coalesce(d_from, DATE '0001-01-01')
              OR c.period_start > coalesce(d_to, DATE '9999-12-31') THEN 'outside'
         ELSE 'partial'
       END AS window_fit
FROM cases c JOIN bodies f ON f.body_id = c.force_id;

