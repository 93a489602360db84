package io.lifeboat.core.storage;

import java.util.Objects;

/** What a poll of a retrieval found; {@code detail} says why it FAILED (or is null). */
public record RetrievalStatus(State state, String detail) {
    public enum State {
        IN_PROGRESS,
        READY,
        /** The provider gave up, or the job expired (Glacier job output lives about 24 h). */
        FAILED
    }

    public static final RetrievalStatus IN_PROGRESS = new RetrievalStatus(State.IN_PROGRESS, null);
    public static final RetrievalStatus READY = new RetrievalStatus(State.READY, null);

    public RetrievalStatus {
        Objects.requireNonNull(state, "state");
    }

    public static RetrievalStatus failed(String detail) {
        return new RetrievalStatus(State.FAILED, detail);
    }
}
