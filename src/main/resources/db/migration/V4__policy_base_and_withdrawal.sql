-- Issue 11 (no lost updates, tidy candidates): the version a candidate was built on, the uploaded files that came
-- without a recorded base (their rows must be confirmed at activation), the digest of its content (to find an
-- upload identical to a stored version without reading every workbook again), and the withdrawal of a candidate.
-- Written for PostgreSQL; H2 runs it in PostgreSQL mode.

alter table policy_version add column base_version varchar(32);
alter table policy_version add column unbased_files varchar(4000);     -- names separated by new lines
alter table policy_version add column content_digest varchar(80);   -- cells, DRL and scenarios: see PolicyMerge.contentDigest
alter table policy_version add column withdrawn_by varchar(200);
alter table policy_version add column withdrawn_at timestamp with time zone;
alter table policy_version add column withdrawn_reason varchar(2000);
