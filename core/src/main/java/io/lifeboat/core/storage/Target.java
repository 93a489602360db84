package io.lifeboat.core.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where backups are stored: a directory, an S3 bucket, a Glacier vault. Small on purpose; retries,
 * metering and the like are decorators implementing this same interface.
 *
 * <p>Keys are '/'-separated relative names built only by {@code ObjectLayout}.
 */
public interface Target extends AutoCloseable {
    /** The target's name in the config ({@code primary}, {@code dr}). */
    String name();

    /** Starts writing an object of unknown length; see {@link ObjectWriter}. */
    ObjectWriter create(String key);

    /** Stores a small object whole (manifests). Visible atomically. */
    ObjectInfo put(String key, byte[] bytes);

    /** Reads a whole object. */
    InputStream open(String key);

    /** Reads {@code length} bytes at {@code offset}. */
    InputStream openRange(String key, long offset, long length);

    Optional<ObjectInfo> stat(String key);

    /** Every committed object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix);

    void delete(String key);

    /**
     * Removes an object for good, as retention does: in a versioned bucket every version of it, not just a
     * delete marker that hides it. Throws {@code OBJECT_LOCKED} when a version is under retention (S3 Object
     * Lock); the object is then left as it was. One already gone is not an error.
     */
    default void purge(String key) {
        delete(key);
    }

    /** Uploads started and never committed (S3 multipart uploads, partial files), with their keys. */
    List<PendingUpload> incompleteUploads();

    /** Discards one incomplete upload; one already gone is not an error. */
    void abortUpload(PendingUpload upload);

    /**
     * Debris sweep: discards uploads that were started before {@code startedBefore} and never
     * committed. Returns how many were discarded.
     */
    default int abortIncompleteUploads(Instant startedBefore) {
        int n = 0;
        for (PendingUpload u : incompleteUploads()) {
            if (u.started().isBefore(startedBefore)) {
                abortUpload(u);
                n++;
            }
        }
        return n;
    }

    @Override
    void close();
}
