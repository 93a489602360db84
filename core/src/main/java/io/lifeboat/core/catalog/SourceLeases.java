package io.lifeboat.core.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The lease rows of {@code source_leases}: one writer per source across every process sharing the
 * catalog. Each operation is one short transaction that reads the database's own time first, so
 * expiry never depends on a node's clock. Taking an expired (or released) lease increments its
 * fencing token; renewing and releasing succeed only with the current token.
 */
public final class SourceLeases {
    private final DataSource dataSource;
    private final Jdbc jdbc;

    SourceLeases(DataSource dataSource, Jdbc jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    private interface Work<T> {
        T run(Connection c, Instant now) throws SQLException;
    }

    /** Takes the lease of {@code source} for {@code ttl} when nobody holds it; empty when someone does. */
    public Optional<Lease> tryTake(String source, String owner, Duration ttl) {
        ensureRow(source);
        return inTransaction("taking the lease of " + source, (c, now) -> {
            Instant expires = now.plus(ttl);
            try (PreparedStatement ps = c.prepareStatement("UPDATE source_leases SET owner = ?, token = token + 1,"
                    + " expires_at = ?, taken_at = ? WHERE source = ? AND expires_at <= ?")) {
                ps.setString(1, Jdbc.clip(owner, 255));
                Jdbc.setInstant(ps, 2, expires);
                Jdbc.setInstant(ps, 3, now);
                ps.setString(4, source);
                Jdbc.setInstant(ps, 5, now);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return read(c, source).map(l -> new Lease(source, l.owner(), l.token(), l.expiresAt()));
        });
    }

    /**
     * Takes over {@code held} before it expires, only while it is still that lease (same token): for a
     * holder known to be dead (a killed process on this host). Empty when the lease moved on meanwhile.
     */
    public Optional<Lease> takeOver(Lease held, String owner, Duration ttl) {
        return inTransaction("taking over the " + held.describe(), (c, now) -> {
            Instant expires = now.plus(ttl);
            try (PreparedStatement ps = c.prepareStatement("UPDATE source_leases SET owner = ?, token = token + 1,"
                    + " expires_at = ?, taken_at = ? WHERE source = ? AND token = ?")) {
                ps.setString(1, Jdbc.clip(owner, 255));
                Jdbc.setInstant(ps, 2, expires);
                Jdbc.setInstant(ps, 3, now);
                ps.setString(4, held.source());
                ps.setLong(5, held.token());
                if (ps.executeUpdate() == 0) {
                    return Optional.<Lease>empty();
                }
            }
            return read(c, held.source());
        });
    }

    /** Extends a held lease by {@code ttl} from now; empty when the lease was taken by another (token moved on). */
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        return inTransaction("renewing the " + lease.describe(), (c, now) -> {
            Instant expires = now.plus(ttl);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE source_leases SET expires_at = ? WHERE source = ? AND token = ?")) {
                Jdbc.setInstant(ps, 1, expires);
                ps.setString(2, lease.source());
                ps.setLong(3, lease.token());
                return ps.executeUpdate() == 1 ? Optional.of(new Lease(lease.source(), lease.owner(), lease.token(), expires))
                        : Optional.<Lease>empty();
            }
        });
    }

    /**
     * True when {@code lease} is still the current one and stays valid for at least {@code margin}: what a
     * run checks right before it publishes.
     */
    public boolean holds(Lease lease, Duration margin) {
        return inTransaction("checking the " + lease.describe(), (c, now) -> read(c, lease.source())
                .filter(l -> l.token() == lease.token() && l.expiresAt().isAfter(now.plus(margin))).isPresent());
    }

    /** Gives the lease up at once (only while it is still this one); a lease already taken over is left alone. */
    public void release(Lease lease) {
        inTransaction("releasing the " + lease.describe(), (c, now) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE source_leases SET expires_at = ? WHERE source = ? AND token = ?")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setString(2, lease.source());
                ps.setLong(3, lease.token());
                return ps.executeUpdate();
            }
        });
    }

    /** The lease of {@code source} as stored (held or not), for messages and tests. */
    public Optional<Lease> current(String source) {
        return inTransaction("reading the lease of " + source, (c, now) -> read(c, source));
    }

    /** The catalog database's clock ({@code CURRENT_TIMESTAMP}). */
    public Instant databaseNow() {
        return inTransaction("reading the catalog database's clock", (c, now) -> now);
    }

    private void ensureRow(String source) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO source_leases (source, owner, token, expires_at) SELECT CAST(? AS VARCHAR(64)), NULL, 0,"
                        + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM source_leases WHERE source = ?)")) {
            ps.setString(1, source);
            Jdbc.setInstant(ps, 2, Instant.EPOCH);
            ps.setString(3, source);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) { // another process inserted it at the same moment: fine
                throw jdbc.failure("creating the lease row of " + source, e);
            }
        }
    }

    private static Optional<Lease> read(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT owner, token, expires_at FROM source_leases WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong("token") < 1) {
                    return Optional.empty();
                }
                String owner = rs.getString("owner");
                return Optional.of(new Lease(source, owner == null ? "" : owner, rs.getLong("token"),
                        Jdbc.instant(rs, "expires_at")));
            }
        }
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant now;
                try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    now = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                }
                T result = work.run(c, now);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw jdbc.failure(what, e);
        }
    }
}
