package io.lifeboat.cli;

import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.ConfigException;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.daemon.SourceHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Nagios/NRPE plugin: exit 0 OK, 1 WARNING (newest verified backup older than 80% of the RPO), 2 CRITICAL
 * (beyond the RPO, none verified, or the last verification failed), 3 UNKNOWN (config or catalog unusable);
 * one status line with performance data {@code SOURCE_age=AGEs;WARN;CRIT;0}.
 */
@Command(name = "check", description = "Monitoring plugin (Nagios/NRPE): exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
final class CheckCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int WARNING = 1;
    static final int CRITICAL = 2;
    static final int UNKNOWN = 3;
    private static final String[] NAMES = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<SourceHealth> health;
        try {
            LifeboatConfig config = Context.load(spec);
            try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
                Instant now = Instant.now();
                health = new ArrayList<>();
                for (SourceConfig s : config.sources()) {
                    health.add(SourceHealth.of(catalog, s, now));
                }
            }
        } catch (ConfigException e) {
            return print(UNKNOWN, "invalid configuration: " + e.problems().size() + " problem(s), first: "
                    + e.problems().get(0), "");
        } catch (LifeboatException e) {
            return print(UNKNOWN, "catalog unreachable: " + e.getMessage(), "");
        }
        int status = OK;
        List<String> problems = new ArrayList<>();
        StringBuilder perf = new StringBuilder();
        for (SourceHealth h : health) {
            int s = switch (h.state()) {
                case OK -> OK;
                case WARNING -> WARNING;
                case CRITICAL -> CRITICAL;
            };
            status = Math.max(status, s);
            if (s != OK) {
                problems.add(h.source().name() + ": " + h.problem());
            }
            perf.append(perf.isEmpty() ? "" : " ").append(perfData(h));
        }
        String summary = problems.isEmpty() ? health.size() + (health.size() == 1 ? " source" : " sources")
                : String.join("; ", problems);
        return print(status, summary, perf.toString());
    }

    static String perfData(SourceHealth h) {
        String age = h.verifiedAge() == null ? "U" : h.verifiedAge().toSeconds() + "s";
        return String.format(Locale.ROOT, "%s_age=%s;%d;%d;0", h.source().name(), age, h.warnAge().toSeconds(),
                h.source().rpo().toSeconds());
    }

    private int print(int status, String summary, String perf) {
        spec.commandLine().getOut().println("LIFEBOAT " + NAMES[status] + " - " + summary.replace('|', '/')
                + (perf.isEmpty() ? "" : " | " + perf));
        return status;
    }
}
