package io.lifeboat.core.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code daemon: { http, maxConcurrentJobs, shutdownGrace, cluster, misfireThreshold, clusterCheckin, lease }}; absent means the defaults. */
final class DaemonSection {
    private static final List<String> KEYS = List.of("http", "maxConcurrentJobs", "shutdownGrace", "cluster", "misfireThreshold",
            "clusterCheckin", "lease");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):(\\d{1,5})");

    static final Duration MIN_LEASE = Duration.ofSeconds(3);

    private DaemonSection() {
    }

    /** The daemon config, the default when the section is absent, or null after reporting problems. */
    static DaemonConfig read(Fields root) {
        if (!root.has("daemon")) {
            return DaemonConfig.DEFAULT;
        }
        Fields f = root.object("daemon");
        if (f == null) {
            return null;
        }
        Problems problems = f.problems();
        int before = problems.count();
        f.allowOnly(KEYS);
        DaemonConfig d = DaemonConfig.DEFAULT;
        String host = d.httpHost();
        int port = d.httpPort();
        String http = f.text("http");
        if (http != null) {
            Matcher m = HOST_PORT.matcher(http.strip());
            int parsedPort = m.matches() ? Integer.parseInt(m.group(2)) : -1;
            if (parsedPort < 0 || parsedPort > 65_535) {
                problems.add(f.where("http"), "\"" + http + "\" is not HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks a free one)");
            } else {
                host = m.group(1).replaceAll("^\\[|]$", "");
                port = parsedPort;
            }
        }
        Integer jobs = f.integer("maxConcurrentJobs");
        if (jobs != null && (jobs < 1 || jobs > 100)) {
            problems.add(f.where("maxConcurrentJobs"), "must be between 1 and 100, got " + jobs);
        }
        Duration grace = duration(f, "shutdownGrace", d.shutdownGrace(), true);
        Duration misfire = duration(f, "misfireThreshold", d.misfireThreshold(), false);
        Boolean cluster = f.bool("cluster");
        Duration checkin = duration(f, "clusterCheckin", d.clusterCheckin(), false);
        Duration lease = duration(f, "lease", d.lease(), false);
        if (lease != null && lease.compareTo(MIN_LEASE) < 0) {
            problems.add(f.where("lease"), "must be at least " + MIN_LEASE.toSeconds() + "s (it is renewed every third of it)");
        }
        if (problems.count() != before) {
            return null;
        }
        return new DaemonConfig(host, port, jobs == null ? d.maxConcurrentJobs() : jobs, grace,
                cluster != null && cluster, misfire, checkin, lease);
    }

    /** Clustered Quartz needs row locks that work across hosts: PostgreSQL, not the embedded H2 file. */
    static void checkCluster(Fields root, DaemonConfig daemon, CatalogConfig catalog) {
        if (daemon != null && daemon.cluster() && catalog != null && !catalog.url().strip().toLowerCase(java.util.Locale.ROOT)
                .startsWith("jdbc:postgresql:")) {
            root.problems().add("daemon.cluster", "true needs a PostgreSQL catalog (catalog.url: jdbc:postgresql://HOST/DB) that"
                    + " every node shares; the embedded H2 catalog serves one daemon only (set cluster: false)");
        }
    }

    private static Duration duration(Fields f, String key, Duration fallback, boolean zeroAllowed) {
        String text = f.text(key);
        if (text == null) {
            return fallback;
        }
        Duration value = Units.duration(text).orElse(null);
        if (value == null) {
            f.problems().add(f.where(key), "\"" + text + "\" is not a duration (" + Units.DURATION_HINT + ")");
        } else if (value.isNegative() || value.isZero() && !zeroAllowed) {
            f.problems().add(f.where(key), zeroAllowed ? "must not be negative" : "must be longer than zero");
        }
        return value;
    }
}
