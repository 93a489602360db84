package io.lifeboat.verifier.database;

import io.lifeboat.core.Plural;
import io.lifeboat.verifier.Finding;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The level-3 restore test of one backup, from one copy.
 *
 * @param target          the copy the dump was read from, or null when no copy was healthy
 * @param scratch         the scratch database's name
 * @param loaded          whether the dump was loaded (or its loading failed); false when the test
 *                        could not run at all (no healthy copy, scratch server unreachable)
 * @param tables          tables in the scratch database after the restore
 * @param rows            rows in them (exact counts)
 * @param restoreDuration creating the scratch database and loading the dump: the RTO sample
 * @param checks          configured checks run
 * @param duration        the whole test, dropping the scratch database included
 * @param notes           for the operator, e.g. a scratch database that could not be dropped
 */
public record RestoreTestResult(String target, String scratch, boolean loaded, int tables, long rows,
                                Duration restoreDuration, int checks, List<Finding> findings, Duration duration,
                                List<String> notes) {
    public RestoreTestResult {
        Objects.requireNonNull(scratch, "scratch");
        Objects.requireNonNull(restoreDuration, "restoreDuration");
        Objects.requireNonNull(duration, "duration");
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** A test that could not start (no healthy copy to read, no scratch database). */
    public static RestoreTestResult notRun(String target, String scratch, Finding why, Duration duration) {
        return new RestoreTestResult(target, scratch, false, 0, 0, Duration.ZERO, 0, List.of(why), duration, List.of());
    }

    public boolean passed() {
        return loaded && findings.isEmpty();
    }

    /** One line: what was restored, or why not. */
    public String summary() {
        if (!loaded) {
            return "restore test did not run: " + findings.get(0).describe();
        }
        return "restore test " + (passed() ? "passed" : "FAILED") + " from " + target + " in scratch database " + scratch
                + ": " + Plural.count(tables, "table") + ", " + Plural.count(rows, "row") + ", " + Plural.count(checks, "check");
    }
}
