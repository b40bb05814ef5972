-- The audit trail writes each entry once (docs/audit.md, "The chain"). Until now every entry was staged in
-- audit_pending, then moved onto a per-entry hash chain by one writer holding a lock, and deleted from the
-- staging table: three writes, two of them into indexed tables, per read served. From here on, requests
-- insert their entries straight into audit_entry, each with the hash of its own content and the id of the
-- transaction that wrote it, without any lock; a sealer then chains them in blocks: each seal lists the
-- positions and hashes of the entries it covers (those of transactions that had finished when it sealed)
-- and hashes that list with the previous seal's hash. Entries chained before this migration keep their
-- per-entry links and are verified as before; the first seal follows on from the last of them.
-- Building the new indexes over a large trail takes minutes: not bounded by the pool's statement timeout
-- (for this migration's transaction only).
SET LOCAL statement_timeout = 0;

-- Positions are handed out by a sequence (gaps from rolled-back writes are harmless: seals list what exists).
CREATE SEQUENCE audit_entry_seq AS bigint;
SELECT setval('audit_entry_seq',
  coalesce(greatest((SELECT max(seq) FROM audit_entry), (SELECT max(through_seq) FROM audit_retention_mark)), 0) + 1,
  false);

ALTER TABLE audit_entry
  ALTER COLUMN seq SET DEFAULT nextval('audit_entry_seq'),
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  -- the writing transaction (pg_current_xact_id, epoch included): the sealer seals a transaction's entries
  -- only once it has ended, so that no entry can still arrive inside a sealed block
  ADD COLUMN txid bigint,
  -- SHA-256 of the entry's canonical bytes, computed by the writer; the seal lists it
  ADD COLUMN entry_hash bytea,
  -- Type/id of each entity without its version (AuditEvent?entity=), computed by the writer: deriving them
  -- in the index with an SQL function cost about four times a plain array (docs/benchmarks.md, "Session 6")
  ADD COLUMN entity_keys text[],
  DROP CONSTRAINT audit_entry_hash_len;

-- Rows already there are chained links: no transaction id, no entry hash (a default set after the column was
-- added leaves them as they are, without rewriting the table).
ALTER TABLE audit_entry
  ALTER COLUMN txid SET DEFAULT (pg_current_xact_id()::text::bigint),
  ADD CONSTRAINT audit_entry_form CHECK (
    (txid IS NULL AND entry_hash IS NULL AND entity_keys IS NULL
      AND octet_length(hash) = 32 AND octet_length(prev_hash) = 32)
    OR (txid IS NOT NULL AND octet_length(entry_hash) = 32 AND entity_keys IS NOT NULL
      AND hash IS NULL AND prev_hash IS NULL));

-- The sealer finds the entries of ended transactions by transaction id.
CREATE INDEX audit_entry_txid_idx ON audit_entry (txid, seq) WHERE txid IS NOT NULL;

-- Entity keys: the stored column for new entries, derived as before for chained links.
DROP INDEX audit_entry_entity_keys_idx;
CREATE INDEX audit_entry_entity_keys_idx ON audit_entry
  USING gin ((coalesce(entity_keys, audit_entity_keys(entities))));
ALTER TABLE audit_entry ALTER COLUMN entity_keys SET STATISTICS 0;

-- The seals, one per block, chained:
-- hash = SHA-256(prev_hash ‖ block ‖ sealed ‖ to_txid ‖ open_txids ‖ each (seq ‖ entry_hash)) (docs/audit.md).
-- to_txid and open_txids are where the sealer stands: every transaction below to_txid has been sealed except
-- those in open_txids, which had not ended yet.
CREATE TABLE audit_seal (
  block        bigint      NOT NULL,
  sealed       timestamptz NOT NULL,
  to_txid      bigint      NOT NULL,
  open_txids   bigint[]    NOT NULL,
  seqs         bigint[]    NOT NULL,
  entry_hashes bytea       NOT NULL,
  prev_hash    bytea       NOT NULL,
  hash         bytea       NOT NULL,
  CONSTRAINT audit_seal_pk PRIMARY KEY (block),
  CONSTRAINT audit_seal_shape CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32
    AND cardinality(seqs) > 0 AND octet_length(entry_hashes) = 32 * cardinality(seqs))
);
ALTER TABLE audit_seal ALTER COLUMN seqs SET STATISTICS 0, ALTER COLUMN open_txids SET STATISTICS 0;

-- Where the seals start after retention removed the oldest blocks: the last removed one.
CREATE TABLE audit_seal_mark (
  through_block bigint      NOT NULL,
  to_txid       bigint      NOT NULL,
  open_txids    bigint[]    NOT NULL,
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
