-- Issue 14: scheduled work runs once, not once per instance. ShedLock (net.javacrumbs.shedlock) keeps one row per
-- task name: the instance whose conditional update moves lock_until into the future runs the task, the others skip
-- it. Times are the database's (JdbcTemplateLockProvider.usingDbTime()), so the instances' clocks do not matter.
-- Same SQL on PostgreSQL and on H2 (PostgreSQL mode).
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
