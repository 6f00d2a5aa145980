-- Bulk evaluation jobs: a whole rented file evaluated in the background. The verdict and error files live under
-- <data-dir>/jobs/<id>/; the result is also an evaluation of the audit trail (same id) once complete.
create table bulk_job (
    id                 varchar(36)              not null primary key,
    state              varchar(16)              not null,   -- QUEUED, RUNNING, COMPLETED, FAILED
    caller             varchar(200)             not null,
    campaign_id        varchar(200)             not null,
    file_id            varchar(200)             not null,
    records_name       varchar(300)             not null,
    records_bytes      bigint                   not null,
    created_at         timestamp with time zone not null,
    started_at         timestamp with time zone,
    finished_at        timestamp with time zone,
    lines_read         bigint                   not null default 0,
    evaluated          bigint                   not null default 0,
    rejected           bigint                   not null default 0,
    result_json        text,
    error              varchar(2000)
);
create index bulk_job_state on bulk_job (state);
