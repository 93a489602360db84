package io.lifeboat.core.archive;

import static io.lifeboat.core.archive.ArchiveFixtures.SMALL_FRAMES;
import static io.lifeboat.core.archive.ArchiveFixtures.file;
import static io.lifeboat.core.archive.ArchiveFixtures.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveFinding.ChecksumMismatch;
import io.lifeboat.core.archive.ArchiveFinding.Damaged;
import io.lifeboat.core.archive.ArchiveFinding.FrameMismatch;
import io.lifeboat.core.archive.ArchiveFinding.LinkMismatch;
import io.lifeboat.core.archive.ArchiveFinding.Missing;
import io.lifeboat.core.archive.ArchiveFinding.ObjectMismatch;
import io.lifeboat.core.archive.ArchiveFinding.SizeMismatch;
import io.lifeboat.core.archive.ArchiveFinding.TypeMismatch;
import io.lifeboat.core.archive.ArchiveFinding.Unexpected;
import io.lifeboat.core.archive.ArchiveFixtures.Written;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCheckTest {
    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    @TempDir
    Path tmp;
    Written archive;

    @BeforeEach
    void archive() throws IOException {
        Path src = tmp.resolve("src");
        file(src, "a.txt", "alpha".getBytes(), 0644, T);
        file(src, "big.bin", random(400 * 1024, 1), 0644, T);
        file(src, "z/last.txt", "omega".getBytes(), 0644, T);
        Files.createSymbolicLink(src.resolve("z/link"), Path.of("last.txt"));
        archive = ArchiveFixtures.write(src, SMALL_FRAMES);
    }

    @Test
    void aCleanArchiveHasNoFindings() {
        assertThat(check(archive.manifest(), archive.stored())).isEmpty();
    }

    @Test
    void aFlippedByteNamesTheFrameAndTheEntry() {
        ManifestEntry big = entry("big.bin");
        Frame frame = archive.manifest().frames().get(big.frame() + 2);
        byte[] stored = archive.stored().clone();
        stored[(int) (frame.storedOffset() + frame.storedSize() / 2)] ^= 0x01;

        List<ArchiveFinding> findings = check(archive.manifest(), stored);

        assertThat(findings).contains(new Damaged("big.bin", frame.index()));
        assertThat(findings).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(FrameMismatch.class,
                m -> assertThat(m.index()).isEqualTo(frame.index())));
        assertThat(findings).anySatisfy(f -> assertThat(f.describe()).contains("sha256"));
        assertThat(findings).noneMatch(f -> f instanceof Missing || f instanceof Damaged d && !d.path().equals("big.bin"));
        assertThat(findings).allSatisfy(f -> assertThat(f.describe()).isNotBlank());
    }

    @Test
    void aTruncatedObjectReportsMissingFramesAndEntries() {
        byte[] stored = Arrays.copyOf(archive.stored(), archive.stored().length * 6 / 10);

        List<ArchiveFinding> findings = check(archive.manifest(), stored);

        assertThat(findings).anySatisfy(f -> assertThat(f).isInstanceOf(FrameMismatch.class)
                .extracting(ArchiveFinding::describe).asString().contains("missing"));
        assertThat(findings).contains(new Missing("z/last.txt"), new Missing("z/link"));
        assertThat(findings).contains(new Damaged("big.bin", ((FrameMismatch) findings.stream()
                .filter(f -> f instanceof FrameMismatch).findFirst().orElseThrow()).index()));
        assertThat(findings).anySatisfy(f -> assertThat(f.describe()).contains("size is " + stored.length));
    }

    @Test
    void entriesThatDifferFromTheManifestAreNamed() {
        Manifest m = archive.manifest();
        List<ManifestEntry> entries = new ArrayList<>();
        for (ManifestEntry e : m.entries()) {
            entries.add(switch (e.path()) {
                case "a.txt" -> with(e, e.size(), "00".repeat(32), e.linkTarget(), e.type());
                case "z/last.txt" -> with(e, 4, e.sha256(), null, e.type());
                case "z/link" -> with(e, 0, null, "elsewhere", e.type());
                case "z" -> null; // dropped: the archive has it, the manifest does not
                default -> e;
            });
        }
        entries.removeIf(e -> e == null);
        entries.add(new ManifestEntry("ghost.txt", EntryType.FILE, 1, T, 0644, "00", null, 0, 512, 0, false));
        entries.replaceAll(e -> e.path().equals("big.bin") ? with(e, e.size(), e.sha256(), null, EntryType.DIRECTORY) : e);

        List<ArchiveFinding> findings = check(copy(m, entries), archive.stored());

        assertThat(findings).contains(new Missing("ghost.txt"), new Unexpected("z"),
                new TypeMismatch("big.bin", EntryType.DIRECTORY, "FILE"),
                new LinkMismatch("z/link", "elsewhere", "last.txt"),
                new SizeMismatch("z/last.txt", 4, 5));
        assertThat(findings).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(ChecksumMismatch.class,
                c -> assertThat(c.path()).isEqualTo("a.txt")));
    }

    @Test
    void bytesAfterTheLastFrameAreReported() {
        byte[] stored = Arrays.copyOf(archive.stored(), archive.stored().length + 7);
        assertThat(check(archive.manifest(), stored)).contains(new ObjectMismatch("7 bytes follow the last frame"));
    }

    @Test
    void aFramedDumpThatIsNotTarHasItsFramesChecked() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ArchiveSummary s;
        try (FramedZstdOutputStream z = new FramedZstdOutputStream(out, new ArchiveOptions(4096, 3, 2))) {
            z.write(random(20_000, 9));
            s = z.finish();
        }
        Manifest dump = copy(ArchiveFixtures.manifest(List.of(), s), List.of(), "pg_dump");
        byte[] stored = out.toByteArray();
        assertThat(check(dump, stored)).isEmpty();

        Frame second = s.frames().get(1);
        stored[(int) (second.storedOffset() + 100)] ^= 0x10;
        assertThat(check(dump, stored)).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(FrameMismatch.class,
                m -> assertThat(m.index()).isEqualTo(1)));
    }

    @Test
    void aFailingReadIsNotAFinding() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> ArchiveCheck.check(archive.manifest(), failing))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TARGET_IO))
                .hasMessageContaining("connection reset");
    }

    private static List<ArchiveFinding> check(Manifest m, byte[] stored) {
        return ArchiveCheck.check(m, new ByteArrayInputStream(stored));
    }

    private ManifestEntry entry(String path) {
        return archive.manifest().entries().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }

    private static ManifestEntry with(ManifestEntry e, long size, String sha, String link, EntryType type) {
        return new ManifestEntry(e.path(), type, size, e.mtime(), e.mode(), sha, link, e.headerOffset(),
                e.dataOffset(), e.frame(), e.changed());
    }

    private static Manifest copy(Manifest m, List<ManifestEntry> entries) {
        return copy(m, entries, m.format());
    }

    private static Manifest copy(Manifest m, List<ManifestEntry> entries, String format) {
        return new Manifest(m.formatVersion(), m.backupId(), m.source(), m.sourceType(), format, m.started(),
                m.finished(), m.consistentPoint(), m.full(), m.baseBackupId(), m.dataKey(), m.rawSize(),
                m.storedSize(), m.sha256(), m.frames(), entries, m.properties(), m.warnings());
    }
}
