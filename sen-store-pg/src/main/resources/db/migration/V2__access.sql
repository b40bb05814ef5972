-- Sen resource store, version 2: access facts.
-- Who may see a patient's record is derived, when a resource is written, from what that resource states
-- (an open Encounter, a CareTeam, a Consent…: the application's AccessFactExtractor decides). The facts of
-- a resource are keyed by its rid (`src`): an update replaces them, a delete removes them, in the
-- transaction that writes the resource. Every search, include, count and history statement of a caller
-- held to an access filter probes these tables by (pat, …) with EXISTS; they hold a few rows per patient.

-- history rows keep the compartment of their version, for the audit trail ("which patient")
alter table resource_history add column pat text;

-- `party` (Organization/o1, Practitioner/p1, PractitionerRole/r1, RelatedPerson/c1) may see `pat`'s
-- record until `expires` (null: while the source resource stands)
create table access_relation (
  src     bigint      not null,
  pat     text        not null,
  party   text        not null,
  expires timestamptz
);
create index access_relation_pat_party_ix on access_relation (pat, party) include (expires);
-- the patients of a caller's parties, hashed once by statements that filter many rows; `pat` is only
-- included, so that a probe for one patient always takes the index above
create index access_relation_party_ix on access_relation (party) include (pat, expires);
create index access_relation_src_ix on access_relation (src);

-- `pat` keeps the record local: only callers at one of `orgs` see it (the patient always)
create table access_local (
  src  bigint not null,
  pat  text   not null,
  orgs text[] not null
);
create index access_local_pat_ix on access_local (pat);
create index access_local_src_ix on access_local (src);

-- `pat`'s resources labelled system|code (meta.security; hashed as in idx_token, whose `_security` rows
-- say which resources carry the label) are visible only to callers holding one of `roles`
create table access_label (
  src    bigint not null,
  pat    text   not null,
  h_code bigint not null,
  h_sys  bigint not null,
  roles  text[] not null
);
create index access_label_pat_ix on access_label (pat);
create index access_label_src_ix on access_label (src);
