package io.lifeboat.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link Target} must do, run against each implementation (file, s3 on moto_server,
 * and any decorator or new target: extend this class in its module's tests).
 */
public abstract class TargetContract {
    /** Part size the target under test must use for streaming writes (the S3 minimum). */
    protected static final int PART_SIZE = 5 * 1024 * 1024;

    /** The name the target under test must have; error messages must contain it. */
    protected static final String TARGET_NAME = "contract";

    protected Target target;

    /** A fresh, empty target named {@link #TARGET_NAME} whose streaming writes use {@link #PART_SIZE} parts. */
    protected abstract Target newTarget();

    /** How many uploads were started and neither committed nor aborted (multipart uploads, partial files). */
    protected abstract int incompleteUploads();

    @BeforeEach
    protected void openTarget() {
        target = newTarget();
    }

    @AfterEach
    protected void closeTarget() {
        target.close();
    }

    @Test
    void putThenOpenReturnsTheSameBytes() throws IOException {
        byte[] manifest = "{\"format\":1}".getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = target.put("orders-db/b1/manifest.json", manifest);

        assertThat(info.key()).isEqualTo("orders-db/b1/manifest.json");
        assertThat(info.size()).isEqualTo(manifest.length);
        assertThat(readAll(target.open("orders-db/b1/manifest.json"))).isEqualTo(manifest);
        assertThat(target.stat("orders-db/b1/manifest.json")).get()
                .extracting(ObjectInfo::size, ObjectInfo::archived).containsExactly((long) manifest.length, false);
    }

    @Test
    void putReplacesAnExistingObject() throws IOException {
        target.put("k", bytes("first version"));
        target.put("k", bytes("second"));

        assertThat(readAll(target.open("k"))).isEqualTo(bytes("second"));
        assertThat(target.list("")).hasSize(1);
    }

    @Test
    void createIsInvisibleUntilCommit() throws IOException {
        byte[] data = random(100_000, 1);
        try (ObjectWriter writer = target.create("src/b/data.tar.zst")) {
            writer.stream().write(data, 0, 40_000);
            writer.stream().write(data[40_000]);
            writer.stream().write(data, 40_001, data.length - 40_001);
            assertThat(target.stat("src/b/data.tar.zst")).isEmpty();
            assertThat(target.list("")).isEmpty();

            ObjectInfo info = writer.commit();

            assertThat(info.key()).isEqualTo("src/b/data.tar.zst");
            assertThat(info.size()).isEqualTo(data.length);
        }
        assertThat(readAll(target.open("src/b/data.tar.zst"))).isEqualTo(data);
        assertThat(target.stat("src/b/data.tar.zst")).get().extracting(ObjectInfo::size).isEqualTo((long) data.length);
    }

    @Test
    void closingTheStreamDoesNotCommit() throws IOException {
        try (ObjectWriter writer = target.create("k")) {
            writer.stream().write(bytes("abc"));
            writer.stream().close();
            assertThat(target.stat("k")).isEmpty();
            assertThatThrownBy(() -> writer.stream().write(1)).isInstanceOf(IOException.class);

            writer.commit();
        }
        assertThat(readAll(target.open("k"))).isEqualTo(bytes("abc"));
    }

    @Test
    void emptyObjectCanBeCreated() throws IOException {
        try (ObjectWriter writer = target.create("empty")) {
            assertThat(writer.commit().size()).isZero();
        }
        assertThat(readAll(target.open("empty"))).isEmpty();
        assertThat(target.stat("empty")).get().extracting(ObjectInfo::size).isEqualTo(0L);
    }

    @Test
    void abortLeavesNothingVisible() throws IOException {
        ObjectWriter writer = target.create("aborted");
        writer.stream().write(random(PART_SIZE + 1000, 2));
        writer.abort();
        writer.abort(); // idempotent

        assertThat(target.stat("aborted")).isEmpty();
        assertThat(target.list("")).isEmpty();
        assertThat(incompleteUploads()).isZero();
        assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
        assertNotFound(() -> target.open("aborted"), "aborted");
    }

    @Test
    void closeWithoutCommitLeavesNothingVisible() throws IOException {
        try (ObjectWriter writer = target.create("small")) {
            writer.stream().write(bytes("never committed"));
        }
        try (ObjectWriter writer = target.create("large")) {
            writer.stream().write(random(PART_SIZE + 1, 3));
        }

        assertThat(target.stat("small")).isEmpty();
        assertThat(target.stat("large")).isEmpty();
        assertThat(target.list("")).isEmpty();
        assertThat(incompleteUploads()).isZero();
    }

    @Test
    void rangedReadsReturnExactlyTheRange() throws IOException {
        byte[] data = random(10_000, 4);
        target.put("r", data);

        assertThat(readAll(target.openRange("r", 0, 10))).isEqualTo(slice(data, 0, 10));
        assertThat(readAll(target.openRange("r", 4_321, 1_000))).isEqualTo(slice(data, 4_321, 1_000));
        assertThat(readAll(target.openRange("r", 9_993, 7))).isEqualTo(slice(data, 9_993, 7));
        assertThat(readAll(target.openRange("r", 0, data.length))).isEqualTo(data);
        assertThat(readAll(target.openRange("r", 5, 0))).isEmpty();
    }

    @Test
    void rangeRunningPastTheEndStopsAtTheEnd() throws IOException {
        byte[] data = random(1_000, 5);
        target.put("r", data);

        assertThat(readAll(target.openRange("r", 990, 100))).isEqualTo(slice(data, 990, 10));
        assertThatThrownBy(() -> target.openRange("r", 1_000, 10))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        assertThatThrownBy(() -> target.openRange("r", -1, 10))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void listIsRecursiveSortedAndFilteredByPrefix() {
        for (String key : List.of("b/2", "a/x/1", "a/10", "ab", "a/2", "c")) {
            target.put(key, bytes(key));
        }

        assertThat(target.list("")).extracting(ObjectInfo::key).containsExactly("a/10", "a/2", "a/x/1", "ab", "b/2", "c");
        assertThat(target.list("a/")).extracting(ObjectInfo::key).containsExactly("a/10", "a/2", "a/x/1");
        assertThat(target.list("a")).extracting(ObjectInfo::key).containsExactly("a/10", "a/2", "a/x/1", "ab");
        assertThat(target.list("a/1")).extracting(ObjectInfo::key).containsExactly("a/10");
        assertThat(target.list("zzz")).isEmpty();
        assertThat(target.list("a/x/")).singleElement()
                .extracting(ObjectInfo::size, ObjectInfo::archived).containsExactly(5L, false);
    }

    @Test
    void deleteRemovesTheObject() {
        target.put("d/1", bytes("one"));
        target.put("d/2", bytes("two"));

        target.delete("d/1");

        assertThat(target.stat("d/1")).isEmpty();
        assertThat(target.list("")).extracting(ObjectInfo::key).containsExactly("d/2");
        assertNotFound(() -> target.open("d/1"), "d/1");
        target.delete("d/1"); // deleting a missing key is not an error
        assertThat(target.list("")).hasSize(1);
    }

    @Test
    void purgeRemovesTheObjectForGood() {
        target.put("p/1", bytes("one"));
        target.put("p/1", bytes("one again"));
        target.put("p/2", bytes("two"));

        target.purge("p/1");

        assertThat(target.stat("p/1")).isEmpty();
        assertThat(target.list("")).extracting(ObjectInfo::key).containsExactly("p/2");
        target.purge("p/1"); // purging a missing key is not an error
        assertThat(target.list("")).hasSize(1);
    }

    @Test
    void missingKeyIsNotFoundNamingTargetAndKey() {
        assertThat(target.stat("no/such/key")).isEmpty();
        assertNotFound(() -> target.open("no/such/key"), "no/such/key");
        assertNotFound(() -> target.openRange("no/such/key", 0, 10), "no/such/key");
    }

    @Test
    void multipartObjectRoundTrips() throws Exception {
        byte[] data = random(17 * 1024 * 1024 + 12_345, 6);
        Random chunks = new Random(7);
        try (ObjectWriter writer = target.create("big/data.tar.zst")) {
            OutputStream out = writer.stream();
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, 1 + chunks.nextInt(1_500_000));
                out.write(data, pos, n);
                pos += n;
            }
            assertThat(writer.commit().size()).isEqualTo(data.length);
        }

        assertThat(target.stat("big/data.tar.zst")).get().extracting(ObjectInfo::size).isEqualTo((long) data.length);
        try (InputStream in = target.open("big/data.tar.zst")) {
            assertThat(sha256(in)).isEqualTo(sha256(new ByteArrayInputStream(data)));
        }
        assertThat(readAll(target.openRange("big/data.tar.zst", PART_SIZE - 10, 20)))
                .isEqualTo(slice(data, PART_SIZE - 10, 20));
        assertThat(incompleteUploads()).isZero();
    }

    @Test
    void abortIncompleteUploadsDiscardsStartedUploads() throws IOException {
        ObjectWriter writer = target.create("crashed/data");
        writer.stream().write(random(PART_SIZE + 1, 8));
        writer.stream().flush();
        assertThat(incompleteUploads()).isEqualTo(1);

        assertThat(target.abortIncompleteUploads(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(incompleteUploads()).isEqualTo(1);

        assertThat(target.abortIncompleteUploads(Instant.now().plusSeconds(60))).isEqualTo(1);

        assertThat(incompleteUploads()).isZero();
        assertThatThrownBy(writer::commit).isInstanceOf(LifeboatException.class);
        writer.close();
        assertThat(target.list("")).isEmpty();
        assertThat(target.stat("crashed/data")).isEmpty();
    }

    @Test
    void incompleteUploadsNameTheirKeysAndCanBeAbortedOneByOne() throws IOException {
        ObjectWriter kept = target.create("src/2026/11/25/keep/data.tar.zst");
        kept.stream().write(random(PART_SIZE + 1, 9));
        kept.stream().flush();
        ObjectWriter dropped = target.create("src/2026/11/25/drop/data.tar.zst");
        dropped.stream().write(random(PART_SIZE + 1, 10));
        dropped.stream().flush();

        List<PendingUpload> pending = target.incompleteUploads();
        assertThat(pending).extracting(PendingUpload::key)
                .containsExactlyInAnyOrder("src/2026/11/25/keep/data.tar.zst", "src/2026/11/25/drop/data.tar.zst");
        target.abortUpload(pending.stream().filter(u -> u.key().contains("/drop/")).findFirst().orElseThrow());

        assertThat(target.incompleteUploads()).extracting(PendingUpload::key).containsExactly("src/2026/11/25/keep/data.tar.zst");
        kept.commit();
        assertThat(target.stat("src/2026/11/25/keep/data.tar.zst")).isPresent();
        dropped.close();
        assertThat(target.incompleteUploads()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../../escape", "/etc/passwd", "a//b", "./a", "a/.", "", ".partial/x", "a\\b"})
    void keysThatCouldEscapeAreRefused(String key) {
        assertUsage(() -> target.put(key, bytes("x")));
        assertUsage(() -> target.create(key));
        assertUsage(() -> target.open(key));
        assertUsage(() -> target.stat(key));
        assertUsage(() -> target.delete(key));
        assertThat(target.list("")).isEmpty();
    }

    protected static void assertNotFound(Runnable call, String key) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LifeboatException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains(key);
        }).hasMessageContaining("'" + TARGET_NAME + "'");
    }

    private static void assertUsage(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    protected static byte[] slice(byte[] data, int offset, int length) {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    protected static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            digest.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
