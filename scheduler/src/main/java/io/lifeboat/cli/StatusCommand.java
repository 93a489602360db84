package io.lifeboat.cli;

import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Per source: last backup, last verified, age against the RPO, last error, next run.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** One source's line: its health and when it runs next ({@code daemon}: stored by Quartz, {@code cron}: computed). */
    private record Row(SourceHealth health, Instant nextRun, String nextRunFrom) {
    }

    @Override
    public Integer call() throws Exception {
        LifeboatConfig config = Context.load(spec);
        List<Row> rows = new ArrayList<>();
        try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            Instant now = Instant.now();
            for (SourceConfig s : config.sources()) {
                Optional<Instant> stored = stored(catalog, s);
                Instant next = stored.or(() -> Schedules.computedNextFire(s, now)).orElse(null);
                rows.add(new Row(SourceHealth.of(catalog, s, now), next, stored.isPresent() ? "daemon" : "cron"));
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
            }
        }
        return 0;
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
