-- OncoTwin's tables as of the first release (before versioned migrations they were created with 'if not exists';
-- an installation of that time keeps its data: every statement here is safe on it). Portable SQL (PostgreSQL, H2).

-- The dashboard's read model: one row per pathway and one per referral, kept up to date from the engine's history
-- events in the engine's own transaction (dashboard/ReadModelHistoryEventHandler).
create table if not exists ot_pathway (
    id                  varchar(64)  not null primary key,
    business_key        varchar(255),
    model               varchar(255) not null,
    coordinating_centre varchar(64),
    -- every centre the pathway involves (coordinating or receiving a referral), as |leipzig|prague|
    centres             varchar(1000) not null default '|',
    urgent              boolean      not null default false,
    referred_at         timestamp    not null,
    stage               varchar(32)  not null,
    stage_centre        varchar(64),
    decided_at          timestamp,
    first_treatment_at  timestamp,
    days_to_treatment   double precision,
    days_decision_to_treatment double precision,
    treatment_week      varchar(8),
    treatment_month     varchar(7),
    ended_at            timestamp,
    outcome             varchar(32)
);
-- added after the first release of the read model
alter table ot_pathway add column if not exists centres varchar(1000) default '|' not null;
create index if not exists ot_pathway_active on ot_pathway (ended_at, stage, stage_centre);
create index if not exists ot_pathway_referred on ot_pathway (referred_at, model);
create index if not exists ot_pathway_treated on ot_pathway (first_treatment_at);

create table if not exists ot_referral (
    id             varchar(140) not null primary key,
    step_id        varchar(64)  not null,
    pathway_id     varchar(64)  not null,
    model          varchar(255),
    stage          varchar(32),
    modality       varchar(32),
    from_centre    varchar(64),
    to_centre      varchar(64)  not null,
    status         varchar(16)  not null,
    sent_at        timestamp    not null,
    due_at         timestamp,
    accepted_at    timestamp,
    started_at     timestamp,
    closed_at      timestamp,
    hours_to_accept double precision,
    hours_to_start  double precision,
    reason         varchar(1000)
);
create index if not exists ot_referral_status on ot_referral (status, sent_at);
create index if not exists ot_referral_pathway on ot_referral (pathway_id, to_centre);
create index if not exists ot_referral_step on ot_referral (step_id, sent_at);
create index if not exists ot_referral_centres on ot_referral (to_centre, from_centre, sent_at);

-- Idempotent start of pathways: a client's Idempotency-Key (per user) and the pathway its first request started.
create table if not exists ot_start_request (
    request_key         varchar(300) not null primary key,
    twin_id             varchar(64),
    process_instance_id varchar(64),
    created_at          timestamp    not null
);
