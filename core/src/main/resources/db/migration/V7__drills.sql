-- DR drills (issue 6). Portable SQL: runs unchanged on H2 2.4 and PostgreSQL 15.

-- One row per drill (one execution of a runbook), written when it starts (status 'running') and
-- completed when it ends, with the achieved RPO/RTO, the objectives and the three renderings of the
-- report, so that 'lifeboat drill report ID' works without the report files. Durations in milliseconds.
CREATE TABLE drills (
    id                 VARCHAR(120)  NOT NULL,
    runbook            VARCHAR(255)  NOT NULL,
    runbook_file       VARCHAR(4000) NOT NULL,
    os_user            VARCHAR(255)  NOT NULL,
    host               VARCHAR(255)  NOT NULL,
    owner              VARCHAR(255),
    started_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at        TIMESTAMP(6) WITH TIME ZONE,
    status             VARCHAR(24)   NOT NULL,
    rto_ms             BIGINT,
    rpo_ms             BIGINT,
    backup_rpo_ms      BIGINT,
    rto_objective_ms   BIGINT,
    rpo_objective_ms   BIGINT,
    missed             VARCHAR(4000),
    report_md          TEXT,
    report_json        TEXT,
    report_html        TEXT,
    CONSTRAINT drills_pk PRIMARY KEY (id),
    CONSTRAINT drills_status_ck CHECK (status IN ('running', 'passed', 'failed', 'objective_missed', 'interrupted'))
);
CREATE INDEX drills_runbook_ix ON drills (runbook, started_at DESC);
CREATE INDEX drills_started_ix ON drills (started_at DESC, id DESC);
