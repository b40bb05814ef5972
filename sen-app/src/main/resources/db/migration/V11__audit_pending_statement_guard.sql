-- The staging table's guard once per statement instead of once per row: the trail's writer deletes every
-- entry it moves onto the chain (hundreds per statement, thousands per second under load), and the
-- per-row trigger cost ~2 µs each (docs/benchmarks.md, "Session 8"). The guard asks the same question of
-- the statement as it asked of each row: is this the chaining writer (sen.audit_chain on)?
DROP TRIGGER audit_pending_append_only ON audit_pending;
CREATE TRIGGER audit_pending_append_only BEFORE UPDATE OR DELETE ON audit_pending
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard('chain');
