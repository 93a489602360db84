package io.lifeboat.core.catalog;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.CatalogConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The catalog: what backups exist, their phases, copies and verifications, measured restore times
 * and the scratch databases of running restore tests. A JDBC database (an H2
 * file by default, PostgreSQL for clustered daemons) whose schema Flyway brings up to date on
 * {@link #open}. Thread-safe; every call is one short statement (or two, for an upsert).
 */
public final class Catalog implements AutoCloseable {
    private static final String COPY_COLUMNS = "backup_id, target, status, stored_bytes, sha256, updated, reason";
    private static final String VERIFICATION_COLUMNS = "backup_id, target, verify_level, passed, detail, duration_ms, verified_at";
    private static final int DETAIL_MAX = 100_000;

    private final CatalogDataSource source;
    private final Jdbc jdbc;
    private final Clock clock;
    private final SourceLeases leases;

    private Catalog(CatalogDataSource source, Clock clock) {
        this.source = source;
        this.jdbc = new Jdbc(source.dataSource(), source.redactedUrl());
        this.clock = clock;
        this.leases = new SourceLeases(source.dataSource(), jdbc);
    }

    /**
     * Opens the catalog and migrates its schema. Throws {@code LifeboatException(CATALOG)} naming the
     * URL (never a password) when the database cannot be reached or migrated.
     */
    public static Catalog open(CatalogConfig cfg, Clock clock) {
        return open(cfg, clock, System::getenv);
    }

    static Catalog open(CatalogConfig cfg, Clock clock, Function<String, String> env) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(clock, "clock");
        CatalogDataSource source = CatalogDataSource.create(cfg, env);
        try {
            CatalogSchema.migrate(source);
            return new Catalog(source, clock);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** The one data source of the catalog, for everything that keeps state in it (Quartz too). */
    public DataSource dataSource() {
        return source.dataSource();
    }

    /** The clock the catalog was opened with. */
    Clock clock() {
        return clock;
    }

    public void insertBackup(BackupRecord r) {
        jdbc.update("recording backup " + r.id(), BackupRows.INSERT, ps -> BackupRows.bind(ps, r), e ->
                Jdbc.isUniqueViolation(e) ? new LifeboatException(ErrorCode.CATALOG,
                        "backup " + r.id() + " is already in the catalog", e) : null);
    }

    /** Replaces every column of the backup with this id. */
    public void updateBackup(BackupRecord r) {
        int rows = jdbc.update("updating backup " + r.id(), BackupRows.UPDATE, ps -> BackupRows.bind(ps, r), e -> null);
        if (rows == 0) {
            throw notFound(r.id());
        }
    }

    /**
     * Replaces every column of the backup only while {@code lease} is still the current, unexpired lease of
     * its source: the fenced commit of a run. False when the lease was lost (the row is left as it was).
     */
    public boolean updateBackupFenced(BackupRecord r, Lease lease) {
        String sql = BackupRows.UPDATE + " AND EXISTS (SELECT 1 FROM source_leases l WHERE l.source = ?"
                + " AND l.token = ? AND l.expires_at > CURRENT_TIMESTAMP)";
        int rows = jdbc.update("updating backup " + r.id() + " under the " + lease.describe(), sql, ps -> {
            BackupRows.bind(ps, r);
            ps.setString(18, lease.source());
            ps.setLong(19, lease.token());
        }, e -> null);
        if (rows == 0 && backup(r.id()).isEmpty()) {
            throw notFound(r.id());
        }
        return rows == 1;
    }

    /** The leases of sources: one writer per source across every process using this catalog. */
    public SourceLeases leases() {
        return leases;
    }

    /** Records which scheduled fire time a backup ran for, and under which lease token. */
    public void recordScheduledRun(BackupId id, String sourceName, Instant fireTime, long leaseToken, boolean recovering) {
        jdbc.update("recording the scheduled run of " + id,
                "INSERT INTO scheduled_runs (backup_id, source, fire_time, lease_token, recovering) VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, id.value());
                    ps.setString(2, sourceName);
                    Jdbc.setInstant(ps, 3, fireTime);
                    ps.setLong(4, leaseToken);
                    ps.setBoolean(5, recovering);
                }, e -> Jdbc.isMissingParent(e) ? notFound(id, e) : null);
    }

    public Optional<BackupRecord> backup(BackupId id) {
        return jdbc.query("reading backup " + id, BackupRows.SELECT + " WHERE id = ?",
                ps -> ps.setString(1, id.value()), BackupRows::map).stream().findFirst();
    }

    /** The newest {@code limit} backups (by start, then id), of one source or of all when {@code sourceOrNull} is null. */
    public List<BackupRecord> backups(String sourceOrNull, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        String where = sourceOrNull == null ? "" : " WHERE source = ?";
        return jdbc.query("listing backups", BackupRows.SELECT + where + BackupRows.NEWEST_FIRST + " FETCH FIRST ? ROWS ONLY",
                ps -> {
                    int i = 1;
                    if (sourceOrNull != null) {
                        ps.setString(i++, sourceOrNull);
                    }
                    ps.setInt(i, limit);
                }, BackupRows::map);
    }

    /** The newest backup of {@code source} in one of {@code statuses}, e.g. the last good one. */
    public Optional<BackupRecord> latest(String source, Set<BackupStatus> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("latest() needs at least one status");
        }
        List<BackupStatus> list = List.copyOf(statuses);
        String marks = String.join(", ", Collections.nCopies(list.size(), "?"));
        return jdbc.query("finding the latest backup of " + source,
                BackupRows.SELECT + " WHERE source = ? AND status IN (" + marks + ")" + BackupRows.NEWEST_FIRST
                        + " FETCH FIRST 1 ROWS ONLY",
                ps -> {
                    ps.setString(1, source);
                    for (int i = 0; i < list.size(); i++) {
                        ps.setString(i + 2, list.get(i).name());
                    }
                }, BackupRows::map).stream().findFirst();
    }

    /** Every backup in one status, oldest first (e.g. {@code RUNNING} rows to sweep at start-up). */
    public List<BackupRecord> byStatus(BackupStatus status) {
        return jdbc.query("listing " + status + " backups", BackupRows.SELECT + " WHERE status = ? ORDER BY started, id",
                ps -> ps.setString(1, status.name()), BackupRows::map);
    }

    /** Records the state of a backup's copy in a target, replacing an earlier state of the same copy. */
    public void upsertCopy(CopyRecord c) {
        String what = "recording the copy of " + c.backupId() + " in " + c.target();
        Jdbc.Binder update = ps -> {
            ps.setString(1, c.status().name());
            ps.setLong(2, c.storedBytes());
            ps.setString(3, c.sha256());
            Jdbc.setInstant(ps, 4, c.updated());
            ps.setString(5, Jdbc.clip(c.reason(), BackupRows.REASON_MAX));
            ps.setString(6, c.backupId().value());
            ps.setString(7, c.target());
        };
        String updateSql = "UPDATE backup_copies SET status = ?, stored_bytes = ?, sha256 = ?, updated = ?, reason = ?"
                + " WHERE backup_id = ? AND target = ?";
        if (jdbc.update(what, updateSql, update, e -> null) > 0) {
            return;
        }
        try (Connection conn = source.dataSource().getConnection();
             PreparedStatement ps = conn.prepareStatement(
                     "INSERT INTO backup_copies (status, stored_bytes, sha256, updated, reason, backup_id, target)"
                             + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            update.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                jdbc.update(what, updateSql, update, x -> null); // another writer inserted it meanwhile
                return;
            }
            throw Jdbc.isMissingParent(e) ? notFound(c.backupId(), e) : jdbc.failure(what, e);
        }
    }

    /** The copies of a backup, by target name. */
    public List<CopyRecord> copies(BackupId id) {
        return jdbc.query("reading the copies of " + id,
                "SELECT " + COPY_COLUMNS + " FROM backup_copies WHERE backup_id = ? ORDER BY target",
                ps -> ps.setString(1, id.value()),
                rs -> new CopyRecord(new BackupId(rs.getString("backup_id")), rs.getString("target"),
                        CopyStatus.valueOf(rs.getString("status")), rs.getLong("stored_bytes"), rs.getString("sha256"),
                        Jdbc.instant(rs, "updated"), rs.getString("reason")));
    }

    /** Adds a verification result; its duration is kept to the millisecond. */
    public void addVerification(VerificationRecord v) {
        jdbc.update("recording a verification of " + v.backupId(),
                "INSERT INTO verifications (" + VERIFICATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, v.backupId().value());
                    ps.setString(2, v.target());
                    ps.setInt(3, v.level());
                    ps.setBoolean(4, v.passed());
                    ps.setString(5, Jdbc.clip(v.detail(), DETAIL_MAX));
                    ps.setLong(6, v.duration().toMillis());
                    Jdbc.setInstant(ps, 7, v.at());
                },
                e -> Jdbc.isMissingParent(e) ? notFound(v.backupId(), e) : null);
    }

    /** The verifications of a backup, oldest first. */
    public List<VerificationRecord> verifications(BackupId id) {
        return jdbc.query("reading the verifications of " + id,
                "SELECT " + VERIFICATION_COLUMNS + " FROM verifications WHERE backup_id = ? ORDER BY verified_at, id",
                ps -> ps.setString(1, id.value()),
                rs -> new VerificationRecord(new BackupId(rs.getString("backup_id")), rs.getString("target"),
                        rs.getInt("verify_level"), rs.getBoolean("passed"), rs.getString("detail"),
                        Duration.ofMillis(rs.getLong("duration_ms")), Jdbc.instant(rs, "verified_at")));
    }

    /**
     * The newest backup of {@code source} in one of {@code statuses} whose consistent point is at or
     * before {@code at}: what a point-in-time restore picks. Ties go to the later start, then the id.
     */
    public Optional<BackupRecord> latestConsistentAt(String source, Set<BackupStatus> statuses, Instant at) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("latestConsistentAt() needs at least one status");
        }
        List<BackupStatus> list = List.copyOf(statuses);
        String marks = String.join(", ", Collections.nCopies(list.size(), "?"));
        return jdbc.query("finding the backup of " + source + " consistent at " + at,
                BackupRows.SELECT + " WHERE source = ? AND status IN (" + marks + ") AND consistent_point <= ?"
                        + " ORDER BY consistent_point DESC, started DESC, id DESC FETCH FIRST 1 ROWS ONLY",
                ps -> {
                    ps.setString(1, source);
                    for (int i = 0; i < list.size(); i++) {
                        ps.setString(i + 2, list.get(i).name());
                    }
                    Jdbc.setInstant(ps, list.size() + 2, at);
                }, BackupRows::map).stream().findFirst();
    }

    /** Records a measured restore time; its duration is kept to the millisecond. */
    public void addRtoSample(RtoSample s) {
        jdbc.update("recording an RTO sample of " + s.backupId(),
                "INSERT INTO rto_samples (" + RestoreTestRows.RTO_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, s.backupId().value());
                    ps.setString(2, s.source());
                    ps.setString(3, s.kind().value());
                    ps.setLong(4, s.duration().toMillis());
                    Jdbc.setInstant(ps, 5, s.at());
                },
                e -> Jdbc.isMissingParent(e) ? notFound(s.backupId(), e) : null);
    }

    /** The newest RTO sample of any backup of {@code source}, of any kind. */
    public Optional<RtoSample> latestRtoSample(String source) {
        return jdbc.query("reading the latest RTO sample of " + source,
                RestoreTestRows.RTO_SELECT + " WHERE source = ?" + RestoreTestRows.RTO_NEWEST_FIRST,
                ps -> ps.setString(1, source), RestoreTestRows::rto).stream().findFirst();
    }

    /** The newest RTO sample measured on this backup. */
    public Optional<RtoSample> latestRtoSample(BackupId id) {
        return jdbc.query("reading the latest RTO sample of " + id,
                RestoreTestRows.RTO_SELECT + " WHERE backup_id = ?" + RestoreTestRows.RTO_NEWEST_FIRST,
                ps -> ps.setString(1, id.value()), RestoreTestRows::rto).stream().findFirst();
    }

    /**
     * Records a scratch database before it is created. Refused ({@code USAGE}) while the same name
     * on the same server is recorded: another restore test of that backup is running, or its leftover
     * has not been dropped yet.
     */
    public void recordScratch(ScratchDatabase s) {
        jdbc.update("recording scratch database " + s.describe(),
                "INSERT INTO scratch_databases (" + RestoreTestRows.SCRATCH_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, s.name());
                    ps.setString(2, s.server());
                    ps.setString(3, s.source());
                    ps.setString(4, s.owner());
                    Jdbc.setInstant(ps, 5, s.createdAt());
                },
                e -> Jdbc.isUniqueViolation(e) ? new LifeboatException(ErrorCode.USAGE, "scratch database "
                        + s.describe() + " is already recorded in the catalog: another restore test of this backup"
                        + " is running, or left it behind (it is dropped once its owner is gone or it is older than"
                        + " an hour)", e) : null);
    }

    /** Forgets a scratch database once dropped; forgetting one that is not recorded does nothing. */
    public void forgetScratch(String name, String server) {
        jdbc.update("forgetting scratch database " + name + " on " + server,
                "DELETE FROM scratch_databases WHERE name = ? AND server = ?",
                ps -> {
                    ps.setString(1, name);
                    ps.setString(2, server);
                }, e -> null);
    }

    /** Every recorded scratch database, oldest first. */
    public List<ScratchDatabase> scratchDatabases() {
        return jdbc.query("listing scratch databases", RestoreTestRows.SCRATCH_SELECT + " ORDER BY created_at, name",
                ps -> { }, RestoreTestRows::scratch);
    }

    /** Recorded scratch databases created before {@code cutoff}, oldest first. */
    public List<ScratchDatabase> scratchDatabasesOlderThan(Instant cutoff) {
        return jdbc.query("listing scratch databases older than " + cutoff,
                RestoreTestRows.SCRATCH_SELECT + " WHERE created_at < ? ORDER BY created_at, name",
                ps -> Jdbc.setInstant(ps, 1, cutoff), RestoreTestRows::scratch);
    }

    @Override
    public void close() {
        source.close();
    }

    private static LifeboatException notFound(BackupId id) {
        return new LifeboatException(ErrorCode.NOT_FOUND, "no backup " + id + " in the catalog");
    }

    private static LifeboatException notFound(BackupId id, SQLException cause) {
        return new LifeboatException(ErrorCode.NOT_FOUND, "no backup " + id + " in the catalog", cause);
    }
}
