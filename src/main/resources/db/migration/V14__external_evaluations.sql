-- Issue 17: evaluations run outside the service (a Spark job) and recorded afterwards (POST /api/v1/evaluations/external).
-- ran_outside names the run ("spark, application_1700000000000_0042") for lists and searches; null for the service's own.
-- The job's full identity is in the stored answer (result_gz, its ranOutside), which the audit chain covers.
alter table evaluation add column ran_outside varchar(300);
