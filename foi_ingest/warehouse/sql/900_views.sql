-- Views with stable names: analysts' saved queries rely on them.
CREATE OR REPLACE VIEW v_cases AS
SELECT c.*, f.name AS force_name, f.region, f.country
FROM cases c JOIN forces f USING (force_id);

CREATE OR REPLACE VIEW v_force_summary AS
WITH r AS (
    SELECT force_id,
           string_agg(DISTINCT status, ', ' ORDER BY status) AS statuses,
           list_distinct(flatten(list(sections))) AS sections
    FROM responses WHERE force_id IS NOT NULL GROUP BY force_id
), c AS (
    SELECT force_id,
           sum(case_count_low) AS cases_low,
           sum(case_count_high) AS cases_high,
           count(*) FILTER (WHERE case_count IS NULL) AS suppressed_cells,
           sum(case_count_low) FILTER (WHERE outcome_group = 'left_force') AS left_force,
           sum(case_count_low) FILTER (WHERE outcome_group = 'formal_warning') AS formal_warning,
           sum(case_count_low) FILTER (WHERE outcome_group = 'advice') AS advice,
           sum(case_count_low) FILTER (WHERE outcome_group = 'no_action') AS no_action,
           sum(case_count_low) FILTER (WHERE outcome_group = 'ongoing') AS ongoing,
           sum(case_count_low) FILTER (WHERE outcome_group = 'other') AS other
    FROM cases GROUP BY force_id
)
SELECT f.force_id, f.name AS force_name, f.region,
       coalesce(r.statuses, 'no answer') AS response_status, r.sections,
       coalesce(c.cases_low, 0) AS cases_low, coalesce(c.cases_high, 0) AS cases_high,
       coalesce(c.suppressed_cells, 0) AS suppressed_cells,
       coalesce(c.left_force, 0) AS left_force, coalesce(c.formal_warning, 0) AS formal_warning,
       coalesce(c.advice, 0) AS advice, coalesce(c.no_action, 0) AS no_action,
       coalesce(c.ongoing, 0) AS ongoing, coalesce(c.other, 0) AS other
FROM forces f LEFT JOIN r USING (force_id) LEFT JOIN c USING (force_id);

CREATE OR REPLACE VIEW v_coverage AS
SELECT force_id, force_name, region,
       CASE
         WHEN cases_high > 0 THEN 'data'
         WHEN response_status LIKE '%nil_return%' THEN 'nil_return'
         WHEN response_status LIKE '%refused%' THEN 'refused'
         WHEN response_status LIKE '%needs_entry%' THEN 'needs_entry'
         WHEN response_status = 'no answer' THEN 'no_answer'
         ELSE 'no_usable_data'
       END AS coverage,
       response_status, sections
FROM v_force_summary;
