package io.lifeboat.core.storage;

import java.io.OutputStream;

/**
 * One object being written, of a length not known in advance. Nothing is visible under the key
 * until {@link #commit()} returns; {@link #abort()} (or {@link #close()} without commit) discards
 * what was written, so that a failure never leaves a complete-looking object behind.
 */
public interface ObjectWriter extends AutoCloseable {
    /** The stream to write the object's bytes to. Closing it does not commit. */
    OutputStream stream();

    /** Makes the object visible under its key and returns what was stored. */
    ObjectInfo commit();

    /** Discards everything written so far; idempotent. */
    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
}
