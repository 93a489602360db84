package io.lifeboat.verifier;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.verifier.database.RestoreTestResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A backup's verification: every copy's result and, at level 3, the restore test. Passed only when
 * every copy passed and the restore test (if any) did.
 *
 * @param restoreTest level 3 only, else null
 * @param notes       what the operator should know besides findings (leftover scratch databases dropped)
 */
public record VerificationReport(BackupId backupId, String source, int level, List<CopyResult> copies,
                                 RestoreTestResult restoreTest, List<String> notes) {
    public VerificationReport {
        copies = List.copyOf(copies);
        notes = List.copyOf(notes);
    }

    /** Levels 1 and 2. */
    public VerificationReport(BackupId backupId, String source, int level, List<CopyResult> copies) {
        this(backupId, source, level, copies, null, List.of());
    }

    public boolean passed() {
        return !copies.isEmpty() && copies.stream().allMatch(CopyResult::passed)
                && (restoreTest == null || restoreTest.passed());
    }

    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>();
        copies.forEach(c -> all.addAll(c.findings()));
        if (restoreTest != null) {
            all.addAll(restoreTest.findings());
        }
        return List.copyOf(all);
    }
}
