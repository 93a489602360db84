package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an object of unknown length into a multipart upload with bounded memory: one part
 * buffer is filled while at most {@code maxInFlight} earlier parts upload in the background, so
 * at most {@code maxInFlight + 1} part buffers ever exist (they are reused). An object that ends
 * before its first part is full is stored with a single put. Bytes are copied once, from the
 * caller's array into the part buffer; the upload reads the part buffer in place.
 */
final class S3ObjectWriter implements ObjectWriter {
    static final int MAX_PARTS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(S3ObjectWriter.class);
    private static final int FIRST_BUFFER = 256 * 1024;
    private static final long ABORT_WAIT_SECONDS = 120;

    private enum State { OPEN, COMMITTED, ABORTED }

    private final UploadCalls calls;
    private final String what;
    private final int partSize;
    private final int maxInFlight;
    private final ExecutorService executor;
    private final Semaphore inFlight;
    private final Queue<byte[]> freeBuffers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger fullBuffers = new AtomicInteger();
    private final List<Future<UploadCalls.UploadedPart>> parts = new ArrayList<>();
    private final PartStream stream = new PartStream();
    private volatile LifeboatException failure;

    private byte[] buffer;
    private int position;
    private long size;
    private String uploadId;
    private State state = State.OPEN;

    /** {@code what} names target and key in messages. */
    S3ObjectWriter(UploadCalls calls, String what, int partSize, int maxInFlight, ExecutorService executor) {
        this.calls = calls;
        this.what = what;
        this.partSize = partSize;
        this.maxInFlight = maxInFlight;
        this.executor = executor;
        this.inFlight = new Semaphore(maxInFlight);
        this.buffer = new byte[Math.min(partSize, FIRST_BUFFER)];
        countIfFull(buffer);
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public ObjectInfo commit() {
        if (state != State.OPEN) {
            throw new IllegalStateException(what + ": writer is already " + state.name().toLowerCase());
        }
        try {
            throwIfFailed();
            ObjectInfo info;
            if (uploadId == null) {
                info = calls.putWhole(buffer, position);
            } else {
                shipBuffer();
                info = calls.completeMultipart(uploadId, awaitParts(), size);
            }
            state = State.COMMITTED;
            releaseBuffers();
            return info;
        } catch (LifeboatException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        waitForPartsQuietly();
        if (uploadId != null) {
            try {
                calls.abortMultipart(uploadId);
            } catch (LifeboatException e) {
                log.warn("{}: could not abort multipart upload (the next debris sweep will): {}", what, e.getMessage());
            }
        }
        releaseBuffers();
    }

    @Override
    public void close() {
        abort();
    }

    /** How many full-size part buffers this writer allocated (for tests of the memory bound). */
    int partBuffersAllocated() {
        return fullBuffers.get();
    }

    private void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (position == buffer.length) {
                makeRoom();
            }
            int n = Math.min(len, buffer.length - position);
            System.arraycopy(b, off, buffer, position, n);
            position += n;
            size += n;
            off += n;
            len -= n;
        }
    }

    private void write(int b) {
        if (position == buffer.length) {
            makeRoom();
        }
        buffer[position++] = (byte) b;
        size++;
    }

    /** Called only when more bytes arrive for a full buffer, so a last part is never empty. */
    private void makeRoom() {
        throwIfFailed();
        if (buffer.length < partSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
            countIfFull(buffer);
            return;
        }
        if (uploadId == null) {
            uploadId = calls.startMultipart();
        }
        shipBuffer();
        byte[] next = freeBuffers.poll();
        if (next == null) {
            next = new byte[partSize];
            countIfFull(next);
        }
        buffer = next;
        position = 0;
    }

    private void shipBuffer() {
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
            throw new LifeboatException(ErrorCode.TARGET_IO, what + ": object is larger than " + MAX_PARTS
                    + " parts of " + partSize + " bytes; raise partSize in the target's config");
        }
        acquirePermit();
        byte[] data = buffer;
        int length = position;
        String id = uploadId;
        buffer = null;
        try {
            parts.add(executor.submit(() -> uploadPart(id, number, data, length)));
        } catch (RejectedExecutionException e) {
            inFlight.release();
            throw new LifeboatException(ErrorCode.INTERNAL, what + ": the target is closed", e);
        }
    }

    private UploadCalls.UploadedPart uploadPart(String id, int number, byte[] data, int length) {
        try {
            return calls.uploadPart(id, number, data, length);
        } catch (LifeboatException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        } catch (RuntimeException e) {
            LifeboatException wrapped = new LifeboatException(ErrorCode.TARGET_IO,
                    what + ": upload of part " + number + " failed: " + e, e);
            if (failure == null) {
                failure = wrapped;
            }
            throw wrapped;
        } finally {
            freeBuffers.offer(data);
            inFlight.release();
        }
    }

    private void acquirePermit() {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifeboatException(ErrorCode.INTERRUPTED, what + ": interrupted while uploading", e);
        }
    }

    private List<UploadCalls.UploadedPart> awaitParts() {
        List<UploadCalls.UploadedPart> done = new ArrayList<>(parts.size());
        for (Future<UploadCalls.UploadedPart> part : parts) {
            try {
                done.add(part.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifeboatException(ErrorCode.INTERRUPTED, what + ": interrupted while uploading", e);
            } catch (ExecutionException e) {
                throw asLifeboat(e.getCause());
            }
        }
        return done;
    }

    private void waitForPartsQuietly() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ABORT_WAIT_SECONDS);
        for (Future<UploadCalls.UploadedPart> part : parts) {
            try {
                part.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // the part is lost either way; the abort below discards the upload
            }
        }
    }

    private void throwIfFailed() {
        LifeboatException e = failure;
        if (e != null) {
            throw new LifeboatException(e.code(), e.getMessage(), e, e.retryable());
        }
    }

    private LifeboatException asLifeboat(Throwable cause) {
        if (cause instanceof LifeboatException e) {
            return new LifeboatException(e.code(), e.getMessage(), e, e.retryable());
        }
        return new LifeboatException(ErrorCode.INTERNAL, what + ": part upload failed: " + cause, cause);
    }

    private void countIfFull(byte[] b) {
        if (b.length == partSize) {
            fullBuffers.incrementAndGet();
        }
    }

    private void releaseBuffers() {
        buffer = null;
        freeBuffers.clear();
    }

    /** The caller's view; closing it does not commit. */
    private final class PartStream extends OutputStream {
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            S3ObjectWriter.this.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            Objects.checkFromIndexSize(off, len, b.length);
            S3ObjectWriter.this.write(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }

        private void ensureOpen() throws IOException {
            if (closed || state != State.OPEN) {
                throw new IOException(what + ": writer is " + (closed ? "closed" : state.name().toLowerCase()));
            }
        }
    }
}
