package io.lifeboat.core.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The audit trail of restore requests, in the catalog ({@code restore_requests}, migration V3).
 * A request is recorded when it starts ({@link #begin}) and completed when it ends ({@link #finish}),
 * so a restore that crashes still leaves a {@code running} row. Any restore (files, logs, artifact,
 * database) records itself through this one API.
 */
public final class RestoreAudit {
    private static final int TEXT_MAX = 4000;
    private static final String COLUMNS = "id, kind, source, os_user, host, requested_at, finished_at, command_line, target_dir,"
            + " read_from, backups_used, files, bytes, bytes_fetched, bytes_stored, result, message";

    /** Outcome of a request; {@code RUNNING} until it ends. */
    /** {@code WAITING}: an archived copy is being retrieved; the request ended with exit 75, to be run again. */
    public enum Result {
        RUNNING, OK, PARTIAL, FAILED, WAITING;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What was asked, by whom, from where, when, into where. */
    public record Request(String id, String kind, String source, String osUser, String host, Instant requestedAt,
                          String commandLine, String targetDir) {
        public Request {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(osUser, "osUser");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(requestedAt, "requestedAt");
            Objects.requireNonNull(commandLine, "commandLine");
            Objects.requireNonNull(targetDir, "targetDir");
        }
    }

    /** What it did. {@code readFrom} names the target(s) read. */
    public record Outcome(Result result, String message, String readFrom, List<String> backupsUsed, long files, long bytes,
                          long bytesFetched, long bytesStored, Instant finishedAt) {
        public Outcome {
            Objects.requireNonNull(result, "result");
            backupsUsed = List.copyOf(backupsUsed);
        }
    }

    /** One row: the request and, once it ended, its outcome ({@code RUNNING} with zero counters before). */
    public record Entry(Request request, Outcome outcome) {
    }

    private final Jdbc jdbc;

    public RestoreAudit(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "(restore audit)");
    }

    public static RestoreAudit of(Catalog catalog) {
        return new RestoreAudit(catalog.dataSource());
    }

    public void begin(Request r) {
        jdbc.update("recording restore request " + r.id(), "INSERT INTO restore_requests (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, 0, 0, 0, 0, 'running', NULL)", ps -> {
                    ps.setString(1, r.id());
                    ps.setString(2, r.kind());
                    ps.setString(3, r.source());
                    ps.setString(4, Jdbc.clip(r.osUser(), 255));
                    ps.setString(5, Jdbc.clip(r.host(), 255));
                    Jdbc.setInstant(ps, 6, r.requestedAt());
                    ps.setString(7, Jdbc.clip(r.commandLine(), TEXT_MAX));
                    ps.setString(8, Jdbc.clip(r.targetDir(), TEXT_MAX));
                }, e -> null);
    }

    public void finish(String id, Outcome o) {
        jdbc.update("completing restore request " + id, "UPDATE restore_requests SET finished_at = ?, read_from = ?,"
                + " backups_used = ?, files = ?, bytes = ?, bytes_fetched = ?, bytes_stored = ?, result = ?, message = ? WHERE id = ?",
                ps -> {
                    Jdbc.setInstant(ps, 1, o.finishedAt());
                    ps.setString(2, Jdbc.clip(o.readFrom(), 255));
                    ps.setString(3, Jdbc.clip(String.join(",", o.backupsUsed()), TEXT_MAX));
                    ps.setLong(4, o.files());
                    ps.setLong(5, o.bytes());
                    ps.setLong(6, o.bytesFetched());
                    ps.setLong(7, o.bytesStored());
                    ps.setString(8, o.result().column());
                    ps.setString(9, Jdbc.clip(o.message(), TEXT_MAX));
                    ps.setString(10, id);
                }, e -> null);
    }

    /** The newest {@code limit} requests, newest first. */
    public List<Entry> list(int limit) {
        return jdbc.query("listing restore requests", "SELECT " + COLUMNS + " FROM restore_requests"
                + " ORDER BY requested_at DESC, id DESC FETCH FIRST ? ROWS ONLY", ps -> ps.setInt(1, limit), RestoreAudit::map);
    }

    public Optional<Entry> get(String id) {
        return jdbc.query("reading restore request " + id, "SELECT " + COLUMNS + " FROM restore_requests WHERE id = ?",
                ps -> ps.setString(1, id), RestoreAudit::map).stream().findFirst();
    }

    private static Entry map(ResultSet rs) throws SQLException {
        Request request = new Request(rs.getString("id"), rs.getString("kind"), rs.getString("source"), rs.getString("os_user"),
                rs.getString("host"), Jdbc.instant(rs, "requested_at"), rs.getString("command_line"), rs.getString("target_dir"));
        String used = rs.getString("backups_used");
        Outcome outcome = new Outcome(Result.valueOf(rs.getString("result").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("message"), rs.getString("read_from"),
                used == null || used.isEmpty() ? List.of() : Arrays.asList(used.split(",")),
                rs.getLong("files"), rs.getLong("bytes"), rs.getLong("bytes_fetched"), rs.getLong("bytes_stored"),
                Jdbc.instant(rs, "finished_at"));
        return new Entry(request, outcome);
    }
}
