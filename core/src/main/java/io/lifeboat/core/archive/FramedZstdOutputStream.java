package io.lifeboat.core.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts what is written into frames of exactly {@code frameSize} raw bytes (the last one shorter) and
 * compresses each as an independent zstd frame (content size and checksum included) on a small pool
 * of threads. One writer thread takes the compressed frames in order, writes them to {@code out} and
 * hashes them, so the caller's thread only fills frames, and a slow {@code out} (a network upload)
 * overlaps with reading and compressing.
 *
 * <p><b>Adaptive level.</b> zstd's fastest level often stores no more bytes than level 3, at half
 * its CPU: on application logs, on hex or base64 text (hashes, tokens, UUIDs), on data that is already
 * compressed. So when {@link ArchiveOptions#adapts()}, every {@value #PROBE_EVERY}th frame is a
 * probe, compressed at both levels; the smaller result is kept. The other frames of a group of
 * {@value #PROBE_EVERY} take the fast level when the previous group's probe (the first group: its
 * own) found it no larger, the configured level otherwise. The choice depends only on the data, so
 * the same bytes give the same stream; decoding does not depend on the level. Cost where the fast level
 * loses: one extra fast compression per group, 3-5% more CPU by zstd's own speeds.
 *
 * <p>Memory is bounded: at most {@code threads + 2} frames are in flight (compressing or waiting to be
 * written) besides the one being filled, and their buffers are reused (a probe takes a second
 * compressed buffer while it runs). A failure in a worker or in
 * {@code out} surfaces on the next write or on {@link #finish()}, and every later call fails too.
 *
 * <p>{@link #finish()} writes the last frame and returns the frame table; it does not close
 * {@code out}. {@link #close()} without {@code finish()} abandons the stream (error paths): it
 * releases threads and native memory and writes nothing more. Neither closes {@code out}.
 */
public final class FramedZstdOutputStream extends OutputStream {
    /** Frames per group of the adaptive level: the first of each is compressed at both levels. */
    static final int PROBE_EVERY = 16;
    private static final AtomicInteger STREAMS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(FramedZstdOutputStream.class);

    private final OutputStream out;
    private final int frameSize;
    private final int level;
    private final int fastLevel; // == level when not adaptive
    private final int storedBound;
    private final ExecutorService compressors;
    private final ExecutorService writer;
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<ZstdCompressCtx> contexts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<byte[]> freeRaw = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<byte[]> freeStored = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    // written by the writer thread only; read by the caller after the last write completed
    private final MessageDigest storedDigest = Digests.sha256();
    private final List<Frame> frames = new ArrayList<>();
    private long storedWritten;
    private int fastFrames;
    // the caller's thread
    private byte[] buf;
    private int pos;
    private long rawSubmitted;
    private int submitted;
    private CompletableFuture<Boolean> probeNow; // this group's probe: does the fast level win?
    private CompletableFuture<Boolean> probeBefore; // the previous group's
    private Future<?> lastWrite;
    private ArchiveSummary summary;
    private boolean released;

    public FramedZstdOutputStream(OutputStream out, ArchiveOptions options) {
        this.out = Objects.requireNonNull(out, "out");
        this.frameSize = options.frameSize();
        this.level = options.level();
        this.fastLevel = options.adapts() ? ArchiveOptions.FAST_LEVEL : level;
        this.storedBound = Math.toIntExact(Zstd.compressBound(frameSize));
        this.inFlight = new Semaphore(options.threads() + 2);
        String name = "lifeboat-zstd-" + STREAMS.incrementAndGet();
        AtomicInteger threadId = new AtomicInteger();
        this.compressors = Executors.newFixedThreadPool(options.threads(),
                r -> daemon(r, name + "-compress-" + threadId.incrementAndGet()));
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-write"));
    }

    /** Raw bytes accepted so far: the raw offset the next byte will have. */
    public long rawPosition() {
        return rawSubmitted + pos;
    }

    /**
     * Frames written at the fast level although the stream's level is higher (adaptive level); valid
     * after {@link #finish()}.
     */
    public int fastFrames() {
        return fastFrames;
    }

    /** Index of the frame the next raw byte goes into. */
    public int currentFrameIndex() {
        return submitted;
    }

    @Override
    public void write(int b) throws IOException {
        byte[] target = fillBuffer();
        target[pos] = (byte) b;
        filled(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            byte[] target = fillBuffer();
            int n = Math.min(len, frameSize - pos);
            System.arraycopy(b, off, target, pos, n);
            off += n;
            len -= n;
            filled(n);
        }
    }

    /** Does nothing: frames are cut by size only, so that the frame table stays regular. */
    @Override
    public void flush() {
    }

    /**
     * Compresses and writes the last frame, waits for all frames and returns the frame table and
     * the stored size and sha256. Does not close {@code out}. Idempotent.
     */
    public ArchiveSummary finish() throws IOException {
        if (summary != null) {
            return summary;
        }
        if (pos > 0 || submitted == 0) {
            fillBuffer();
            submit(); // an empty stream still gets one (empty) frame, so that `zstd -d` accepts it
        }
        try {
            lastWrite.get();
        } catch (ExecutionException | CancellationException e) {
            failure.compareAndSet(null, e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the last frames");
        }
        checkUsable();
        try {
            out.flush();
        } catch (IOException e) {
            failure.compareAndSet(null, e);
            throw e;
        }
        summary = new ArchiveSummary(frames, rawSubmitted, storedWritten, Digests.hex(storedDigest));
        if (fastFrames > 0) {
            LOG.info("zstd level {} for {} of {} frames: on the sampled frames it stored no more than level {}",
                    fastLevel, fastFrames, frames.size(), level);
        }
        release();
        return summary;
    }

    /** Releases threads and native memory; abandons the stream unless {@link #finish()} was called. */
    @Override
    public void close() {
        release();
    }

    // ---- direct fill, for TarZstWriter: read straight into the frame buffer, no extra copy ----

    /** The current frame buffer, with room for at least one byte at {@link #fillPosition()}. */
    byte[] fillBuffer() throws IOException {
        checkUsable();
        if (buf == null) {
            byte[] free = freeRaw.poll();
            buf = free != null ? free : new byte[frameSize];
            pos = 0;
        }
        return buf;
    }

    int fillPosition() {
        return pos;
    }

    int fillSpace() {
        return frameSize - pos;
    }

    /** Accepts {@code n} bytes the caller put into {@link #fillBuffer()} at {@link #fillPosition()}. */
    void filled(int n) throws IOException {
        pos += n;
        if (pos == frameSize) {
            submit();
        }
    }

    // ---- pipeline ----

    private void submit() throws IOException {
        checkUsable();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for frames to be compressed");
        }
        CompletableFuture<Boolean> probe = null;
        CompletableFuture<Boolean> decision = null;
        if (fastLevel != level) {
            if (submitted % PROBE_EVERY == 0) {
                probe = new CompletableFuture<>();
                probeBefore = probeNow == null ? probe : probeNow;
                probeNow = probe;
            } else {
                decision = submitted < PROBE_EVERY ? probeNow : probeBefore;
            }
        }
        Job job = new Job(submitted, rawSubmitted, buf, pos, storedBuffer(), probe, decision);
        submitted++;
        rawSubmitted += pos;
        buf = null;
        pos = 0;
        Future<?> compressed = compressors.submit(() -> {
            compress(job);
            return null;
        });
        lastWrite = writer.submit(() -> write(job, compressed));
    }

    private byte[] storedBuffer() {
        byte[] stored = freeStored.poll();
        return stored != null ? stored : new byte[storedBound];
    }

    /** On a compressing thread. */
    private void compress(Job job) throws InterruptedException, ExecutionException {
        ZstdCompressCtx ctx = contexts.poll();
        if (ctx == null) {
            ctx = new ZstdCompressCtx().setChecksum(true).setContentSize(true);
        }
        try {
            if (job.probe != null) {
                int atLevel = compress(ctx, level, job, job.stored);
                byte[] fast = storedBuffer();
                int atFast = compress(ctx, fastLevel, job, fast);
                boolean fastWins = atFast <= atLevel;
                freeStored.add(fastWins ? job.stored : fast);
                job.stored = fastWins ? fast : job.stored;
                job.storedLength = fastWins ? atFast : atLevel;
                job.fast = fastWins;
                job.probe.complete(fastWins);
            } else {
                job.fast = job.decision != null && job.decision.get();
                job.storedLength = compress(ctx, job.fast ? fastLevel : level, job, job.stored);
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, new IOException("compressing frame " + job.index + " failed: " + e, e));
            throw e;
        } finally {
            if (job.probe != null) {
                job.probe.complete(false); // failed: the frames waiting on it go on (and the stream fails)
            }
            contexts.add(ctx);
        }
    }

    private static int compress(ZstdCompressCtx ctx, int level, Job job, byte[] into) {
        ctx.setLevel(level);
        return ctx.compressByteArray(into, 0, into.length, job.raw, 0, job.rawLength);
    }

    /** On the writer thread, in frame order. */
    private void write(Job job, Future<?> compressed) {
        try {
            compressed.get();
            if (failure.get() == null) {
                out.write(job.stored, 0, job.storedLength);
                storedDigest.update(job.stored, 0, job.storedLength);
                frames.add(new Frame(job.index, job.rawOffset, job.rawLength, storedWritten, job.storedLength));
                storedWritten += job.storedLength;
                if (job.fast && fastLevel != level) {
                    fastFrames++;
                }
            }
        } catch (ExecutionException | CancellationException e) {
            failure.compareAndSet(null, e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            failure.compareAndSet(null, new InterruptedIOException("interrupted while writing frame " + job.index));
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            freeRaw.add(job.raw);
            freeStored.add(job.stored);
            inFlight.release();
        }
    }

    private void checkUsable() throws IOException {
        // Closed or finished first: closing interrupts the workers, whose interruption is no failure of its own.
        if (summary != null || released) {
            throw new IOException("the archive stream is " + (summary != null ? "finished" : "closed"));
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new IOException("the archive stream failed: " + f.getMessage(), f);
        }
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        compressors.shutdownNow();
        writer.shutdownNow();
        try {
            if (!compressors.awaitTermination(30, TimeUnit.SECONDS) || !writer.awaitTermination(30, TimeUnit.SECONDS)) {
                return; // a thread is stuck (native code, a hung output): leak rather than free under it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (ZstdCompressCtx ctx; (ctx = contexts.poll()) != null; ) {
            ctx.close();
        }
        freeRaw.clear();
        freeStored.clear();
        buf = null;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A frame; its compressing thread sets the mutable fields before the writer reads them. */
    private static final class Job {
        final int index;
        final long rawOffset;
        final byte[] raw;
        final int rawLength;
        final CompletableFuture<Boolean> probe; // completed by this job: non-null on a probe frame
        final CompletableFuture<Boolean> decision; // the probe this job follows: null on a probe or when not adaptive
        byte[] stored;
        int storedLength;
        boolean fast;

        Job(int index, long rawOffset, byte[] raw, int rawLength, byte[] stored,
                CompletableFuture<Boolean> probe, CompletableFuture<Boolean> decision) {
            this.index = index;
            this.rawOffset = rawOffset;
            this.raw = raw;
            this.rawLength = rawLength;
            this.stored = stored;
            this.probe = probe;
            this.decision = decision;
        }
    }
}
