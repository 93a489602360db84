package io.lifeboat.cli;

import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.RtoSample;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.daemon.Schedules;
import io.lifeboat.daemon.SourceHealth;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Per source: last backup, last verified, age against the RPO, last error, next run;"
        + " for a database also its restore point, size and last RTO sample.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /**
     * One source's line: its health and when it runs next ({@code daemon}: stored by Quartz, {@code cron}:
     * computed); for a database, its newest restorable backup and the source's last RTO sample.
     */
    private record Row(SourceHealth health, Instant nextRun, String nextRunFrom, BackupRecord restorable, RtoSample rto) {
    }

    private static final Set<BackupStatus> RESTORABLE = EnumSet.of(BackupStatus.VERIFIED, BackupStatus.COMPLETE);

    @Override
    public Integer call() throws Exception {
        LifeboatConfig config = Context.load(spec);
        List<Row> rows = new ArrayList<>();
        try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            Instant now = Instant.now();
            for (SourceConfig s : config.sources()) {
                Optional<Instant> stored = stored(catalog, s);
                Instant next = stored.or(() -> Schedules.computedNextFire(s, now)).orElse(null);
                boolean database = s.type().isDatabase();
                rows.add(new Row(SourceHealth.of(catalog, s, now), next, stored.isPresent() ? "daemon" : "cron",
                        database ? catalog.latest(s.name(), RESTORABLE).orElse(null) : null,
                        database ? catalog.latestRtoSample(s.name()).orElse(null) : null));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(BackupCommand.json().writeValueAsString(rows.stream().map(StatusCommand::json).toList()));
        } else {
            out.printf("%-16s %-30s %-20s %-24s %-9s %-27s %s%n", "SOURCE", "LAST BACKUP", "LAST VERIFIED", "AGE / RPO",
                    "STATE", "NEXT RUN", "LAST ERROR");
            for (Row r : rows) {
                SourceHealth h = r.health();
                out.printf("%-16s %-30s %-20s %-24s %-9s %-27s %s%n", h.source().name(),
                        h.lastBackup() == null ? "-" : time(h.lastBackup().started()) + " " + h.lastBackup().status(),
                        h.newestVerified() == null ? "-" : time(h.newestVerified().started()),
                        (h.verifiedAge() == null ? "-" : age(h.verifiedAge())) + " / " + age(h.source().rpo()),
                        h.state(), r.nextRun() == null ? "-" : time(r.nextRun()) + " (" + r.nextRunFrom() + ")",
                        h.lastError() == null ? "" : h.lastError());
                if (h.source().type().isDatabase()) {
                    out.println("    " + database(r));
                }
            }
        }
        return 0;
    }

    /** A database's restore point, its size and how long a restore took last. */
    private static String database(Row r) {
        BackupRecord b = r.restorable();
        String point = b == null ? "no restorable backup"
                : "consistent point " + (b.consistentPoint() == null ? "-" : b.consistentPoint()) + " (" + b.id() + ", "
                        + Units.bytes(b.bytesIn()) + " dumped, " + Units.bytes(b.storedBytes()) + " stored)";
        return point + ", last RTO: " + (r.rto() == null ? "not measured (verify at level 3 or restore it)"
                : BackupCommand.ListBackups.describe(r.rto()));
    }

    /** Quartz's stored next fire, when a daemon has run on this catalog. */
    private static Optional<Instant> stored(Catalog catalog, SourceConfig s) {
        try {
            return Schedules.storedNextFire(catalog.dataSource(), s.name());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> json(Row r) {
        SourceHealth h = r.health();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", h.source().name());
        m.put("state", h.state().name());
        m.put("lastBackup", backup(h.lastBackup()));
        m.put("lastVerified", backup(h.newestVerified()));
        m.put("verifiedAgeSeconds", h.verifiedAge() == null ? null : h.verifiedAge().toSeconds());
        m.put("rpoSeconds", h.source().rpo().toSeconds());
        m.put("lastVerificationPassed", h.lastVerification());
        m.put("lastError", h.lastError());
        m.put("nextRun", r.nextRun());
        m.put("nextRunFrom", r.nextRunFrom());
        if (h.source().type().isDatabase()) {
            Map<String, Object> db = new LinkedHashMap<>();
            BackupRecord b = r.restorable();
            db.put("restorableBackup", b == null ? null : b.id().value());
            db.put("consistentPoint", b == null ? null : b.consistentPoint());
            db.put("bytesIn", b == null ? null : b.bytesIn());
            db.put("storedBytes", b == null ? null : b.storedBytes());
            db.put("lastRto", r.rto() == null ? null : BackupCommand.ListBackups.rto(r.rto()));
            m.put("database", db);
        }
        return m;
    }

    private static Map<String, Object> backup(BackupRecord b) {
        if (b == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id().value());
        m.put("status", b.status().name());
        m.put("started", b.started());
        m.put("finished", b.finished());
        return m;
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String age(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        return s < 7200 ? s / 60 + "m" : s < 172_800 ? s / 3600 + "h" + (s % 3600 / 60 > 0 ? s % 3600 / 60 + "m" : "") : s / 86_400 + "d" + s % 86_400 / 3600 + "h";
    }
}
