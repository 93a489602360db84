package io.lifeboat.core.archive;

import static io.lifeboat.core.archive.ArchiveFixtures.SMALL_FRAMES;
import static io.lifeboat.core.archive.ArchiveFixtures.file;
import static io.lifeboat.core.archive.ArchiveFixtures.random;
import static io.lifeboat.core.archive.ArchiveFixtures.sha256;
import static io.lifeboat.core.archive.ArchiveFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import io.lifeboat.core.archive.ArchiveFixtures.Ranges;
import io.lifeboat.core.archive.ArchiveFixtures.Written;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRoundTripTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456789Z");
    private static final String LONG_NAME = "long/" + "n".repeat(200);
    private static final String DEEP = "deep/" + ("d".repeat(60) + "/").repeat(5) + "f.txt";

    @TempDir
    Path tmp;
    Path src;

    @BeforeEach
    void tree() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        file(src, "empty.txt", new byte[0], 0600, T0);
        file(src, "ünïcödé/日本語ファイル.txt", "こんにちは\n".getBytes(StandardCharsets.UTF_8), 0644, T0.plusSeconds(1));
        file(src, "emoji-😀.bin", random(3000, 1), 0640, T0.plusSeconds(2));
        file(src, LONG_NAME, "long".getBytes(StandardCharsets.UTF_8), 0644, T0.plusSeconds(3));
        file(src, DEEP, "deep".getBytes(StandardCharsets.UTF_8), 0644, T0.plusSeconds(4));
        file(src, "big.bin", random(300 * 1024, 2), 0644, T0.plusSeconds(5));
        file(src, "exec.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755, T0.plusSeconds(6));
        file(src, "ro.txt", "read only".getBytes(StandardCharsets.UTF_8), 0444, T0.plusSeconds(7));
        Files.createDirectories(src.resolve("dir/empty-dir"));
        ArchiveFixtures.setMode(src.resolve("dir/empty-dir"), 0700);
        Files.createSymbolicLink(src.resolve("link-to-big"), Path.of("big.bin"));
        Files.createSymbolicLink(src.resolve("dir/up-link"), Path.of("../ünïcödé"));
        for (String d : List.of("dir/empty-dir", "dir", "ünïcödé", "long", "deep", "")) {
            Files.setLastModifiedTime(src.resolve(d), FileTime.from(T0.minusSeconds(60)));
        }
    }

    @Test
    void restoredTreeIsIdentical() throws IOException {
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        Path into = tmp.resolve("restored");

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), new Ranges(w.stored()), into, e -> true,
                RestoreOptions.SAFE);

        assertThat(report.refused()).isEmpty();
        assertThat(report.failed()).isEmpty();
        assertThat(report.complete()).isTrue();
        assertThat(report.files()).isEqualTo(8);
        assertThat(report.bytes()).isEqualTo(3000 + 300 * 1024 + 4 + 4 + 18 + 9 + 16);
        assertThat(report.restored()).hasSize(w.manifest().entries().size());
        assertThat(report.bytesFetched()).isEqualTo(w.stored().length);
        assertThat(snapshot(into, false)).isEqualTo(snapshot(src, false));
    }

    @Test
    void systemZstdAndTarReadIt() throws Exception {
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        Path archive = Files.write(tmp.resolve("data.tar.zst"), w.stored());
        Path into = Files.createDirectories(tmp.resolve("by-tar"));

        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; zstd -q -d -c \"$1\" | tar -xf - -C \"$2\"",
                "-", archive.toString(), into.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).isEmpty();
        assertThat(snapshot(into, true)).isEqualTo(snapshot(src, true));
    }

    @Test
    void frameTableIsConsistent() throws IOException {
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        Manifest m = w.manifest();
        byte[] raw = decompressAll(w.stored());

        assertThat(m.frames()).hasSizeGreaterThan(4);
        assertThat(m.rawSize()).isEqualTo(raw.length);
        assertThat(m.storedSize()).isEqualTo(w.stored().length);
        assertThat(m.sha256()).isEqualTo(sha256(w.stored()));
        long rawAt = 0;
        long storedAt = 0;
        for (Frame f : m.frames()) {
            assertThat(f.rawOffset()).isEqualTo(rawAt);
            assertThat(f.storedOffset()).isEqualTo(storedAt);
            if (f.index() < m.frames().size() - 1) {
                assertThat(f.rawSize()).isEqualTo(SMALL_FRAMES.frameSize());
            }
            byte[] stored = Arrays.copyOfRange(w.stored(), (int) f.storedOffset(), (int) (f.storedOffset() + f.storedSize()));
            assertThat(Zstd.decompress(stored, (int) f.rawSize()))
                    .isEqualTo(Arrays.copyOfRange(raw, (int) f.rawOffset(), (int) f.rawEnd()));
            rawAt = f.rawEnd();
            storedAt += f.storedSize();
        }
        assertThat(rawAt).isEqualTo(raw.length);
        assertThat(storedAt).isEqualTo(w.stored().length);
        for (ManifestEntry e : m.entries()) {
            Frame f = m.frames().get(e.frame());
            assertThat(e.headerOffset()).isBetween(f.rawOffset(), f.rawEnd() - 1);
            assertThat(e.headerOffset() % 512).isZero();
            assertThat(e.dataOffset() % 512).isZero();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new ByteArrayInputStream(raw, (int) e.headerOffset(), raw.length - (int) e.headerOffset()))) {
                TarArchiveEntry te = tar.getNextEntry();
                assertThat(TarEntries.path(te.getName())).isEqualTo(e.path());
                assertThat(TarEntries.kind(te)).isEqualTo(e.type().name());
                if (e.type() == EntryType.FILE) {
                    assertThat(sha256(tar.readAllBytes())).isEqualTo(e.sha256());
                    assertThat(Arrays.copyOfRange(raw, (int) e.dataOffset(), (int) (e.dataOffset() + e.size())))
                            .isEqualTo(Files.readAllBytes(src.resolve(e.path())));
                }
            }
        }
        assertThat(m.entries()).filteredOn(e -> e.path().equals("dir/empty-dir")).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(EntryType.DIRECTORY));
        assertThat(m.entries()).filteredOn(e -> e.path().equals("link-to-big")).singleElement()
                .satisfies(e -> assertThat(e.linkTarget()).isEqualTo("big.bin"));
    }

    @Test
    void selectiveRestoreFetchesOnlyTheFramesOfTheFile() throws IOException {
        for (int i = 0; i < 40; i++) {
            file(src, "many/f" + i + ".bin", random(20_000, 100 + i), 0644, T0);
        }
        Written w = ArchiveFixtures.write(src, SMALL_FRAMES);
        Ranges ranges = new Ranges(w.stored());
        String wanted = "many/f17.bin";

        RestoreReport report = ArchiveRestorer.restore(w.manifest(), ranges, tmp.resolve("one"),
                e -> e.path().equals(wanted), RestoreOptions.SAFE);

        assertThat(report.restored()).containsExactly(wanted);
        assertThat(report.complete()).isTrue();
        assertThat(ranges.calls.get()).isEqualTo(1);
        assertThat(report.bytesFetched()).isPositive().isLessThanOrEqualTo(2L * 64 * 1024 + 1024)
                .isLessThan(w.stored().length / 8);
        assertThat(Files.readAllBytes(tmp.resolve("one").resolve(wanted)))
                .isEqualTo(Files.readAllBytes(src.resolve(wanted)));
    }

    @Test
    void contentShorterOrLongerThanAnnouncedIsMarkedChanged() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] sixty = random(60, 7);
        byte[] hundredFifty = random(150, 8);
        ManifestEntry shorter;
        ManifestEntry longer;
        ManifestEntry exact;
        List<String> warnings;
        ArchiveSummary summary;
        try (TarZstWriter w = new TarZstWriter(out, SMALL_FRAMES)) {
            shorter = w.addFile("shrank", 100, T0, 0644, new ByteArrayInputStream(sixty));
            longer = w.addFile("grew", 100, T0, 0644, new ByteArrayInputStream(hundredFifty));
            exact = w.addFile("same", 60, T0, 0644, new ByteArrayInputStream(sixty));
            warnings = w.warnings();
            summary = w.finish();
        }

        assertThat(shorter.changed()).isTrue();
        assertThat(shorter.sha256()).isEqualTo(sha256(Arrays.copyOf(sixty, 100)));
        assertThat(longer.changed()).isTrue();
        assertThat(longer.sha256()).isEqualTo(sha256(Arrays.copyOf(hundredFifty, 100)));
        assertThat(exact.changed()).isFalse();
        assertThat(warnings).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("shrank:"))
                .anySatisfy(s -> assertThat(s).startsWith("grew:"));
        Manifest m = ArchiveFixtures.manifest(List.of(shorter, longer, exact), summary);
        assertThat(ArchiveCheck.check(m, new ByteArrayInputStream(out.toByteArray()))).isEmpty();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ZstdInputStream(new ByteArrayInputStream(out.toByteArray())))) {
            assertThat(tar.getNextEntry().getSize()).isEqualTo(100);
            assertThat(tar.readAllBytes()).isEqualTo(Arrays.copyOf(sixty, 100));
        }
    }

    @Test
    void failingContentReadIsPaddedAndMarkedChanged() throws IOException {
        InputStream failing = new InputStream() {
            int left = 10;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw new IOException("Input/output error");
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarZstWriter w = new TarZstWriter(out, SMALL_FRAMES)) {
            ManifestEntry e = w.addFile("flaky", 1000, T0, 0644, failing);
            ManifestEntry next = w.addFile("after", 3, T0, 0644, new ByteArrayInputStream(new byte[] {1, 2, 3}));
            ArchiveSummary s = w.finish();

            assertThat(e.changed()).isTrue();
            assertThat(w.warnings()).singleElement().asString().contains("flaky", "Input/output error");
            assertThat(ArchiveCheck.check(ArchiveFixtures.manifest(List.of(e, next), s),
                    new ByteArrayInputStream(out.toByteArray()))).isEmpty();
        }
    }

    static byte[] decompressAll(byte[] stored) throws IOException {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        }
    }
}
