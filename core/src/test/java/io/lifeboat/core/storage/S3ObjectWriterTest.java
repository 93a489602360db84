package io.lifeboat.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buffering and concurrency of streaming uploads, against a fake store (no server). */
class S3ObjectWriterTest {
    private static final int PART = 1024 * 1024;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final FakeCalls calls = new FakeCalls();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void objectSmallerThanOnePartIsOnePut() throws IOException {
        byte[] data = random(PART - 1);
        ObjectInfo info = write(data, 1000);

        assertThat(calls.puts).containsExactly(data.length);
        assertThat(calls.started.get()).isZero();
        assertThat(calls.stored()).isEqualTo(data);
        assertThat(info.size()).isEqualTo(data.length);
    }

    @Test
    void objectOfExactlyOnePartIsStillOnePut() throws IOException {
        write(random(PART), PART);

        assertThat(calls.puts).containsExactly(PART);
        assertThat(calls.started.get()).isZero();
    }

    @Test
    void largerObjectIsUploadedInOrderedParts() throws IOException {
        byte[] data = random(3 * PART + 1);
        ObjectInfo info = write(data, 77_777);

        assertThat(calls.puts).isEmpty();
        assertThat(calls.started.get()).isEqualTo(1);
        assertThat(calls.completedParts).containsExactly(1, 2, 3, 4);
        assertThat(calls.partSizes()).containsExactly(PART, PART, PART, 1);
        assertThat(calls.stored()).isEqualTo(data);
        assertThat(info.size()).isEqualTo(data.length);
    }

    @Test
    void singleByteWritesWork() throws IOException {
        byte[] data = random(PART + 10);
        try (ObjectWriter writer = writer()) {
            for (byte b : data) {
                writer.stream().write(b);
            }
            writer.commit();
        }
        assertThat(calls.stored()).isEqualTo(data);
    }

    @Test
    void atMostTwoPartsUploadAtOnceAndAtMostThreeBuffersExist() throws IOException {
        calls.partDelayMillis = 30;
        S3ObjectWriter writer = writer();
        writer.stream().write(random(10 * PART + 5));
        writer.commit();

        assertThat(calls.maxConcurrent.get()).isEqualTo(2);
        assertThat(writer.partBuffersAllocated()).isBetween(2, 3);
        assertThat(calls.completedParts).hasSize(11);
    }

    @Test
    void failedPartSurfacesAndAbortsTheUpload() throws IOException {
        calls.failPart = 2;
        S3ObjectWriter writer = writer();
        OutputStream out = writer.stream();

        assertThatThrownBy(() -> {
            byte[] chunk = random(PART / 2);
            for (int i = 0; i < 20; i++) {
                out.write(chunk);
            }
            writer.commit();
        }).isInstanceOfSatisfying(LifeboatException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TARGET_IO);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("part 2");
        });
        writer.close();

        assertThat(calls.aborted.get()).isEqualTo(1);
        assertThat(calls.completedParts).isEmpty();
    }

    @Test
    void writingIsFasterThanTheBackupPipeline() throws IOException {
        int partSize = 16 * PART;
        S3ObjectWriter writer = new S3ObjectWriter(new NullCalls(), "test", partSize, 2, executor);
        byte[] chunk = random(1 << 20);
        long total = 1L << 30;
        long start = System.nanoTime();
        for (long n = 0; n < total; n += chunk.length) {
            writer.stream().write(chunk);
        }
        writer.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        double mbPerSecond = total / 1e6 / seconds;

        System.out.printf("S3ObjectWriter: %.0f MB/s into a no-op store%n", mbPerSecond);
        assertThat(mbPerSecond).isGreaterThan(500);
        assertThat(writer.partBuffersAllocated()).isLessThanOrEqualTo(3);
    }

    private ObjectInfo write(byte[] data, int chunk) throws IOException {
        try (ObjectWriter writer = writer()) {
            for (int pos = 0; pos < data.length; pos += chunk) {
                writer.stream().write(data, pos, Math.min(chunk, data.length - pos));
            }
            return writer.commit();
        }
    }

    private S3ObjectWriter writer() {
        return new S3ObjectWriter(calls, "test target key", PART, 2, executor);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** Keeps copies of what it is given; can be slow or fail a part. */
    private static final class FakeCalls implements UploadCalls {
        final List<Integer> puts = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> parts = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(100, null)));
        final List<Integer> completedParts = new ArrayList<>();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger aborted = new AtomicInteger();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        volatile int partDelayMillis;
        volatile int failPart;
        private byte[] whole;

        @Override
        public ObjectInfo putWhole(byte[] data, int length) {
            puts.add(length);
            whole = Arrays.copyOf(data, length);
            return new ObjectInfo("k", length, Instant.EPOCH);
        }

        @Override
        public String startMultipart() {
            started.incrementAndGet();
            return "upload-1";
        }

        @Override
        public UploadedPart uploadPart(String uploadId, int partNumber, byte[] data, int length) {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(partDelayMillis);
                if (partNumber == failPart) {
                    throw new LifeboatException(ErrorCode.TARGET_IO, "upload part " + partNumber + " failed: 503", null, true);
                }
                parts.set(partNumber, Arrays.copyOf(data, length));
                return new UploadedPart(partNumber, "etag-" + partNumber, null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                concurrent.decrementAndGet();
            }
        }

        @Override
        public ObjectInfo completeMultipart(String uploadId, List<UploadedPart> done, long size) {
            done.forEach(p -> completedParts.add(p.number()));
            return new ObjectInfo("k", size, Instant.EPOCH);
        }

        @Override
        public void abortMultipart(String uploadId) {
            aborted.incrementAndGet();
        }

        List<Integer> partSizes() {
            return completedParts.stream().map(n -> parts.get(n).length).toList();
        }

        byte[] stored() {
            if (whole != null) {
                return whole;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            completedParts.forEach(n -> out.writeBytes(parts.get(n)));
            return out.toByteArray();
        }
    }

    /** Accepts everything at once and keeps nothing. */
    private static final class NullCalls implements UploadCalls {
        @Override
        public ObjectInfo putWhole(byte[] data, int length) {
            return new ObjectInfo("k", length, Instant.EPOCH);
        }

        @Override
        public String startMultipart() {
            return "u";
        }

        @Override
        public UploadedPart uploadPart(String uploadId, int partNumber, byte[] data, int length) {
            return new UploadedPart(partNumber, "e", null);
        }

        @Override
        public ObjectInfo completeMultipart(String uploadId, List<UploadedPart> parts, long size) {
            return new ObjectInfo("k", size, Instant.EPOCH);
        }

        @Override
        public void abortMultipart(String uploadId) {
        }
    }
}
