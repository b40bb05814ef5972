-- The audit journal (docs/audit.md, "The journal"): a request served alone appends its read entry to a local
-- file instead of waiting for a round trip to stage it here; the trail's writer moves the file into
-- audit_pending within 100 ms.
--
-- This trail's identity: a journal is moved only into the trail it was opened for, so a data directory
-- reused with another database never moves its entries into the wrong trail.
CREATE TABLE audit_trail_identity (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created timestamptz NOT NULL DEFAULT now(),
  one_row boolean NOT NULL DEFAULT true UNIQUE CHECK (one_row)
);
INSERT INTO audit_trail_identity DEFAULT VALUES;
CREATE TRIGGER audit_trail_identity_fixed BEFORE UPDATE OR DELETE ON audit_trail_identity
  FOR EACH ROW EXECUTE FUNCTION audit_entry_guard('never');
CREATE TRIGGER audit_trail_identity_no_truncate BEFORE TRUNCATE ON audit_trail_identity
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard('never');

-- One row per open journal: the last segment moved into audit_pending, advanced in the same transaction as
-- the move, so a segment is never staged twice. Removed when the journal is.
CREATE TABLE audit_journal (
  journal uuid PRIMARY KEY,
  moved_through bigint NOT NULL DEFAULT 0,
  opened timestamptz NOT NULL DEFAULT now()
);
