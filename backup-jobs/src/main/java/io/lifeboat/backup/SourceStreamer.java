package io.lifeboat.backup;

import io.lifeboat.backup.files.IncrementalState;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.Target;

/** Streams one source into objects of the first target, under one backup directory. */
interface SourceStreamer {
    /** The main data object's file name ({@code data.tar.zst}, {@code orders.pgdump.zst}). */
    String dataFileName(SourceConfig source);

    /**
     * Writes and commits the data objects; {@code dataKey} is the main one's key and {@code dir} the
     * backup directory for any others. Nothing written is visible as a backup until the manifest is.
     */
    Payload write(SourceConfig source, IncrementalState.Plan plan, Target first, String dir, String dataKey);
}
