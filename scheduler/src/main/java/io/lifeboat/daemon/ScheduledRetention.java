package io.lifeboat.daemon;

import io.lifeboat.backup.retention.Outcome;
import io.lifeboat.backup.retention.Retention;
import io.lifeboat.backup.retention.SourceReport;
import io.lifeboat.cli.Lifeboat;
import io.lifeboat.core.config.SourceConfig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's scheduled {@code retention apply} of one source: one INFO line, a WARN per copy kept. */
final class ScheduledRetention {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRetention.class);

    private ScheduledRetention() {
    }

    static void run(Lifeboat lb, String name) {
        Optional<SourceConfig> source = lb.config().source(name);
        if (source.isEmpty()) {
            LOG.error("scheduled retention of unknown source \"{}\" (restart the daemon to remove its schedule)", name);
            return;
        }
        SourceReport r = new Retention(lb.catalog(), lb.targets(), lb.clock()).apply(source.get(), false);
        LOG.info("retention of {}: kept {}, expired {}, {} bytes freed", name, r.kept().size(), r.expired().size(),
                r.bytesFreed());
        for (Outcome o : r.expired()) {
            o.refused().forEach((target, why) -> LOG.warn("retention of {}: backup {} kept in {}: {}", name,
                    o.decision().backup().id(), target, why));
        }
    }
}
