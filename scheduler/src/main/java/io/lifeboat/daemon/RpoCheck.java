package io.lifeboat.daemon;

import io.lifeboat.alerts.AlertMessages;
import io.lifeboat.core.alerts.Notifier;
import io.lifeboat.core.catalog.AlertStateRows;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.SourceConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's periodic RPO check: a source breaches its RPO when its newest verified backup is older
 * than the RPO (a source without any verified backup: once the daemon has run for longer than the RPO).
 * The open breach lives in the catalog ({@code alert_states}), so that one mail goes out when a breach
 * starts and one when it clears, across checks, restarts and daemons.
 */
final class RpoCheck implements Runnable {
    static final String KIND = "RPO";
    private static final Logger LOG = LoggerFactory.getLogger(RpoCheck.class);

    private final Catalog catalog;
    private final List<SourceConfig> sources;
    private final Clock clock;
    private final Notifier notifier;
    private final AlertMessages messages;
    private final AlertStateRows states;
    private final Instant started;

    RpoCheck(Catalog catalog, List<SourceConfig> sources, Clock clock, Notifier notifier, AlertMessages messages) {
        this.catalog = catalog;
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.notifier = notifier;
        this.messages = messages;
        this.states = new AlertStateRows(catalog.dataSource());
        this.started = clock.instant();
    }

    @Override
    public void run() {
        for (SourceConfig source : sources) {
            try {
                check(source);
            } catch (RuntimeException e) {
                LOG.warn("RPO check of {}: {}", source.name(), e.getMessage());
            }
        }
    }

    void check(SourceConfig source) {
        Instant now = clock.instant();
        SourceHealth health = SourceHealth.of(catalog, source, now);
        BackupRecord verified = health.newestVerified();
        Instant breachFrom = (verified == null ? started : SourceHealth.dataTime(verified)).plus(source.rpo());
        if (now.isAfter(breachFrom)) {
            String detail = verified == null ? "no verified backup" : "newest verified backup " + verified.id();
            if (states.open(source.name(), KIND, breachFrom, detail)) {
                LOG.error("source {}: RPO BREACHED since {} ({}, RPO {})", source.name(), breachFrom, detail, source.rpo());
                notifier.send(messages.rpoBreached(source, verified, breachFrom, now));
            }
            return;
        }
        Optional<AlertStateRows.Open> cleared = states.clear(source.name(), KIND);
        cleared.ifPresent(open -> {
            LOG.info("source {}: RPO met again (breached since {})", source.name(), open.since());
            notifier.send(messages.rpoRecovered(source, verified, open.since(), now));
        });
    }
}
