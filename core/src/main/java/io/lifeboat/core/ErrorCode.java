package io.lifeboat.core;

/** Stable error codes; the command line maps them to exit codes once, at the edge. */
public enum ErrorCode {
    CONFIG_INVALID(2),
    USAGE(2),
    NOT_FOUND(1),
    TARGET_IO(1),
    TARGET_UNREACHABLE(1),
    OBJECT_ARCHIVED(75),
    ARCHIVE_CORRUPT(1),
    VERIFICATION_FAILED(1),
    SOURCE_IO(1),
    CATALOG(3),
    RESTORE_REFUSED(1),
    /** Another run holds the source's lease (a scheduled run elsewhere, or a concurrent command). */
    SOURCE_BUSY(1),
    /** This run lost its source's lease (paused or partitioned past its expiry): it did not publish. */
    LEASE_LOST(1),
    /** A target refused to delete an object under retention (S3 Object Lock); the copy stays. */
    OBJECT_LOCKED(1),
    INTERRUPTED(130),
    INTERNAL(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
