-- The audit trail (docs/audit.md): append-only, one row per access, hash-chained. Writes stage their
-- entries in audit_pending inside their own transaction (no lock, no waiting on other writers); the
-- trail's writer moves them onto the chain moments after they commit, with the reads it records.
-- hash = SHA-256(prev_hash || canonical bytes of the entry's other columns, seq excluded: the order is
-- fixed by prev_hash). Rows are never updated; the oldest are removed only by retention, which first
-- records the hash of the last removed entry in audit_retention_mark so the remaining chain still verifies.
CREATE TABLE audit_entry (
  seq            bigint      NOT NULL,
  recorded       timestamptz NOT NULL,
  action         text        NOT NULL,
  outcome        text        NOT NULL,
  actor          text        NOT NULL,
  actor_system   boolean     NOT NULL,
  fhir_user      text,
  roles          text[]      NOT NULL,
  organization   text,
  on_behalf_of   text,
  patients       text[]      NOT NULL,
  entities       text[]      NOT NULL,
  purpose        text,
  reason         text,
  client_address text,
  user_agent     text,
  request_id     text,
  prev_hash      bytea       NOT NULL,
  hash           bytea       NOT NULL,
  CONSTRAINT audit_entry_pk PRIMARY KEY (seq),
  CONSTRAINT audit_entry_hash_len CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32)
);

-- Type/id of each entity without its version, for AuditEvent?entity=Type/id.
CREATE FUNCTION audit_entity_keys(entities text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(SELECT regexp_replace(e, '/_history/.*$', '') FROM unnest(entities) AS e);

CREATE INDEX audit_entry_patients_idx ON audit_entry USING gin (patients);
CREATE INDEX audit_entry_entity_keys_idx ON audit_entry USING gin (audit_entity_keys(entities));
CREATE INDEX audit_entry_recorded_idx ON audit_entry (recorded);
CREATE INDEX audit_entry_fhir_user_idx ON audit_entry (fhir_user);
CREATE INDEX audit_entry_actor_idx ON audit_entry (actor);

-- Entries of committed writes not yet on the chain (moved there, in id order, by the trail's writer).
CREATE TABLE audit_pending (LIKE audit_entry);
ALTER TABLE audit_pending
  DROP COLUMN seq,
  DROP COLUMN prev_hash,
  DROP COLUMN hash,
  ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY,
  ADD CONSTRAINT audit_pending_pk PRIMARY KEY (id);

-- Where the chain starts after retention removed its oldest entries: the last removed entry.
CREATE TABLE audit_retention_mark (
  through_seq bigint      NOT NULL,
  hash        bytea       NOT NULL,
  marked_at   timestamptz NOT NULL,
  CONSTRAINT audit_retention_mark_pk PRIMARY KEY (through_seq)
);

-- A guard against mistakes, not against a database superuser (the chain is what detects those):
-- entries are never updated; only retention deletes chained entries and only the chaining writer deletes
-- pending ones, each announcing itself with the setting sen.audit_<trigger argument>.
CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('sen.audit_' || TG_ARGV[0], true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_guard('retention');
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard('retention');
CREATE TRIGGER audit_pending_append_only BEFORE UPDATE OR DELETE ON audit_pending
  FOR EACH ROW EXECUTE FUNCTION audit_entry_guard('chain');
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard('chain');
