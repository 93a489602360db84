package io.lifeboat.restore.drill;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends a finished drill's report to the runbook's {@code notify} addresses, the HTML as the body.
 * The default only logs; the mail notifier plugs in here.
 */
@FunctionalInterface
public interface DrillNotifier {
    DrillNotifier LOGGING = (report, to, html) -> {
        if (!to.isEmpty()) {
            LoggerFactory.getLogger(DrillNotifier.class).info("drill {} {}: report for {} (no mail configured)",
                    report.id(), report.status().column(), String.join(", ", to));
        }
    };

    void report(DrillReport report, List<String> to, String html);
}
