-- Archived backups (issue 4). Portable SQL: runs unchanged on H2 2.4 and PostgreSQL 15.

-- Which Glacier archive holds which key of a glacier target (a vault cannot be listed quickly), and
-- the bytes of small objects (manifests) so that a restore can plan without a retrieval. Each
-- archive's description in the vault is its key, so a vault inventory can rebuild this table.
CREATE TABLE glacier_archives (
    target      VARCHAR(64)   NOT NULL,
    object_key  VARCHAR(1024) NOT NULL,
    archive_id  VARCHAR(512)  NOT NULL,
    size_bytes  BIGINT        NOT NULL,
    tree_hash   VARCHAR(64)   NOT NULL,
    created     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    body        BYTEA,
    CONSTRAINT glacier_archives_pk PRIMARY KEY (target, object_key),
    CONSTRAINT glacier_archives_size_ck CHECK (size_bytes >= 0)
);

-- Retrievals of archived objects started by restores: resumed (not started again) by the next
-- restore of the same backup, target and key while IN_PROGRESS or READY.
CREATE TABLE retrievals (
    id           VARCHAR(40)   NOT NULL,
    backup_id    VARCHAR(32)   NOT NULL,
    target       VARCHAR(64)   NOT NULL,
    object_key   VARCHAR(1024) NOT NULL,
    tier         VARCHAR(16)   NOT NULL,
    provider_id  VARCHAR(512),
    status       VARCHAR(16)   NOT NULL,
    requested    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    requested_by VARCHAR(255)  NOT NULL,
    detail       VARCHAR(4000),
    CONSTRAINT retrievals_pk PRIMARY KEY (id),
    CONSTRAINT retrievals_backup_fk FOREIGN KEY (backup_id) REFERENCES backups (id),
    CONSTRAINT retrievals_status_ck CHECK (status IN ('IN_PROGRESS', 'READY', 'DONE', 'FAILED')),
    CONSTRAINT retrievals_tier_ck CHECK (tier IN ('EXPEDITED', 'STANDARD', 'BULK'))
);
CREATE INDEX retrievals_object_ix ON retrievals (backup_id, target, object_key, status);
CREATE INDEX retrievals_status_ix ON retrievals (status, requested);
