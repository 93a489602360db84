package io.lifeboat.daemon;

import io.lifeboat.core.catalog.DrillRows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per runbook, the newest finished drill in the catalog (so command-line drills count too):
 * {@code lifeboat_drill_rto_seconds}, {@code lifeboat_drill_rpo_seconds}, their objectives,
 * {@code lifeboat_drill_passed} (1 passed, 0 failed or objective missed) and the drill's start time.
 */
final class DrillMetrics {
    private static final int RECENT = 200;

    private final MeterRegistry registry;
    private final DrillRows drills;
    private final Map<String, DrillRows.Summary> latest = new ConcurrentHashMap<>();

    DrillMetrics(MeterRegistry registry, DrillRows drills) {
        this.registry = registry;
        this.drills = drills;
    }

    /** Reads the catalog; a runbook seen for the first time gets its gauges. */
    void refresh() {
        List<DrillRows.Summary> recent = drills.list(null, RECENT);
        for (DrillRows.Summary d : recent) {
            if (d.status() == DrillRows.Status.RUNNING || d.status() == DrillRows.Status.INTERRUPTED) {
                continue;
            }
            DrillRows.Summary before = latest.get(d.runbook());
            if (before == null) {
                latest.put(d.runbook(), d);
                register(d.runbook());
            } else if (d.started().isAfter(before.started())) {
                latest.put(d.runbook(), d);
            }
        }
    }

    private void register(String runbook) {
        gauge(runbook, "lifeboat.drill.rto", "seconds", "RTO achieved by the newest drill of the runbook", s -> seconds(s.rto()));
        gauge(runbook, "lifeboat.drill.rpo", "seconds", "RPO measured by the newest drill of the runbook", s -> seconds(s.rpo()));
        gauge(runbook, "lifeboat.drill.rto.objective", "seconds", "The runbook's RTO objective", s -> seconds(s.rtoObjective()));
        gauge(runbook, "lifeboat.drill.rpo.objective", "seconds", "The runbook's RPO objective", s -> seconds(s.rpoObjective()));
        gauge(runbook, "lifeboat.drill.passed", null, "1 when the newest drill passed with its objectives met, else 0",
                s -> s.status() == DrillRows.Status.PASSED ? 1 : 0);
        gauge(runbook, "lifeboat.drill.last.timestamp", "seconds", "Start of the newest drill (unix time)",
                s -> s.started().toEpochMilli() / 1000.0);
    }

    private void gauge(String runbook, String name, String unit, String help, ToDoubleFunction<DrillRows.Summary> value) {
        Gauge.builder(name, latest, m -> {
            DrillRows.Summary s = m.get(runbook);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).baseUnit(unit).description(help).tag("runbook", runbook).register(registry);
    }

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }
}
