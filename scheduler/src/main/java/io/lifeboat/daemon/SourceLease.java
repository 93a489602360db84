package io.lifeboat.daemon;

import io.lifeboat.backup.Owner;
import io.lifeboat.backup.PublishGuard;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's hold on its source: taken before the run (waiting up to {@link Policy#patience} for another
 * holder's lease to end or expire), renewed by a background thread every third of its duration, and
 * released at the end. As a {@link PublishGuard} it refuses to publish once the lease is lost, and makes
 * the catalog's COMPLETE update conditional on the fencing token.
 */
final class SourceLease implements PublishGuard, AutoCloseable {
    /**
     * Test-only hook: milliseconds the first run of this JVM waits right before its publish check, so
     * that end-to-end tests can kill or pause a node in the middle of a job.
     */
    static final String DELAY_PROPERTY = "lifeboat.test.delayBeforePublishMs";
    private static final AtomicBoolean DELAYED = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger(SourceLease.class);

    /** Who takes leases, for how long, and how long to wait for a busy source (zero: fail at once). */
    record Policy(String owner, Duration ttl, Duration patience) {
    }

    private final Catalog catalog;
    private final Duration ttl;
    private final ScheduledFire fire;
    private final AtomicReference<Lease> lease;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final ScheduledExecutorService renewer;

    private SourceLease(Catalog catalog, Lease lease, Duration ttl, ScheduledFire fire) {
        this.catalog = catalog;
        this.ttl = ttl;
        this.fire = fire;
        this.lease = new AtomicReference<>(lease);
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifeboat-lease-" + lease.source());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Takes the lease of {@code source}, waiting up to the policy's wait; {@code SOURCE_BUSY} when it stays held. */
    static SourceLease take(Catalog catalog, String source, Policy policy, ScheduledFire fire) {
        long deadline = System.nanoTime() + policy.patience().toNanos();
        long poll = Math.min(1000, Math.max(100, policy.ttl().toMillis() / 6));
        while (true) {
            Optional<Lease> taken = catalog.leases().tryTake(source, policy.owner(), policy.ttl())
                    .or(() -> takeFromTheDead(catalog, source, policy));
            if (taken.isPresent()) {
                LOG.info("took the {}", taken.get().describe());
                return new SourceLease(catalog, taken.get(), policy.ttl(), fire);
            }
            if (System.nanoTime() >= deadline) {
                String holder = catalog.leases().current(source).map(Lease::describe).orElse("its lease");
                throw new LifeboatException(ErrorCode.SOURCE_BUSY, "source " + source + " is being backed up elsewhere ("
                        + holder + "); try again when that run has finished");
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifeboatException(ErrorCode.INTERRUPTED, "interrupted while waiting for the lease of " + source, e);
            }
        }
    }

    /**
     * A holder that is a process on this host which no longer runs (killed with -9, say) will never
     * renew: its lease is taken over at once rather than after its expiry, so that re-running a
     * crashed command works straight away.
     */
    private static Optional<Lease> takeFromTheDead(Catalog catalog, String source, Policy policy) {
        Optional<Lease> held = catalog.leases().current(source);
        if (held.isEmpty() || !holderIsDead(held.get())) {
            return Optional.empty();
        }
        Optional<Lease> taken = catalog.leases().takeOver(held.get(), policy.owner(), policy.ttl());
        taken.ifPresent(l -> LOG.info("took over the lease of {} from {}, a process that no longer runs", source,
                held.get().owner()));
        return taken;
    }

    static boolean holderIsDead(Lease lease) {
        String owner = lease.owner();
        int slash = owner.indexOf('/');
        return Owner.parse(slash < 0 ? owner : owner.substring(0, slash)).map(Owner::knownDead).orElse(false);
    }

    Lease lease() {
        return lease.get();
    }

    private void renew() {
        if (lost.get()) {
            return;
        }
        Lease held = lease.get();
        try {
            Optional<Lease> renewed = catalog.leases().renew(held, ttl);
            if (renewed.isPresent()) {
                lease.set(renewed.get());
            } else {
                lost.set(true);
                LOG.warn("lost the {}: another run took it over (this node was paused or cut off past its expiry);"
                        + " this run will not publish", held.describe());
            }
        } catch (RuntimeException e) {
            LOG.warn("renewing the {} failed, retrying: {}", held.describe(), e.getMessage());
        }
    }

    @Override
    public void started(BackupRecord running) {
        if (fire != null) {
            catalog.recordScheduledRun(running.id(), running.source(), fire.time(), lease.get().token(), fire.recovering());
        }
    }

    @Override
    public void checkBeforePublish() {
        delayForTests();
        Lease held = lease.get();
        if (lost.get() || !catalog.leases().holds(held, ttl.dividedBy(3))) {
            lost.set(true);
            throw new LifeboatException(ErrorCode.LEASE_LOST, "backup of " + held.source() + " lost its lease before"
                    + " publishing (" + held.describe() + " was taken over or expired); nothing was published");
        }
    }

    @Override
    public boolean commit(Catalog c, BackupRecord complete) {
        boolean ok = c.updateBackupFenced(complete, lease.get());
        if (!ok) {
            lost.set(true);
        }
        return ok;
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        if (lost.get()) {
            return;
        }
        try {
            catalog.leases().release(lease.get());
        } catch (RuntimeException e) {
            LOG.warn("releasing the {} failed (it expires by itself): {}", lease.get().describe(), e.getMessage());
        }
    }

    private static void delayForTests() {
        String ms = System.getProperty(DELAY_PROPERTY);
        if (ms == null || !DELAYED.compareAndSet(false, true)) {
            return;
        }
        LOG.info("test hook {}: waiting {} ms before the publish check", DELAY_PROPERTY, ms);
        try {
            Thread.sleep(Long.parseLong(ms.strip()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifeboatException(ErrorCode.INTERRUPTED, "backup interrupted before publishing; nothing was published", e);
        }
    }
}
