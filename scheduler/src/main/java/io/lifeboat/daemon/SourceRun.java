package io.lifeboat.daemon;

import io.lifeboat.backup.BackupOutcome;
import io.lifeboat.backup.BackupRunner;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.verifier.VerificationReport;
import io.lifeboat.verifier.Verifier;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One run of one source: the backup, then the configured verification. The single code path of
 * {@code lifeboat backup run} and of the daemon's scheduled jobs; it reports, the caller prints or records.
 * Both hold the source's lease in the catalog for the whole run, so that a command-line run and a
 * scheduled one (on any node) never publish the same source at once.
 */
public final class SourceRun {
    private final BackupRunner runner;
    private final Supplier<Verifier> verifier;
    private final Catalog catalog;
    private final SourceLease.Policy leasing;

    /**
     * @param verifier made only when a verification runs
     * @param owner    who holds the leases taken ({@code host:pid/instance})
     * @param lease    how long a lease lasts without renewal
     * @param wait     how long to wait for a source whose lease another run holds (zero: fail at once)
     */
    public SourceRun(BackupRunner runner, Supplier<Verifier> verifier, Catalog catalog, String owner, Duration lease,
                     Duration wait) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.leasing = new SourceLease.Policy(owner, lease, wait);
    }

    /**
     * What the run did.
     *
     * @param outcome     the backup, or null when it failed ({@code error} says why)
     * @param report      the verification, or null when not run or when it could not run ({@code verifyError})
     * @param verifyLevel the level verified at, or 0 when verification was off
     */
    public record Result(SourceConfig source, BackupOutcome outcome, String error, VerificationReport report,
                         int verifyLevel, String verifyError) {
        public Result {
            Objects.requireNonNull(source, "source");
            if ((outcome == null) == (error == null)) {
                throw new IllegalArgumentException("a run has either an outcome or an error");
            }
        }

        /** Backed up with every copy, and verified (when configured) with every check passing. */
        public boolean ok() {
            return outcome != null && outcome.copyErrors().isEmpty() && verifyError == null
                    && (report == null || report.passed());
        }

        /** {@code VERIFIED (level 2, 2 copies)}, {@code VERIFICATION FAILED ...}, {@code not verified}. */
        public String verification() {
            if (verifyError != null) {
                return "NOT VERIFIED (level " + verifyLevel + ": " + verifyError + ")";
            }
            if (report == null) {
                return "not verified";
            }
            return (report.passed() ? "VERIFIED" : "VERIFICATION FAILED") + " (level " + verifyLevel + ", "
                    + report.copies().size() + (report.copies().size() == 1 ? " copy)" : " copies)");
        }

        /** One line for logs and alerts. */
        public String describe() {
            if (outcome == null) {
                return source.name() + " FAILED: " + error;
            }
            return source.name() + " " + outcome.record().id() + " " + (ok() ? "ok" : "with problems") + ", "
                    + verification() + (outcome.copyErrors().isEmpty() ? "" : ", copy errors: " + outcome.copyErrors());
        }
    }

    /** Backs up {@code source}, then verifies it when its config says so and {@code verify} allows. */
    public Result run(SourceConfig source, boolean verify) {
        return run(source, verify, null);
    }

    /** As {@link #run(SourceConfig, boolean)}, for the scheduled fire time {@code fire} (null: not scheduled). */
    public Result run(SourceConfig source, boolean verify, ScheduledFire fire) {
        try (SourceLease lease = SourceLease.take(catalog, source.name(), leasing, fire)) {
            return leased(source, verify, lease);
        } catch (LifeboatException e) {
            return new Result(source, null, e.getMessage() != null ? e.getMessage() : e.toString(), null, 0, null);
        }
    }

    private Result leased(SourceConfig source, boolean verify, SourceLease lease) {
        BackupOutcome outcome;
        try {
            outcome = runner.run(source, lease);
        } catch (LifeboatException e) {
            return new Result(source, null, e.getMessage() != null ? e.getMessage() : e.toString(), null, 0, null);
        }
        if (!verify || !source.verify().enabled()) {
            return new Result(source, outcome, null, null, 0, null);
        }
        int level = source.verify().level();
        try {
            return new Result(source, outcome, null, verifier.get().verify(outcome.record(), level), level, null);
        } catch (LifeboatException e) {
            return new Result(source, outcome, null, null, level, e.getMessage());
        }
    }
}
