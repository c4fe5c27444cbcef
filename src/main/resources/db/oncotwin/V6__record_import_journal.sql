-- Imports of a hospital's records too large for one transaction at a centre (twin/RecordImport) are written in parts,
-- each a transaction of its own. Before a part is sent, it is entered here, so that an import that fails half-way,
-- or whose node stops, can be undone: every resource a part created carries the tag urn:oncotwin:import|<id>/<part>,
-- and the part's Provenance has the id noted here. A finished or undone import leaves no rows. Portable SQL.
create table ot_record_import (
    id         varchar(64)  not null primary key,
    twin_id    varchar(64)  not null,
    centre_id  varchar(64)  not null,
    started_at timestamp    not null,
    -- touched before every part: an import not touched for long is one whose node stopped
    touched_at timestamp    not null
);
create table ot_record_import_part (
    import_id      varchar(64)   not null references ot_record_import (id),
    part           integer       not null,
    provenance_id  varchar(64)   not null,
    -- the resource types of the part, comma-separated: where its tagged resources are searched when it is undone
    resource_types varchar(4000) not null,
    primary key (import_id, part)
);
