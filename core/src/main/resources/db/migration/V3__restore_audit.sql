-- Audit of operator restores (issue 4). Portable SQL: runs unchanged on H2 2.4 and PostgreSQL 15.

-- One row per restore request (files, logs, artifact, database), written when the request starts
-- (result 'running') and completed when it ends, so that a crashed restore still leaves a trace.
-- backups_used is a comma-separated list of backup ids; no foreign key, since retention may expire them.
CREATE TABLE restore_requests (
    id            VARCHAR(40)   NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    source        VARCHAR(64),
    os_user       VARCHAR(255)  NOT NULL,
    host          VARCHAR(255)  NOT NULL,
    requested_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at   TIMESTAMP(6) WITH TIME ZONE,
    command_line  VARCHAR(4000) NOT NULL,
    target_dir    VARCHAR(4000) NOT NULL,
    read_from     VARCHAR(255),
    backups_used  VARCHAR(4000),
    files         BIGINT        NOT NULL,
    bytes         BIGINT        NOT NULL,
    bytes_fetched BIGINT        NOT NULL,
    bytes_stored  BIGINT        NOT NULL,
    result        VARCHAR(16)   NOT NULL,
    message       VARCHAR(4000),
    CONSTRAINT restore_requests_pk PRIMARY KEY (id),
    CONSTRAINT restore_requests_result_ck CHECK (result IN ('running', 'ok', 'partial', 'failed')),
    CONSTRAINT restore_requests_sizes_ck CHECK (files >= 0 AND bytes >= 0 AND bytes_fetched >= 0 AND bytes_stored >= 0)
);
CREATE INDEX restore_requests_requested_ix ON restore_requests (requested_at DESC, id DESC);
