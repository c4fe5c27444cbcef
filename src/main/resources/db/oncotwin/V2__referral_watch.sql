-- The referral watcher's memory (referral/WatchState): durable, so a restart after any downtime applies every change
-- a centre made exactly once, and shared, so one node of a cluster watches a centre at a time. Portable SQL.

-- Per centre: changes up to seen_until_ms (epoch ms of the centre's meta.lastUpdated) are applied; the Task versions
-- with exactly that lastUpdated that were applied, as |Task/1/_history/2|..., since the next search starts there again.
create table ot_centre_cursor (
    centre_id      varchar(64)   not null primary key,
    fhir_base_url  varchar(1000) not null,
    seen_until_ms  bigint        not null,
    seen_versions  varchar(4000) not null
);

-- Tasks to look at again: the pathway step did not wait for the change yet, or applying it failed.
create table ot_task_recheck (
    centre_id     varchar(64)  not null,
    task_id       varchar(140) not null,
    give_up_at_ms bigint,
    reason        varchar(64)  not null,
    primary key (centre_id, task_id)
);

-- Which node watches which centre, until when (epoch ms); renewed while the node lives, taken over when it expires.
create table ot_centre_lease (
    centre_id   varchar(64)  not null primary key,
    holder      varchar(200) not null,
    expires_ms  bigint       not null
);
