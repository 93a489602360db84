-- One writer per source (issue 5, clustered daemons). Portable SQL: runs unchanged on H2 2.4 and PostgreSQL 15.
-- Numbered 8: versions 6 and 7 belong to other branches; Flyway applies whatever is missing in order.

-- The lease of a source: whoever holds an unexpired row may run and publish a backup of it. Every take
-- increments the fencing token, so a writer that was paused past its expiry finds its token moved on.
-- Expiry is in the catalog database's time, so the nodes' own clocks do not decide who holds a lease.
CREATE TABLE source_leases (
    source     VARCHAR(64)  NOT NULL,
    owner      VARCHAR(255),
    token      BIGINT       NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    taken_at   TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT source_leases_pk PRIMARY KEY (source),
    CONSTRAINT source_leases_token_ck CHECK (token >= 0)
);

-- Which scheduled fire time a backup ran for, under which lease token: "every fire ran once" is a query.
CREATE TABLE scheduled_runs (
    backup_id   VARCHAR(32)  NOT NULL,
    source      VARCHAR(64)  NOT NULL,
    fire_time   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    lease_token BIGINT       NOT NULL,
    recovering  BOOLEAN      NOT NULL,
    CONSTRAINT scheduled_runs_pk PRIMARY KEY (backup_id),
    CONSTRAINT scheduled_runs_backup_fk FOREIGN KEY (backup_id) REFERENCES backups (id)
);
CREATE INDEX scheduled_runs_fire_ix ON scheduled_runs (source, fire_time);
