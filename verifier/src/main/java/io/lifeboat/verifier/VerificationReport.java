package io.lifeboat.verifier;

import io.lifeboat.core.archive.BackupId;
import java.util.List;

/** A backup's verification: every copy's result. Passed only when every copy passed. */
public record VerificationReport(BackupId backupId, String source, int level, List<CopyResult> copies) {
    public VerificationReport {
        copies = List.copyOf(copies);
    }

    public boolean passed() {
        return !copies.isEmpty() && copies.stream().allMatch(CopyResult::passed);
    }

    public List<Finding> findings() {
        return copies.stream().flatMap(c -> c.findings().stream()).toList();
    }
}
