-- Sen resource store, version 1.
-- One row per resource (current version) in `resource`; earlier versions in `resource_history`.
-- Search values live in one narrow table per search type, keyed by the resource's internal `rid`, the
-- version they were extracted from (`ver`) and the search parameter's stable 32-bit key. Index rows are
-- append-only: an update adds rows for the new version and leaves the old ones, which every query
-- ignores by matching (rid, ver) against the current row. This keeps one b-tree per index table on the
-- write path; stale rows are removed in bulk by `sen store compact` (docs/operations.md).
-- Every row carries what it needs to be distributed by patient compartment later (docs/scaling.md).

create sequence resource_rid_seq as bigint increment by 1 cache 100;

create table resource (
  rid      bigint      not null,
  rtype    text        not null,
  id       text        not null,
  ver      integer     not null,
  updated  timestamptz not null,
  deleted  boolean     not null default false,
  -- id of the Patient whose compartment holds this resource (the patient itself for a Patient)
  pat      text,
  -- canonical JSON of the version, with id and meta; first byte 0 = raw UTF-8, 1 = raw deflate
  body     bytea,
  constraint resource_pk primary key (rid)
);
-- bodies are compressed by Sen already: keep PostgreSQL from trying again
alter table resource alter column body set storage external;
create unique index resource_type_id_uq on resource (rtype, id);
create index resource_pat_ix on resource (pat, rtype) where pat is not null;
create index resource_type_updated_ix on resource (rtype, updated);

create table resource_history (
  rid      bigint      not null,
  ver      integer     not null,
  rtype    text        not null,
  id       text        not null,
  updated  timestamptz not null,
  deleted  boolean     not null,
  body     bytea,
  constraint resource_history_pk primary key (rid, ver)
);
alter table resource_history alter column body set storage external;
create index resource_history_type_updated_ix on resource_history (rtype, updated);
create index resource_history_updated_ix on resource_history (updated);

-- token: h_code = hash(code), h_sys = hash(system) or hash('') for "no system"
create table idx_token (
  rid    bigint  not null,
  ver    integer not null,
  param  integer not null,
  h_code bigint  not null,
  h_sys  bigint  not null
);
-- rid right after the code: a search can probe "does resource X have this code" with the index alone,
-- whether or not the client gave a system
create index idx_token_value_ix on idx_token (param, h_code, rid, ver) include (h_sys);

-- string: norm = lower case, accents removed, đ → d, spaces collapsed (cut at 200 characters);
-- val = as written, only where it differs from norm (for :exact)
create table idx_string (
  rid   bigint  not null,
  ver   integer not null,
  param integer not null,
  norm  text    not null,
  val   text
);
create index idx_string_value_ix on idx_string (param, norm text_pattern_ops, rid, ver);
-- by resource: for _sort
create index idx_string_rid_ix on idx_string (rid, param);

-- date: inclusive range in epoch milliseconds
create table idx_date (
  rid   bigint  not null,
  ver   integer not null,
  param integer not null,
  lo    bigint  not null,
  hi    bigint  not null
);
create index idx_date_value_ix on idx_date (param, lo, hi, rid, ver);
-- by resource: for _sort
create index idx_date_rid_ix on idx_date (rid, param);

create table idx_number (
  rid   bigint  not null,
  ver   integer not null,
  param integer not null,
  val   numeric not null
);
create index idx_number_value_ix on idx_number (param, val, rid, ver);

-- quantity: h_code = hash(code or unit), h_sys = hash(system) or hash('')
create table idx_quantity (
  rid    bigint  not null,
  ver    integer not null,
  param  integer not null,
  h_code bigint  not null,
  h_sys  bigint  not null,
  val    numeric not null
);
create index idx_quantity_value_ix on idx_quantity (param, val, rid, ver);

-- reference: a local target (ttype, tid) or an absolute/canonical url
create table idx_ref (
  rid   bigint  not null,
  ver   integer not null,
  param integer not null,
  ttype text,
  tid   text,
  url   text
);
create index idx_ref_target_ix on idx_ref (tid, param, rid, ver) where tid is not null;
-- by resource: for _include
create index idx_ref_rid_ix on idx_ref (rid, param);
create index idx_ref_url_ix on idx_ref (url, param) where url is not null;

create table idx_uri (
  rid   bigint  not null,
  ver   integer not null,
  param integer not null,
  uri   text    not null
);
create index idx_uri_value_ix on idx_uri (param, uri text_pattern_ops, rid, ver);

-- composite: the first component as a token (h1_code, h1_sys); the second as a token/string hash
-- (h2), a number/quantity (v2 with its unit hash h2), or a date range (lo2, hi2)
create table idx_composite (
  rid     bigint  not null,
  ver     integer not null,
  param   integer not null,
  h1_code bigint  not null,
  h1_sys  bigint  not null,
  h2      bigint,
  h2_sys  bigint,
  v2      numeric,
  lo2     bigint,
  hi2     bigint
);
create index idx_composite_value_ix on idx_composite (param, h1_code, rid, ver);
