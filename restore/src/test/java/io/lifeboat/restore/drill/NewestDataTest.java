package io.lifeboat.restore.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NewestDataTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-10-13 00:02:00.000 INFO x|2026-10-12T22:02:00Z",
            "2026-10-13T00:02:00Z level=info|2026-10-13T00:02:00Z",
            "[2026-10-13T00:02:00.5+01:00] x|2026-10-12T23:02:00.500Z",
            "2026-10-13 00:02:00,123 WARN|2026-10-12T22:02:00.123Z",
            "2026-10-13T00:02:00+0200 x|2026-10-12T22:02:00Z"})
    void lineTimestamps(String line, Instant expected) {
        assertThat(NewestData.stamp(line, BERLIN)).isEqualTo(expected);
    }

    @Test
    void notATimestamp() {
        assertThat(NewestData.stamp("at 2026-10-13 00:02:00", BERLIN)).isNull();
        assertThat(NewestData.stamp("", BERLIN)).isNull();
    }

    @Test
    void newestLineOverAllFilesIncludingGzipAndMtimeForFilesWithoutTimestamps() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/app.log"), "2026-10-13T10:00:00Z one\n2026-10-13T11:00:00Z two\ncontinuation line\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a/app.log.1.gz")))) {
            out.write("2026-10-13T12:30:00Z rotated but newer\n".getBytes());
        }
        Path plain = Files.writeString(dir.resolve("notes.txt"), "no timestamps here\n");
        Files.setLastModifiedTime(plain, FileTime.from(Instant.parse("2026-10-01T00:00:00Z")));

        NewestData.Found found = NewestData.in(dir, false, ZoneOffset.UTC);
        assertThat(found.newest()).isEqualTo(Instant.parse("2026-10-13T12:30:00Z"));
        assertThat(found.fromLine()).isTrue();
        assertThat(found.files()).isEqualTo(3);

        Files.setLastModifiedTime(plain, FileTime.from(Instant.parse("2026-10-20T00:00:00Z")));
        assertThat(NewestData.in(dir, false, ZoneOffset.UTC).newest()).isEqualTo(Instant.parse("2026-10-20T00:00:00Z"));
        assertThat(NewestData.in(dir, true, ZoneOffset.UTC).file().getFileName().toString()).isNotNull();
    }
}
