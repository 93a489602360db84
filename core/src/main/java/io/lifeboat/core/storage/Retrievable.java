package io.lifeboat.core.storage;

import io.lifeboat.core.config.RetrievalTier;
import java.io.InputStream;

/**
 * A target whose objects may be archived (a Glacier vault, S3 GLACIER / DEEP_ARCHIVE): reading one
 * first needs an asynchronous retrieval, started here and polled until ready. Optional capability:
 * {@code if (target instanceof Retrievable r)}.
 */
public interface Retrievable {
    /** The tier the target's config asks for. */
    RetrievalTier defaultTier();

    /** Starts bringing {@code key} back; a retrieval already running for it is not an error. */
    RetrievalTicket startRetrieval(String key, RetrievalTier tier);

    /** Where the retrieval is now. */
    RetrievalStatus poll(RetrievalTicket ticket);

    /**
     * True when, once ready, the object is read in place with {@link Target#openRange} (S3); false
     * when only {@link #openRetrieved} gives its bytes, whole (a Glacier job's output).
     */
    boolean rangedReadsWhenReady();

    /** The whole retrieved object; only once {@link #poll} said READY. */
    InputStream openRetrieved(RetrievalTicket ticket);

    /** What the provider promises for a tier, e.g. "3-5 h"; for the operator, not for timing. */
    String expectedWait(RetrievalTier tier);
}
