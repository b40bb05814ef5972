-- The audit chain in sealed blocks (docs/audit.md, "The chain"). Until now the trail's writer read every
-- staged entry back into Java, hashed it onto a per-entry chain and sent it back in an INSERT, the lists
-- crossing JDBC twice, while an SQL function derived the entity keys inside an index. From here on, the
-- request that stages an entry computes its hash and entity keys; the writer moves staged entries onto the
-- trail inside PostgreSQL (one statement, positions numbered on from the tail) and seals them as a block:
-- a seal lists the hashes of the entries first_seq..last_seq and hashes that list with the previous seal's
-- hash. Entries chained before this migration keep their per-entry links and are verified as before; the
-- first seal follows on from the last of them.
-- Building the new indexes over a large trail takes minutes: not bounded by the pool's statement timeout
-- (for this migration's transaction only).
SET LOCAL statement_timeout = 0;

ALTER TABLE audit_entry
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  -- SHA-256 of the entry's canonical bytes, computed when it was staged; the seal lists it
  ADD COLUMN entry_hash bytea,
  -- Type/id of each entity without its version (AuditEvent?entity=), computed when it was staged
  ADD COLUMN entity_keys text[],
  DROP CONSTRAINT audit_entry_hash_len,
  -- a per-entry link written before V10, or a sealed entry
  ADD CONSTRAINT audit_entry_form CHECK (
    (entry_hash IS NULL AND entity_keys IS NULL AND octet_length(hash) = 32 AND octet_length(prev_hash) = 32)
    OR (octet_length(entry_hash) = 32 AND entity_keys IS NOT NULL AND hash IS NULL AND prev_hash IS NULL));
ALTER TABLE audit_entry ALTER COLUMN entity_keys SET STATISTICS 0;

-- Entity keys: a plain array for sealed entries; derived as before (V9) for the links written before V10.
DROP INDEX audit_entry_entity_keys_idx;
CREATE INDEX audit_entry_entity_keys_idx ON audit_entry USING gin (entity_keys);
CREATE INDEX audit_entry_linked_entity_keys_idx ON audit_entry USING gin (audit_entity_keys(entities))
  WHERE entity_keys IS NULL;
-- The trail only grows: vacuum serves its visibility map and freezing, and each vacuum also reads both GIN
-- indexes whole (their cleanup), so vacuum and analyze wait for 100,000 new entries (plus the usual share of
-- the trail), not 1,000 (docs/benchmarks.md, "Session 6").
ALTER TABLE audit_entry SET (autovacuum_vacuum_insert_threshold = 100000, autovacuum_analyze_threshold = 100000);
-- Retention and the writer find the links written before V10 without reading past every sealed entry.
CREATE INDEX audit_entry_linked_idx ON audit_entry (seq) WHERE entry_hash IS NULL;

-- Staged entries carry their hash and keys. The staging table keeps only its primary key (each request's
-- INSERT pays for every index on the table it writes), through which the writer takes them in the order
-- staged without reading the dead rows of those it moved before; it is vacuumed as often as it churns.
ALTER TABLE audit_pending
  ADD COLUMN entry_hash bytea,
  ADD COLUMN entity_keys text[],
  SET (autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_scale_factor = 0,
       autovacuum_vacuum_insert_threshold = -1, autovacuum_vacuum_cost_delay = 0);

-- The seals, one per block, chained:
-- hash = SHA-256(prev_hash ‖ block ‖ sealed ‖ first_seq ‖ last_seq ‖ entry_hashes) (docs/audit.md).
CREATE TABLE audit_seal (
  block        bigint      NOT NULL,
  sealed       timestamptz NOT NULL,
  first_seq    bigint      NOT NULL,
  last_seq     bigint      NOT NULL,
  entry_hashes bytea       NOT NULL,
  prev_hash    bytea       NOT NULL,
  hash         bytea       NOT NULL,
  CONSTRAINT audit_seal_pk PRIMARY KEY (block),
  CONSTRAINT audit_seal_shape CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32
    AND first_seq <= last_seq AND octet_length(entry_hashes) = 32 * (last_seq - first_seq + 1))
);

-- Where the seals start after retention removed the oldest blocks: the last removed one.
CREATE TABLE audit_seal_mark (
  through_block bigint      NOT NULL,
  last_seq      bigint      NOT NULL,
  hash          bytea       NOT NULL,
  marked_at     timestamptz NOT NULL,
  CONSTRAINT audit_seal_mark_pk PRIMARY KEY (through_block)
);

CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION audit_entry_guard('retention');
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard('retention');
CREATE TRIGGER audit_seal_mark_append_only BEFORE UPDATE OR DELETE ON audit_seal_mark
  FOR EACH ROW EXECUTE FUNCTION audit_entry_guard('never');
CREATE TRIGGER audit_seal_mark_no_truncate BEFORE TRUNCATE ON audit_seal_mark
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard('never');
