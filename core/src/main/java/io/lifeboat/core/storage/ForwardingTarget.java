package io.lifeboat.core.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A target that passes every call to another one: extend it and override what a view changes (a
 * restore's archive retrievals, a test's injected failures). {@link #close()} closes the inner target;
 * override it when the view does not own it.
 */
public abstract class ForwardingTarget implements Target {
    protected final Target inner;

    protected ForwardingTarget(Target inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public ObjectWriter create(String key) {
        return inner.create(key);
    }

    @Override
    public ObjectInfo put(String key, byte[] bytes) {
        return inner.put(key, bytes);
    }

    @Override
    public InputStream open(String key) {
        return inner.open(key);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        return inner.openRange(key, offset, length);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return inner.stat(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return inner.list(prefix);
    }

    @Override
    public void delete(String key) {
        inner.delete(key);
    }

    @Override
    public void purge(String key) {
        inner.purge(key);
    }

    @Override
    public List<PendingUpload> incompleteUploads() {
        return inner.incompleteUploads();
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        inner.abortUpload(upload);
    }

    @Override
    public int abortIncompleteUploads(Instant startedBefore) {
        return inner.abortIncompleteUploads(startedBefore);
    }

    @Override
    public void close() {
        inner.close();
    }
}
