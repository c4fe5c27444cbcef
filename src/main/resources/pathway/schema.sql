-- Idempotent start of pathways: a client's Idempotency-Key (per user) and the pathway its first request started.
-- Portable SQL (PostgreSQL, H2).
create table if not exists ot_start_request (
    request_key         varchar(300) not null primary key,
    twin_id             varchar(64),
    process_instance_id varchar(64),
    created_at          timestamp    not null
);
