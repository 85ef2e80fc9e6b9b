"""The mapping step: a table's raw rows under its header become the request's typed records,
or rejected rows with reasons. `columns` (what a header names), `labels` (label columns no
header names; tables of another question), `hierarchy` (rows that are parts of a code row),
`table` (one table's rows → records), `totals` (stated totals and breakdowns compared)."""
