package io.lifeboat.cli;

import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.daemon.Schedules;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "schedule", description = "Every job of the daemon (backup per source, RPO check, pending retries)"
        + " with its cron, time zone and next fire time.")
final class ScheduleCommand implements Callable<Integer> {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /**
     * One job.
     *
     * @param from {@code daemon} when the next fire is the one a daemon stored in the catalog, {@code cron} when computed
     */
    record Job(String job, String kind, String source, String cron, String timezone, Instant nextFire, String from) {
    }

    @Override
    public Integer call() throws Exception {
        LifeboatConfig config = Context.load(spec);
        List<Job> jobs;
        try (Catalog catalog = Catalog.open(config.catalog(), Clock.systemUTC())) {
            jobs = jobs(config, stored(catalog), Instant.now());
        }
        print(spec.commandLine().getOut(), jobs);
        return 0;
    }

    static List<Job> jobs(LifeboatConfig config, List<Schedules.StoredTrigger> stored, Instant now) {
        List<Job> jobs = new ArrayList<>();
        for (SourceConfig s : config.sources()) {
            String zone = s.timezone() == null ? ZoneId.systemDefault().getId() : s.timezone();
            jobs.add(job("backup " + s.name(), "backup", s.name(), s.schedule(), zone, find(stored, "backup", s.name()), now));
        }
        jobs.add(job("rpo-check", "rpo-check", null, config.alerts().rpoCheck(), "UTC", find(stored, "daemon", "rpo-check"), now));
        for (Schedules.StoredTrigger t : stored) {
            if ("retry".equals(t.group())) {
                String attempt = t.name().substring(t.name().lastIndexOf('#') + 1);
                jobs.add(new Job("retry " + t.job() + " (attempt " + attempt + ")", "retry", t.job(), null, null,
                        t.nextFire(), "daemon"));
            }
        }
        return jobs;
    }

    private static Job job(String name, String kind, String source, String cron, String zone,
                           Optional<Schedules.StoredTrigger> stored, Instant now) {
        boolean same = stored.isPresent() && cron.equals(stored.get().cron()) && zone.equals(stored.get().timeZone())
                && stored.get().nextFire() != null;
        Instant next = same ? stored.get().nextFire()
                : Schedules.computedNextFire(cron, TimeZone.getTimeZone(ZoneId.of(zone)), now).orElse(null);
        return new Job(name, kind, source, cron, zone, next, same ? "daemon" : "cron");
    }

    private static Optional<Schedules.StoredTrigger> find(List<Schedules.StoredTrigger> stored, String group, String name) {
        return stored.stream().filter(t -> t.group().equals(group) && t.name().equals(name)).findFirst();
    }

    /** The triggers a daemon stored in the catalog; none when no daemon has run on it yet. */
    private static List<Schedules.StoredTrigger> stored(Catalog catalog) {
        try {
            return Schedules.storedTriggers(catalog.dataSource());
        } catch (SQLException e) {
            return List.of();
        }
    }

    private void print(PrintWriter out, List<Job> jobs) throws Exception {
        if (json) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Job j : jobs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("job", j.job());
                m.put("kind", j.kind());
                m.put("source", j.source());
                m.put("cron", j.cron());
                m.put("timezone", j.timezone());
                m.put("nextFire", j.nextFire());
                m.put("nextFireFrom", j.from());
                docs.add(m);
            }
            out.println(BackupCommand.json().writeValueAsString(docs));
            return;
        }
        out.printf("%-28s %-22s %-18s %-22s %-28s %s%n", "JOB", "CRON", "TIMEZONE", "NEXT FIRE (UTC)", "NEXT FIRE (LOCAL)", "FROM");
        for (Job j : jobs) {
            out.printf("%-28s %-22s %-18s %-22s %-28s %s%n", j.job(), j.cron() == null ? "-" : j.cron(),
                    j.timezone() == null ? "-" : j.timezone(),
                    j.nextFire() == null ? "-" : j.nextFire().truncatedTo(ChronoUnit.SECONDS).toString(),
                    j.nextFire() == null || j.timezone() == null ? "-" : LOCAL.format(j.nextFire().atZone(ZoneId.of(j.timezone()))),
                    j.from());
        }
    }
}
