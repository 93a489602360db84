-- A restore that started (or resumed) the retrieval of an archived copy ends with exit 75 and comes back
-- later: its audit row says 'waiting', not 'failed'. Portable SQL: runs unchanged on H2 2.4 and PostgreSQL 15.
ALTER TABLE restore_requests DROP CONSTRAINT restore_requests_result_ck;
ALTER TABLE restore_requests ADD CONSTRAINT restore_requests_result_ck
    CHECK (result IN ('running', 'ok', 'partial', 'failed', 'waiting'));
