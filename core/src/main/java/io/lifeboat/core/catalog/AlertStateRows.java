package io.lifeboat.core.catalog;

import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code alert_states} table: conditions (an RPO breach) that alert once when they open and once
 * when they clear. Opening and clearing are single statements, so that of two checks (or two daemons)
 * exactly one sees the change and mails it.
 */
public final class AlertStateRows {
    private static final int DETAIL_MAX = 4000;

    /** An open condition: since when, and what it was when it opened. */
    public record Open(String source, String kind, Instant since, String detail) {
    }

    private final Jdbc jdbc;

    public AlertStateRows(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "(alert states)");
    }

    /** Opens the condition; true when it was not open before (the caller alerts), false when it already was. */
    public boolean open(String source, String kind, Instant since, String detail) {
        try {
            return jdbc.update("open " + kind + " of " + source, "INSERT INTO alert_states (source, kind, since, detail)"
                    + " VALUES (?, ?, ?, ?)", ps -> {
                        ps.setString(1, source);
                        ps.setString(2, kind);
                        Jdbc.setInstant(ps, 3, since);
                        ps.setString(4, Jdbc.clip(detail, DETAIL_MAX));
                    }, e -> Jdbc.isUniqueViolation(e) ? new AlreadyOpen() : null) == 1;
        } catch (AlreadyOpen e) {
            return false;
        }
    }

    /** Clears the condition; the open state when it was open (the caller alerts), empty when it was not. */
    public Optional<Open> clear(String source, String kind) {
        Optional<Open> open = get(source, kind);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        int rows = jdbc.update("clear " + kind + " of " + source, "DELETE FROM alert_states WHERE source = ? AND kind = ?",
                ps -> {
                    ps.setString(1, source);
                    ps.setString(2, kind);
                }, x -> null);
        return rows == 1 ? open : Optional.empty();
    }

    public Optional<Open> get(String source, String kind) {
        return jdbc.query("read " + kind + " of " + source, "SELECT source, kind, since, detail FROM alert_states"
                + " WHERE source = ? AND kind = ?", ps -> {
                    ps.setString(1, source);
                    ps.setString(2, kind);
                }, rs -> new Open(rs.getString("source"), rs.getString("kind"), Jdbc.instant(rs, "since"),
                        rs.getString("detail"))).stream().findFirst();
    }

    /** Thrown inside {@link #open} only, for a condition that is already open. */
    private static final class AlreadyOpen extends io.lifeboat.core.LifeboatException {
        AlreadyOpen() {
            super(io.lifeboat.core.ErrorCode.CATALOG, "already open");
        }
    }
}
