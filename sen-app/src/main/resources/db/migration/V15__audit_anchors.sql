-- Signed anchors of the audit trail (docs/audit.md, "Signed anchors"): the last seal's block and hash, signed
-- by a key kept outside the database. Whoever rewrites the trail with recomputed hashes cannot sign anchors
-- for the rewritten chain, and the anchors already signed no longer agree with it. Never changed or removed.
CREATE TABLE audit_anchor (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  block bigint NOT NULL,
  hash bytea NOT NULL,
  made_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature bytea NOT NULL
);
CREATE INDEX audit_anchor_key_block ON audit_anchor (key_id, block);
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_entry_guard('never');
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard('never');
