-- Research (research/): pseudonymised cohort exports. ot_research_export is part of the research audit (who exported
-- what, when, for which project, how many patients and resources) and stays after the files are gone;
-- ot_research_export_part holds the NDJSON files, in parts of up to about 900,000 characters, until they expire or
-- the requester deletes them. Portable SQL (PostgreSQL, H2).
create table ot_research_export (
    id              varchar(64)   not null primary key,
    user_id         varchar(255)  not null,
    project         varchar(64)   not null,
    criteria        varchar(4000) not null,
    -- comma-separated resource types, Patient first
    types           varchar(1000) not null,
    -- running | completed | failed | expired | deleted
    status          varchar(16)   not null,
    progress        varchar(1000) not null default '',
    error           varchar(4000),
    patients        integer,
    -- JSON: resource type to number of resources exported
    resource_counts varchar(1000),
    requested_at    timestamp     not null,
    completed_at    timestamp,
    expires_at      timestamp     not null,
    -- renewed by the node running the export; a running export whose heartbeat stopped was interrupted
    heartbeat_at    timestamp     not null
);
create index ot_research_export_user on ot_research_export (user_id, requested_at);
create index ot_research_export_status on ot_research_export (status, expires_at);

create table ot_research_export_part (
    export_id     varchar(64)     not null,
    resource_type varchar(64)     not null,
    seq           integer         not null,
    lines         integer         not null,
    content       varchar(1000000) not null,
    primary key (export_id, resource_type, seq)
);
