package io.lifeboat.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveTarHeadersTest {
    private static final String SPLIT = "p".repeat(120) + "/" + "n".repeat(90);

    record Case(String name, byte type, long size, long mtime, String link) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("plain.txt", TarHeaders.REGULAR, 5, 1_700_000_000L, null),
                new Case("a".repeat(99), TarHeaders.REGULAR, 0, 0, null),
                new Case("b".repeat(100), TarHeaders.REGULAR, 0, 0, null),
                new Case("c".repeat(101), TarHeaders.REGULAR, 0, 0, null),
                new Case(SPLIT, TarHeaders.REGULAR, 1, 1, null),
                new Case("x/".repeat(140) + "end", TarHeaders.REGULAR, 1, 1, null),
                new Case("dir/sub/", TarHeaders.DIRECTORY, 0, 1, null),
                new Case("ünï/ファイル 😀", TarHeaders.REGULAR, 3, 1, null),
                new Case("link", TarHeaders.SYMLINK, 0, 1, "t".repeat(100)),
                new Case("long-link", TarHeaders.SYMLINK, 0, 1, "../" + "t".repeat(150)),
                new Case("unicode-link", TarHeaders.SYMLINK, 0, 1, "ファイル"),
                new Case("max-octal", TarHeaders.REGULAR, 077777777777L, 077777777777L, null),
                new Case("huge", TarHeaders.REGULAR, 10L << 40, 1, null),
                new Case("old", TarHeaders.REGULAR, 1, -86_400L, null),
                new Case("far-future", TarHeaders.REGULAR, 1, 1L << 40, null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void commonsCompressReadsWhatWeEncode(Case c) throws IOException {
        TarHeaders headers = new TarHeaders();
        headers.encode(c.name(), c.type(), c.size(), c.mtime(), 0644, c.link());
        byte[] bytes = Arrays.copyOf(headers.bytes(), headers.length() + 1024);

        assertThat(headers.length() % 512).isZero();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo(c.name());
            assertThat(e.getSize()).isEqualTo(c.size());
            assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(Instant.ofEpochSecond(c.mtime()));
            assertThat(e.getMode() & 07777).isEqualTo(0644);
            assertThat(e.getLinkFlag()).isEqualTo(c.type());
            if (c.link() != null) {
                assertThat(e.getLinkName()).isEqualTo(c.link());
            }
        }
        boolean needsPax = !c.name().matches("\\p{ASCII}{0,100}") && !c.name().equals(SPLIT)
                || c.size() > 077777777777L || c.mtime() < 0 || c.mtime() > 077777777777L
                || c.link() != null && !c.link().matches("\\p{ASCII}{0,100}");
        assertThat(headers.length()).isEqualTo(needsPax ? 1536 : 512);
    }

    @Test
    void gnuTarListsTheNamesWeWrite(@TempDir Path tmp) throws Exception {
        List<String> names = List.of("b".repeat(100), "c".repeat(101), SPLIT, "x/".repeat(140) + "end", "ünï/ファイル 😀");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarZstWriter w = new TarZstWriter(out, ArchiveFixtures.SMALL_FRAMES)) {
            for (String name : names) {
                w.addFile(name, 1, Instant.EPOCH, 0644, new ByteArrayInputStream(new byte[] {'x'}));
            }
            w.addSymlink("long-link", "../" + "t".repeat(150), Instant.EPOCH, 0777);
            w.finish();
        }
        Path archive = Files.write(tmp.resolve("a.tar.zst"), out.toByteArray());

        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; zstd -q -d -c \"$1\" | tar -tvf -", "-",
                archive.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(listing).isZero();
        assertThat(listing.lines()).hasSize(names.size() + 1);
        for (String name : names) {
            assertThat(listing).contains(" " + name + "\n");
        }
        assertThat(listing).contains("long-link -> ../" + "t".repeat(150));
    }
}
