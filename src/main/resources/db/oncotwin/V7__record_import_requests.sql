-- Record imports asked to run in the background (Prefer: respond-async, twin/ImportRequests): their state, read by
-- any node when the client asks how far the import is. The answer is the import's report (completed) or the
-- problem detail (failed), as JSON. Rows older than a week are removed. Portable SQL.
create table ot_record_import_request (
    id           varchar(64)      not null primary key,
    twin_id      varchar(64)      not null,
    centre_id    varchar(64)      not null,
    requested_by varchar(256),
    requested_at timestamp        not null,
    -- running, completed or failed
    state        varchar(16)      not null,
    parts        integer          not null,
    http_status  integer,
    answer       varchar(1000000),
    finished_at  timestamp
);
create index ot_record_import_request_state on ot_record_import_request (state, requested_at);
