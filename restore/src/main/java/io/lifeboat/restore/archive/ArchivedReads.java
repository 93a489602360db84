package io.lifeboat.restore.archive;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.RetrievalRecord;
import io.lifeboat.core.catalog.RetrievalRecord.Phase;
import io.lifeboat.core.catalog.RetrievalRows;
import io.lifeboat.core.config.RetrievalTier;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.Retrievable;
import io.lifeboat.core.storage.RetrievalStatus;
import io.lifeboat.core.storage.RetrievalTicket;
import io.lifeboat.core.storage.Target;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of archived objects for restores: starts a retrieval, or resumes the one recorded for the
 * same backup, target and key; without {@code wait} it says what it started and fails with
 * {@code OBJECT_ARCHIVED} (exit 75, try again later); with {@code wait} it polls until ready.
 */
public final class ArchivedReads {
    static final Duration FIRST_POLL = Duration.ofSeconds(1);
    static final Duration MAX_POLL = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(ArchivedReads.class);

    /** How to behave: wait or not, and the tier to ask for (null: the target's configured tier). */
    public record Options(boolean waitUntilReady, RetrievalTier tier, String requestedBy) {
        public Options {
            Objects.requireNonNull(requestedBy, "requestedBy");
        }
    }

    private final RetrievalRows rows;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> notices;
    private final Options options;

    public ArchivedReads(RetrievalRows rows, Clock clock, Sleeper sleeper, Consumer<String> notices, Options options) {
        this.rows = rows;
        this.clock = clock;
        this.sleeper = sleeper;
        this.notices = notices;
        this.options = options;
    }

    /** True when reading {@code key} needs a retrieval first, or one was started and not finished. */
    public boolean needsRetrieval(BackupRecord backup, Target target, String key) {
        return needsRetrieval(backup.id(), target, key);
    }

    public boolean needsRetrieval(BackupId backup, Target target, String key) {
        if (!(target instanceof Retrievable)) {
            return false;
        }
        return rows.pending(backup, target.name(), key).isPresent()
                || target.stat(key).map(ObjectInfo::archived).orElse(false);
    }

    /**
     * The object once retrieved (the caller closes it, then calls {@link #done}). Without
     * {@code wait}, throws {@code OBJECT_ARCHIVED} while the retrieval is not ready.
     */
    public RetrievedData await(BackupRecord backup, Target target, String key) {
        return await(backup.id(), target, key);
    }

    public RetrievedData await(BackupId backup, Target target, String key) {
        if (!(target instanceof Retrievable r)) {
            throw new IllegalArgumentException(target.name() + " has no archived objects");
        }
        boolean resumed = rows.pending(backup, target.name(), key).isPresent();
        RetrievalRecord retrieval = startOrResume(backup, target, r, key);
        RetrievalTicket ticket = new RetrievalTicket(target.name(), key, retrieval.tier(), retrieval.providerId());
        Duration interval = FIRST_POLL;
        while (true) {
            // A retrieval just started is not ready on any real provider: say so at once rather than poll.
            RetrievalStatus status = !resumed && !options.waitUntilReady() ? RetrievalStatus.IN_PROGRESS : r.poll(ticket);
            if (status.state() == RetrievalStatus.State.READY) {
                retrieval = save(retrieval, Phase.READY, null);
                log.info("retrieval {} of {} from {} is ready", retrieval.id(), key, target.name());
                return RetrievedData.open(target, r, retrieval, ticket);
            }
            if (status.state() == RetrievalStatus.State.FAILED) {
                save(retrieval, Phase.FAILED, status.detail());
                throw new LifeboatException(ErrorCode.TARGET_IO, "retrieval " + retrieval.id() + " of " + key + " from "
                        + target.name() + " failed: " + status.detail() + "; run the restore again to start a new one");
            }
            if (!options.waitUntilReady()) {
                throw new LifeboatException(ErrorCode.OBJECT_ARCHIVED, "backup " + backup.value() + " is archived in "
                        + target.name() + "; retrieval " + retrieval.id() + " is in progress (tier "
                        + retrieval.tier().configName() + ", expected ready in " + r.expectedWait(retrieval.tier())
                        + "); run the same restore again later to resume it, or add --wait");
            }
            sleep(interval);
            interval = interval.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : interval.multipliedBy(2);
        }
    }

    /** Marks the retrieval used: a later restore starts a new one (a restored copy does not last). */
    public void done(RetrievedData data) {
        save(data.retrieval(), Phase.DONE, "restore completed");
    }

    private RetrievalRecord startOrResume(BackupId backup, Target target, Retrievable r, String key) {
        var pending = rows.pending(backup, target.name(), key);
        if (pending.isPresent()) {
            RetrievalRecord p = pending.get();
            notices.accept("retrieval " + p.id() + " resumed (tier " + p.tier().configName() + ", requested "
                    + p.requested() + ", expected ready in " + r.expectedWait(p.tier()) + ")");
            return p;
        }
        RetrievalTier tier = options.tier() == null ? r.defaultTier() : options.tier();
        RetrievalTicket ticket = r.startRetrieval(key, tier);
        String id = "r-" + UUID.randomUUID().toString().substring(0, 13);
        RetrievalRecord record = new RetrievalRecord(id, backup, target.name(), key, tier, ticket.providerId(),
                Phase.IN_PROGRESS, clock.instant(), clock.instant(), options.requestedBy(), null);
        rows.insert(record);
        notices.accept("retrieval " + id + " started (tier " + tier.configName() + ", expected ready in "
                + r.expectedWait(tier) + ")" + (ticket.providerId() == null ? "" : "; job " + ticket.providerId()));
        log.info("retrieval {} of {} from {} started, tier {}", id, key, target.name(), tier.configName());
        return record;
    }

    private RetrievalRecord save(RetrievalRecord r, Phase phase, String detail) {
        RetrievalRecord updated = r.with(phase, clock.instant(), detail);
        rows.update(updated);
        return updated;
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifeboatException(ErrorCode.INTERRUPTED, "interrupted while waiting for a retrieval; "
                    + "run the same restore again to resume it", e);
        }
    }
}
