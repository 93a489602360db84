package io.lifeboat.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer threads of a restore: files of every size land whole with their mode and mtime; a
 * sha256 mismatch, short content or a stop leaves neither the file nor its part behind.
 */
class ArchiveFileWritersTest {
    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void filesOfEverySizeAroundTheChunkLandWhole() throws Exception {
        Random random = new Random(7);
        List<byte[]> contents = new ArrayList<>();
        List<FileWriters.Job> jobs = new ArrayList<>();
        try (FileWriters writers = new FileWriters(2)) {
            int[] sizes = {0, 1, FileWriters.CHUNK - 1, FileWriters.CHUNK, FileWriters.CHUNK + 1,
                    // more than the whole budget of chunks in flight: the reader must wait for the writers
                    (FileWriters.BUDGET + 3) * FileWriters.CHUNK + 12_345};
            for (int size : sizes) {
                byte[] content = new byte[size];
                random.nextBytes(content);
                contents.add(content);
                FileWriters.Job job = writers.start(destination("f" + size, content, sha256(content)));
                writers.feed(job, new ByteArrayInputStream(content), size);
                jobs.add(job);
            }
            for (int i = 0; i < sizes.length; i++) {
                assertThat(jobs.get(i).outcome()).isEqualTo(FileWriters.Outcome.DONE);
                Path file = dir.resolve("f" + sizes[i]);
                assertThat(Files.readAllBytes(file)).as("size %d", sizes[i]).isEqualTo(contents.get(i));
                assertThat(PosixFiles.attributes(file).lastModifiedTime().toInstant()).isEqualTo(T);
                assertThat(Files.getPosixFilePermissions(file)).hasSize(4); // rw-r--r--
            }
        }
        assertThat(parts()).isEmpty();
    }

    @Test
    void aMismatchingSha256FailsTheFileAndLeavesNothing() throws Exception {
        byte[] content = "hello".getBytes();
        try (FileWriters writers = new FileWriters(2)) {
            FileWriters.Job job = writers.start(destination("bad", content, "00".repeat(32)));
            writers.feed(job, new ByteArrayInputStream(content), content.length);

            FileWriters.Outcome o = job.outcome();

            assertThat(o.aborted()).isFalse();
            assertThat(o.failure()).contains("sha256 of the restored content is " + sha256(content))
                    .contains("the manifest says " + "00".repeat(32));
        }
        assertThat(dir.resolve("bad")).doesNotExist();
        assertThat(parts()).isEmpty();
    }

    @Test
    void shortContentAbortsTheFileAndTheNextOneIsStillRight() throws Exception {
        byte[] content = new byte[3 * FileWriters.CHUNK];
        new Random(9).nextBytes(content);
        try (FileWriters writers = new FileWriters(2)) {
            FileWriters.Job shortJob = writers.start(destination("short", content, sha256(content)));
            assertThatThrownBy(() -> writers.feed(shortJob, new ByteArrayInputStream(content, 0, 2 * FileWriters.CHUNK + 5),
                    content.length))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("holds only " + (2 * FileWriters.CHUNK + 5) + " of its " + content.length);
            FileWriters.Job next = writers.start(destination("next", content, sha256(content)));
            writers.feed(next, new ByteArrayInputStream(content), content.length);

            assertThat(shortJob.outcome()).isEqualTo(FileWriters.Outcome.ABORTED);
            assertThat(next.outcome()).isEqualTo(FileWriters.Outcome.DONE);
        }
        assertThat(dir.resolve("short")).doesNotExist();
        assertThat(dir.resolve("next")).hasBinaryContent(content);
        assertThat(parts()).isEmpty();
    }

    @Test
    void closingStopsAWriterWaitingForContentAndRemovesItsPart() throws Exception {
        byte[] content = new byte[2 * FileWriters.CHUNK];
        FileWriters writers = new FileWriters(1);
        FileWriters.Job job = writers.start(destination("waiting", content, sha256(content)));
        job.add(new byte[FileWriters.CHUNK], FileWriters.CHUNK); // half of it, then the restore stops

        writers.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!job.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(Duration.ofMillis(10).toMillis());
        }
        assertThat(job.outcome().failure()).contains("interrupted");
        assertThat(dir.resolve("waiting")).doesNotExist();
        assertThat(parts()).isEmpty();
    }

    private FileWriters.Destination destination(String name, byte[] content, String sha256) throws IOException {
        Path part = dir.resolve("." + name + ".part");
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ManifestEntry e = new ManifestEntry(name, EntryType.FILE, content.length, T, 0644, sha256, null, 0, 512, 0, false);
        return new FileWriters.Destination(part, channel, dir.resolve(name), false, e);
    }

    private List<Path> parts() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
