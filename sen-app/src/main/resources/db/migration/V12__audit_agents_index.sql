-- AuditEvent?agent=Type/id asks whether the entry's user, the one it acted for, or its organisation is that
-- agent. The btree on fhir_user alone could not serve that OR (an index scan needs every arm indexed), and
-- nothing searched by actor, yet each cost the trail's writer ~2 µs per entry. One GIN over the three as an
-- array serves the search and costs ~1 µs (docs/benchmarks.md, "Session 8").
SET LOCAL statement_timeout = 0;
DROP INDEX audit_entry_actor_idx;
DROP INDEX audit_entry_fhir_user_idx;
CREATE INDEX audit_entry_agents_idx ON audit_entry USING gin ((ARRAY[fhir_user, on_behalf_of, organization]));
