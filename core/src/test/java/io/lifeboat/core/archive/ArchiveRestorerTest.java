package io.lifeboat.core.archive;

import static io.lifeboat.core.archive.ArchiveFixtures.NOFOLLOW;
import static io.lifeboat.core.archive.ArchiveFixtures.SMALL_FRAMES;
import static io.lifeboat.core.archive.ArchiveFixtures.file;
import static io.lifeboat.core.archive.ArchiveFixtures.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.ArchiveFixtures.Ranges;
import io.lifeboat.core.archive.ArchiveFixtures.Written;
import io.lifeboat.core.archive.RestoreReport.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRestorerTest {
    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void maliciousEntriesAreRefusedAndNothingIsWrittenOutside() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path into = tmp.resolve("a/b/into");
        Path secret = file(outside, "secret", "top secret".getBytes(), 0600, T);
        byte[] tar = tar(out -> {
            fileEntry(out, "../../etc/x", "dotdot");
            fileEntry(out, tmp.resolve("abs/x").toString(), "absolute");
            linkEntry(out, "evil", TarConstants.LF_SYMLINK, "/");
            fileEntry(out, "evil" + tmp.resolve("landed"), "through evil"); // evil/<tmp>/landed: lands in tmp if followed
            linkEntry(out, "evil2", TarConstants.LF_SYMLINK, outside.toString());
            fileEntry(out, "evil2/x", "through evil2");
            linkEntry(out, "up", TarConstants.LF_SYMLINK, "../../outside");
            linkEntry(out, "hard", TarConstants.LF_LINK, "/etc/passwd");
            linkEntry(out, "hard2", TarConstants.LF_LINK, secret.toString());
            fileEntry(out, "ok.txt", "fine");
            linkEntry(out, "good", TarConstants.LF_SYMLINK, "ok.txt");
            linkEntry(out, "hard-ok", TarConstants.LF_LINK, "ok.txt");
            linkEntry(out, "sublink", TarConstants.LF_SYMLINK, "sub");
            fileEntry(out, "sublink/y", "through an inner symlink");
        });
        Written w = ArchiveFixtures.compressHandBuilt(tar, SMALL_FRAMES);

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), new Ranges(w.stored()), into, e -> true,
                RestoreOptions.SAFE);

        assertThat(report.refused()).extracting(Problem::path).containsExactlyInAnyOrder("../../etc/x",
                tmp.resolve("abs/x").toString(), "evil", "evil" + tmp.resolve("landed"), "evil2", "evil2/x", "up", "hard", "hard2",
                "sublink/y");
        assertThat(report.refused()).allSatisfy(p -> assertThat(p.reason()).isNotBlank());
        assertThat(report.failed()).isEmpty();
        assertThat(report.restored()).containsExactly("ok.txt", "good", "hard-ok", "sublink");
        assertThat(Files.readString(into.resolve("ok.txt"))).isEqualTo("fine");
        assertThat(Files.readSymbolicLink(into.resolve("good"))).isEqualTo(Path.of("ok.txt"));
        assertThat(Files.isSameFile(into.resolve("hard-ok"), into.resolve("ok.txt"))).isTrue();
        assertThat(tmp.resolve("a/etc")).doesNotExist();
        assertThat(tmp.resolve("abs")).doesNotExist();
        assertThat(tmp.resolve("landed")).doesNotExist();
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(secret);
        }
        assertThat(Files.readString(secret)).isEqualTo("top secret");
        assertThat(Files.readAttributes(secret, "unix:nlink").get("nlink")).isEqualTo(1);
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> !p.startsWith(into) && !p.startsWith(outside) && Files.isRegularFile(p, NOFOLLOW)))
                    .isEmpty();
        }
        try (Stream<Path> inside = Files.list(into)) {
            assertThat(inside.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ok.txt", "good", "hard-ok", "sublink");
        }
    }

    @Test
    void aSymlinkThatEscapesOnlyOnceLaterLinksExistIsRemoved() throws IOException {
        byte[] tar = tar(out -> {
            linkEntry(out, "a", TarConstants.LF_SYMLINK, "d/c/../.."); // "." while d/c does not exist
            linkEntry(out, "d/c", TarConstants.LF_SYMLINK, "../d2"); // now a -> d2/.. -> .. : outside
            fileEntry(out, "d2/f", "f");
        });
        Written w = ArchiveFixtures.compressHandBuilt(tar, SMALL_FRAMES);
        Path into = tmp.resolve("into");

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), new Ranges(w.stored()), into, e -> true,
                RestoreOptions.SAFE);

        assertThat(report.refused()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("a");
            assertThat(p.reason()).contains("once restored");
        });
        assertThat(report.restored()).containsExactly("d/c", "d2/f");
        assertThat(into.resolve("a")).doesNotExist();
        assertThat(Files.isSymbolicLink(into.resolve("a"))).isFalse();
        assertThat(Files.readSymbolicLink(into.resolve("d/c"))).isEqualTo(Path.of("../d2"));
    }

    @Test
    void aTarNameDifferentFromTheManifestIsNotWritten() throws IOException {
        byte[] tar = tar(out -> fileEntry(out, "../escape", "x"));
        Written w = ArchiveFixtures.compressHandBuilt(tar, SMALL_FRAMES);
        ManifestEntry e = w.manifest().entries().get(0);
        ManifestEntry disguised = new ManifestEntry("harmless", e.type(), e.size(), e.mtime(), e.mode(), e.sha256(),
                null, e.headerOffset(), e.dataOffset(), e.frame(), false);
        Manifest m = ArchiveFixtures.manifest(List.of(disguised), new ArchiveSummary(w.manifest().frames(),
                w.manifest().rawSize(), w.manifest().storedSize(), w.manifest().sha256()));

        RestoreReport report = ArchiveRestorer.restore(m, new Ranges(w.stored()), tmp.resolve("d/into"), x -> true,
                RestoreOptions.SAFE);

        assertThat(report.failed()).singleElement().satisfies(p -> assertThat(p.reason()).contains("../escape"));
        assertThat(tmp.resolve("d/escape")).doesNotExist();
        assertThat(tmp.resolve("d/into/harmless")).doesNotExist();
    }

    @Test
    void aCorruptedFrameFailsOnlyTheFilesInIt() throws IOException {
        Path src = tmp.resolve("src");
        file(src, "a.bin", random(10_000, 1), 0644, T);
        file(src, "big.bin", random(300 * 1024, 2), 0644, T);
        file(src, "c.bin", random(10_000, 3), 0644, T);
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        ManifestEntry big = w.manifest().entries().stream().filter(e -> e.path().equals("big.bin")).findFirst().orElseThrow();
        Frame f = w.manifest().frames().get(big.frame() + 2);
        byte[] stored = w.stored().clone();
        stored[(int) (f.storedOffset() + f.storedSize() / 2)] ^= 0x40;
        Path into = tmp.resolve("into");

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), new Ranges(stored), into, e -> true,
                RestoreOptions.SAFE);

        assertThat(report.failed()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("big.bin");
            assertThat(p.reason()).contains("frame " + f.index());
        });
        assertThat(report.restored()).containsExactly("a.bin", "c.bin");
        assertThat(report.complete()).isFalse();
        assertThat(Files.readAllBytes(into.resolve("a.bin"))).isEqualTo(Files.readAllBytes(src.resolve("a.bin")));
        assertThat(Files.readAllBytes(into.resolve("c.bin"))).isEqualTo(Files.readAllBytes(src.resolve("c.bin")));
        try (Stream<Path> files = Files.list(into)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.bin", "c.bin");
        }
    }

    @Test
    void aChecksumMismatchFailsTheFileAndLeavesNothing() throws IOException {
        Path src = tmp.resolve("src");
        file(src, "x.txt", "content".getBytes(), 0644, T);
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        ManifestEntry e = w.manifest().entries().get(0);
        ManifestEntry lying = new ManifestEntry(e.path(), e.type(), e.size(), e.mtime(), e.mode(), "ab".repeat(32),
                null, e.headerOffset(), e.dataOffset(), e.frame(), false);
        Manifest m = ArchiveFixtures.manifest(List.of(lying), new ArchiveSummary(w.manifest().frames(),
                w.manifest().rawSize(), w.manifest().storedSize(), w.manifest().sha256()));
        Path into = tmp.resolve("into");

        RestoreReport report = ArchiveRestorer.restore(m, new Ranges(w.stored()), into, x -> true, RestoreOptions.SAFE);

        assertThat(report.failed()).singleElement().satisfies(p -> assertThat(p.reason()).contains("sha256"));
        try (Stream<Path> files = Files.list(into)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void existingFilesAreKeptUnlessOverwriteIsAsked() throws IOException {
        Path src = tmp.resolve("src");
        file(src, "x.txt", "from backup".getBytes(), 0644, T);
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        Path into = tmp.resolve("into");
        file(into, "x.txt", "live data".getBytes(), 0644, T.plusSeconds(99));

        RestoreReport safe = ArchiveRestorer.restore(w.manifest(), new Ranges(w.stored()), into, e -> true,
                RestoreOptions.SAFE);
        assertThat(safe.refused()).singleElement().satisfies(p -> assertThat(p.reason()).contains("overwrite"));
        assertThat(Files.readString(into.resolve("x.txt"))).isEqualTo("live data");

        RestoreReport forced = ArchiveRestorer.restore(w.manifest(), new Ranges(w.stored()), into, e -> true,
                new RestoreOptions(true));
        assertThat(forced.complete()).isTrue();
        assertThat(Files.readString(into.resolve("x.txt"))).isEqualTo("from backup");
    }

    @Test
    void aSymlinkAlreadyInTheTargetIsNotFollowed() throws IOException {
        Path src = tmp.resolve("src");
        file(src, "sub/x.txt", "x".getBytes(), 0644, T);
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path into = Files.createDirectories(tmp.resolve("into"));
        Files.createSymbolicLink(into.resolve("sub"), outside);

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), new Ranges(w.stored()), into,
                e -> e.path().equals("sub/x.txt"), new RestoreOptions(true));

        assertThat(report.refused()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("sub/x.txt");
            assertThat(p.reason()).contains("symlink");
        });
        assertThat(outside.resolve("x.txt")).doesNotExist();
    }

    @Test
    void manyFramesAreDecompressedAheadAndRestoredInOrder() throws IOException {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 60; i++) { // 60 x 40 KiB over 64 KiB frames: files straddle frames
            file(src, "d" + (i % 7) + "/f" + i + ".bin", random(40 * 1024 + i, 100 + i), 0640, T);
        }
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        assertThat(w.manifest().frames()).hasSizeGreaterThan(30);
        Path into = tmp.resolve("into");

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), new Ranges(w.stored()), into, e -> true,
                RestoreOptions.SAFE);

        assertThat(report.complete()).isTrue();
        assertThat(ArchiveFixtures.snapshot(into, false)).isEqualTo(ArchiveFixtures.snapshot(src, false));
        assertThat(decoderThreads()).isEmpty();
    }

    @Test
    void aTruncatedObjectFailsTheFilesPastItsEnd() throws IOException {
        Written w = tenFiles(200);
        Frame cut = w.manifest().frames().get(4);
        byte[] stored = java.util.Arrays.copyOf(w.stored(), (int) (cut.storedOffset() + cut.storedSize() / 2));
        Path into = tmp.resolve("into");

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), new Ranges(stored), into, e -> true,
                RestoreOptions.SAFE);

        List<ManifestEntry> files = w.manifest().entries().stream().filter(e -> e.type() == EntryType.FILE).toList();
        List<String> whole = files.stream().filter(e -> e.dataOffset() + e.size() <= cut.rawOffset())
                .map(ManifestEntry::path).toList();
        assertThat(whole).isNotEmpty();
        assertThat(report.restored()).containsAll(whole);
        assertThat(report.failed()).isNotEmpty().allSatisfy(p -> assertThat(p.reason()).containsAnyOf("truncated", "missing"));
        assertThat(report.restored().size() + report.failed().size()).isEqualTo(files.size());
        assertThat(decoderThreads()).isEmpty();
    }

    @Test
    void aStoredReadThatBreaksFailsTheRestOfTheSliceAndStopsTheReadAhead() throws IOException {
        Written w = tenFiles(300);
        long breakAt = w.manifest().frames().get(3).storedOffset() + 10;
        RangeReader breaking = (offset, length) -> new java.io.FilterInputStream(new Ranges(w.stored()).open(offset, length)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (offset + read + len > breakAt) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        Path into = tmp.resolve("into");

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), breaking, into, e -> true, RestoreOptions.SAFE);

        assertThat(report.restored()).isNotEmpty();
        assertThat(report.failed()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.reason()).contains("reading the stored object failed").contains("connection reset"));
        assertThat(report.restored().size() + report.failed().size()).isEqualTo(10);
        assertThat(decoderThreads()).isEmpty();
    }

    /** A copy that cannot be read at all fails the restore once; a later range that fails, only its files. */
    @Test
    void aCopyThatCannotBeReadFailsOnceButALaterRangeFailsOnlyItsFiles() throws IOException {
        Written w = tenFiles(400);
        io.lifeboat.core.LifeboatException noCredentials = new io.lifeboat.core.LifeboatException(
                io.lifeboat.core.ErrorCode.TARGET_IO, "s3 target 'dr': no AWS credentials");
        RangeReader refusing = (offset, length) -> {
            throw noCredentials;
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArchiveRestorer.restore(w.manifest(), refusing,
                tmp.resolve("none"), e -> true, RestoreOptions.SAFE)).isSameAs(noCredentials);
        assertThat(decoderThreads()).isEmpty();

        // two slices (every other file): the first is read, the second's range fails
        List<String> chosen = w.manifest().entries().stream().filter(e -> e.type() == EntryType.FILE)
                .map(ManifestEntry::path).filter(p -> p.matches("f[05]\\.bin")).toList();
        int[] opens = {0};
        RangeReader secondFails = (offset, length) -> {
            if (opens[0]++ > 0) {
                throw noCredentials;
            }
            return new Ranges(w.stored()).open(offset, length);
        };
        RestoreReport report = ArchiveRestorer.restore(w.manifest(), secondFails, tmp.resolve("half"),
                e -> chosen.contains(e.path()), RestoreOptions.SAFE);
        assertThat(opens[0]).isEqualTo(2);
        assertThat(report.restored()).containsExactly("f0.bin");
        assertThat(report.failed()).extracting(Problem::path).containsExactly("f5.bin");
        assertThat(report.failed().get(0).reason()).contains("no AWS credentials");
    }

    /** f0.bin to f9.bin, 50 KiB of random bytes each ({@code seed} + i), archived in 64 KiB frames. */
    private Written tenFiles(int seed) throws IOException {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 10; i++) {
            file(src, "f" + i + ".bin", random(50 * 1024, seed + i), 0644, T);
        }
        return ArchiveFixtures.write(src, SMALL_FRAMES);
    }

    private static List<String> decoderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("lifeboat-unzstd-")).toList();
    }

    @FunctionalInterface
    private interface TarBody {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    private static byte[] tar(TarBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(out);
        }
        return bytes.toByteArray();
    }

    private static void fileEntry(TarArchiveOutputStream out, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        e.setMode(0100644);
        e.setModTime(T.toEpochMilli());
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
    }

    private static void linkEntry(TarArchiveOutputStream out, String name, byte flag, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
        e.setLinkName(target);
        e.setModTime(T.toEpochMilli());
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }
}
