-- The police social-media request's own views, created in its schema (police_social_media)
-- (`USE police_social_media`, as `foi query` does). Views with stable names: analysts'
-- saved queries rely on them. v_records and v_coverage are generic (foi_ingest/warehouse/sql/request/).
CREATE OR REPLACE VIEW v_cases AS
SELECT c.*, f.name AS force_name, f.region, f.country
FROM cases c JOIN bodies f ON f.body_id = c.force_id;

CREATE OR REPLACE VIEW v_force_summary AS
WITH r AS (SELECT * FROM v_body_responses), c AS (
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
SELECT f.body_id AS force_id, f.name AS force_name, f.region,
       coalesce(r.statuses, 'no answer') AS response_status, r.sections,
       coalesce(c.cases_low, 0) AS cases_low, coalesce(c.cases_high, 0) AS cases_high,
       coalesce(c.suppressed_cells, 0) AS suppressed_cells,
       coalesce(c.left_force, 0) AS left_force, coalesce(c.formal_warning, 0) AS formal_warning,
       coalesce(c.advice, 0) AS advice, coalesce(c.no_action, 0) AS no_action,
       coalesce(c.ongoing, 0) AS ongoing, coalesce(c.other, 0) AS other
FROM bodies f LEFT JOIN r ON r.force_id = f.body_id LEFT JOIN c ON c.force_id = f.body_id;

CREATE OR REPLACE VIEW v_outcomes AS
SELECT outcome_group, outcome,
       sum(case_count_low) AS cases_low, sum(case_count_high) AS cases_high,
       count(DISTINCT force_id) AS forces
FROM cases GROUP BY ALL ORDER BY cases_low DESC;

CREATE OR REPLACE VIEW v_by_year AS
SELECT year, sum(case_count_low) AS cases_low, sum(case_count_high) AS cases_high,
       count(DISTINCT force_id) AS forces
FROM cases GROUP BY year ORDER BY year NULLS LAST;

CREATE OR REPLACE VIEW v_headline AS
WITH t AS (
    SELECT sum(case_count_low) AS cases_low, sum(case_count_high) AS cases_high,
           sum(case_count_low) FILTER (WHERE outcome_group = 'left_force') AS left_force,
           sum(case_count_low) FILTER (WHERE outcome_group = 'no_action') AS no_action,
           count(DISTINCT force_id) FILTER (WHERE country IN ('England', 'Wales'))
               AS territorial_forces_with_data,
           min(year) AS first_year, max(year) AS last_year
    FROM v_cases
)
SELECT cases_low, cases_high,
       round(100.0 * left_force / nullif(cases_low, 0), 1) AS pct_left_force,
       round(100.0 * no_action / nullif(cases_low, 0), 1) AS pct_no_action,
       territorial_forces_with_data, first_year, last_year,
       (SELECT list(force_name ORDER BY cases_low DESC, force_name)[1:3]
          FROM v_force_summary WHERE cases_high > 0) AS top_forces
FROM t;

-- The police request's list of forces under the name its analysts' saved queries use.
CREATE OR REPLACE VIEW forces AS
SELECT body_id AS force_id, name, country, region, aliases FROM bodies;
