-- Issue 14, item 2: bulk jobs owned with leases, and resumable, on several instances sharing the database.
--
-- db-scheduler's table (its PostgreSQL DDL, with varchar keys so that H2 in PostgreSQL mode can index them): one row
-- per execution of a job, claimed by the instance that runs it (picked_by), heartbeated (last_heartbeat); a row whose
-- heartbeats stopped is revived by any live instance.
create table scheduled_tasks (
    task_name            varchar(100)             not null,
    task_instance        varchar(200)             not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            varchar(200),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- The job row carries everything another instance needs to run or resume it: the request (header, records name and
-- format, profile), the policy version it started under, the last committed checkpoint; who owns it and when it last
-- said so; a cancel request (who, why). State CANCELLED joins QUEUED, RUNNING, COMPLETED, FAILED.
alter table bulk_job add column owner varchar(200);
alter table bulk_job add column heartbeat_at timestamp with time zone;
alter table bulk_job add column request_json text;
alter table bulk_job add column policy_version_id varchar(32);
alter table bulk_job add column checkpoint_json text;
alter table bulk_job add column resumes integer not null default 0;
alter table bulk_job add column cancel_requested_by varchar(200);
alter table bulk_job add column cancel_reason varchar(2000);

-- Jobs left queued or running by a version that kept their request in memory only cannot be run again: their partial
-- audit goes, and they are FAILED with a clear error (the file must be submitted again).
delete from evaluation_code where evaluation_id in (select id from bulk_job where state in ('QUEUED', 'RUNNING'));
delete from evaluation_record where evaluation_id in (select id from bulk_job where state in ('QUEUED', 'RUNNING'));
delete from evaluation where id in (select id from bulk_job where state in ('QUEUED', 'RUNNING'));
update bulk_job set state = 'FAILED', finished_at = current_timestamp,
       error = 'interrupted by the upgrade to resumable jobs: this job was queued or running under a version that kept its request in memory only, so no instance can run it; submit the file again'
 where state in ('QUEUED', 'RUNNING');
