package io.lifeboat.core.catalog;

/** The state of one backup's copy in one target. */
public enum CopyStatus {
    WRITTEN, VERIFIED, FAILED
}
