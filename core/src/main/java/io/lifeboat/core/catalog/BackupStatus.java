package io.lifeboat.core.catalog;

/**
 * The phase of a backup, kept in the catalog: {@code RUNNING → COMPLETE → VERIFIED}, or
 * {@code PARTIALLY_FAILED} (some copies failed) / {@code FAILED} with a reason; {@code EXPIRED}
 * once retention has removed its data.
 */
public enum BackupStatus {
    RUNNING, COMPLETE, VERIFIED, PARTIALLY_FAILED, FAILED, EXPIRED
}
