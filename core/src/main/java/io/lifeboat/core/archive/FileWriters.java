package io.lifeboat.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes restored files on a few threads while the restoring thread reads the archive. On a full
 * restore the kernel's copy into the page cache is most of the work, and one writing thread left the
 * second core half idle: with two, both cores copy (and hash) while the restoring thread only reads.
 *
 * <p>The restoring thread {@link #start starts} a file, hands it the content in chunks as it reads them
 * ({@link Job#add}), then {@link Job#end ends} or {@link Job#abort aborts} it. A writer thread writes the
 * chunks to the file's temporary part in order, hashes them, checks the sha256, sets mode and mtime
 * and renames the part into place; on any failure it removes the part. The {@link Job#outcome outcome}
 * says which. Chunks in flight are bounded ({@link #BUDGET} of them), so memory is too.
 */
final class FileWriters implements AutoCloseable {
    static final int CHUNK = 256 * 1024;
    static final int BUDGET = 64;
    private static final Piece END = new Piece(new byte[0], 0);
    private static final Piece ABORT = new Piece(new byte[0], 0);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService pool;
    private final Semaphore budget = new Semaphore(BUDGET);
    private final BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();

    FileWriters(int threads) {
        String name = "lifeboat-restore-write-" + POOLS.incrementAndGet() + "-";
        AtomicInteger id = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Writers for this machine: one per core, at least 2 and at most 4. */
    static FileWriters forMachine() {
        return new FileWriters(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    /** What happened to a file: written and in place (failure null), or why not. */
    record Outcome(boolean aborted, String failure) {
        static final Outcome DONE = new Outcome(false, null);
        static final Outcome ABORTED = new Outcome(true, null);
    }

    /** Where a file goes: its part (open, empty), the final path, and what the manifest says of it. */
    record Destination(Path part, FileChannel channel, Path target, boolean replace, ManifestEntry entry) {
    }

    Job start(Destination d) {
        Job job = new Job(d);
        job.outcome = pool.submit(job::write);
        return job;
    }

    /**
     * Reads exactly the entry's size from {@code content} into a started job and ends it; aborts it
     * and rethrows when reading fails or the content is short.
     */
    void feed(Job job, InputStream content, long size) throws IOException {
        long copied = 0;
        try {
            while (copied < size) {
                byte[] chunk = take();
                int n = content.readNBytes(chunk, 0, (int) Math.min(CHUNK, size - copied));
                if (n <= 0) {
                    give(chunk);
                    break;
                }
                job.add(chunk, n);
                copied += n;
            }
        } catch (IOException | RuntimeException e) {
            job.abort();
            throw e;
        }
        if (copied != size) {
            job.abort();
            throw new IOException("the archive holds only " + copied + " of its " + size + " bytes");
        }
        job.end();
    }

    /** {@code n} bytes of content in {@code chunk}. */
    private record Piece(byte[] chunk, int n) {
    }

    /** One file being written. */
    final class Job {
        private final Destination d;
        private final BlockingQueue<Piece> pieces = new LinkedBlockingQueue<>();
        private Future<Outcome> outcome;

        private Job(Destination d) {
            this.d = d;
        }

        ManifestEntry entry() {
            return d.entry();
        }

        void add(byte[] chunk, int n) {
            pieces.add(new Piece(chunk, n));
        }

        void end() {
            pieces.add(END);
        }

        void abort() {
            pieces.add(ABORT);
        }

        boolean isDone() {
            return outcome.isDone();
        }

        /** Waits for the writer; a writer that failed unexpectedly is this file's failure. */
        Outcome outcome() throws InterruptedIOException {
            try {
                return outcome.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("restore interrupted");
            } catch (ExecutionException e) {
                return new Outcome(false, "writing failed: " + e.getCause());
            }
        }

        private Outcome write() {
            boolean placed = false;
            try (FileChannel out = d.channel()) {
                MessageDigest sha = Digests.sha256();
                boolean failedWrite = false;
                String failure = null;
                while (true) {
                    Piece piece = pieces.take();
                    if (piece == ABORT) {
                        return Outcome.ABORTED;
                    } else if (piece == END) {
                        break;
                    }
                    byte[] chunk = piece.chunk();
                    try {
                        if (!failedWrite) {
                            ByteBuffer b = ByteBuffer.wrap(chunk, 0, piece.n());
                            while (b.hasRemaining()) {
                                out.write(b);
                            }
                            sha.update(chunk, 0, piece.n());
                        }
                    } catch (IOException e) {
                        failedWrite = true; // keep taking the content, so the reader is never left waiting
                        failure = "writing failed: " + e.getMessage();
                    } finally {
                        give(chunk);
                    }
                }
                if (failure != null) {
                    return new Outcome(false, failure);
                }
                String actual = Digests.hex(sha);
                if (!actual.equals(d.entry().sha256())) {
                    return new Outcome(false, "sha256 of the restored content is " + actual + ", the manifest says "
                            + d.entry().sha256());
                }
                out.close();
                PosixFiles.setMode(d.part(), d.entry().mode());
                PosixFiles.setTime(d.part(), d.entry().mtime());
                if (d.replace()) {
                    Files.move(d.part(), d.target(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(d.part(), d.target());
                }
                placed = true;
                return Outcome.DONE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, "restore interrupted");
            } catch (IOException | RuntimeException e) {
                return new Outcome(false, e.getMessage());
            } finally {
                if (!placed) {
                    try {
                        Files.deleteIfExists(d.part());
                    } catch (IOException ignored) {
                        // a part left behind is named .lifeboat-*.part; the failure is reported anyway
                    }
                }
            }
        }
    }

    private byte[] take() throws InterruptedIOException {
        try {
            budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("restore interrupted");
        }
        byte[] chunk = free.poll();
        return chunk != null ? chunk : new byte[CHUNK];
    }

    private void give(byte[] chunk) {
        free.add(chunk);
        budget.release();
    }

    /** Stops the writers; a job still waiting for content is interrupted and removes its part. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
