-- The entity keys behind AuditEvent?entity= cut without a regular expression: split_part at the first
-- '/_history/' gives the same keys as V4's regexp_replace(e, '/_history/.*$', '') at about a seventh of the
-- cost, which matters because the index derives them for every entry, and a $everything entry names
-- hundreds of resources (docs/benchmarks.md, "Session 5"). The index is rebuilt with the new definition.
-- Rebuilding the index over a large trail takes minutes: not bounded by the pool's statement timeout (for
-- this migration's transaction only).
SET LOCAL statement_timeout = 0;

CREATE OR REPLACE FUNCTION audit_entity_keys(entities text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(SELECT split_part(e, '/_history/', 1) FROM unnest(entities) AS e);

REINDEX INDEX audit_entry_entity_keys_idx;

-- No planner statistics for the entry lists: every query over them goes through the GIN indexes by
-- containment, and sampling thousands of arrays of hundreds of keys made each automatic ANALYZE of a
-- growing trail cost seconds of CPU beside the requests it records.
ALTER TABLE audit_entry
  ALTER COLUMN roles SET STATISTICS 0,
  ALTER COLUMN patients SET STATISTICS 0,
  ALTER COLUMN entities SET STATISTICS 0;
