-- Records of reads of patient data (security/): each read, allowed or refused, is written here before the data is
-- returned, then delivered to the patient's coordinating centre as a FHIR AuditEvent (PUT AuditEvent/<id>, so a
-- delivery that runs twice writes it once). Delivered records are deleted; one the centre refuses stays, marked.
-- Portable SQL (PostgreSQL, H2).
create table ot_access_record (
    id          varchar(64)     not null primary key,
    centre_id   varchar(64)     not null,
    recorded_at timestamp       not null,
    -- the AuditEvent as FHIR JSON
    audit_event varchar(100000) not null,
    attempts    integer         not null default 0,
    last_error  varchar(4000),
    refused     boolean         not null default false
);
create index ot_access_record_waiting on ot_access_record (centre_id, refused, recorded_at);
