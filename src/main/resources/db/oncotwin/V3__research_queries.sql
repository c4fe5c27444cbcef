-- Research (research/): every feasibility query and every refused one, for the audit (who asked what, when, and what
-- they were told) and for the per-user rate limit. Portable SQL (PostgreSQL, H2).
create table ot_research_query (
    id                  varchar(64)   not null primary key,
    user_id             varchar(255)  not null,
    asked_at            timestamp     not null,
    -- feasibility | refused
    outcome             varchar(32)   not null,
    criteria            varchar(4000) not null,
    -- the answer exactly as shown (counts after small-count suppression), or why it was refused
    result              varchar(4000) not null,
    unavailable_centres varchar(1000) not null default ''
);
create index ot_research_query_user on ot_research_query (user_id, asked_at);
