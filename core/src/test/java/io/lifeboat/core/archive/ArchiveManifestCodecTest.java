package io.lifeboat.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveManifestCodecTest {
    private static final Instant T = Instant.parse("2024-03-01T10:00:00.123456789Z");

    private static Manifest sample() {
        List<ManifestEntry> entries = List.of(
                new ManifestEntry("dir", EntryType.DIRECTORY, 0, T, 0755, null, null, 0, 512, 0, false),
                new ManifestEntry("dir/日本語.txt", EntryType.FILE, 5, T, 0644, "ab".repeat(32), null, 512, 1024, 0, true),
                new ManifestEntry("dir/link", EntryType.SYMLINK, 0, T, 0777, null, "日本語.txt", 2048, 2560, 0, false));
        ArchiveSummary s = new ArchiveSummary(List.of(new Frame(0, 0, 4096, 0, 300)), 4096, 300, "cd".repeat(32));
        return ArchiveFixtures.manifest(entries, s);
    }

    @Test
    void roundTrips() {
        Manifest m = sample();
        byte[] json = ManifestCodec.toJson(m);

        assertThat(ManifestCodec.fromJson(json)).isEqualTo(m);
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains("\"mtime\" : \"2024-03-01T10:00:00.123456789Z\"", "日本語", "\n  ");
        assertThat(text).doesNotContain("rawEnd");
    }

    @Test
    void ignoresUnknownFieldsAndDefaultsOptionalOnes() {
        String json = new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{ \"addedLater\" : { \"x\" : 1 },")
                .replaceFirst("\"warnings\" : \\[ \\]", "\"ignored\" : 2");

        Manifest m = ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8));

        assertThat(m.warnings()).isEmpty();
        assertThat(m.entries()).hasSize(3);
    }

    @Test
    void refusesANewerFormatVersion() {
        String json = new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : " + (Manifest.FORMAT_VERSION + 1));

        assertThatThrownBy(() -> ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARCHIVE_CORRUPT))
                .hasMessageContaining("format version 2").hasMessageContaining("upgrade");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ not json", "[]", "{\"formatVersion\": 1, \"backupId\": \"x\", \"source\": \"s\"}",
            "{\"formatVersion\": 1, \"backupId\": \"x\", \"source\": \"s\", \"dataKey\": \"k\", \"frames\": [],"
                    + " \"entries\": [{\"path\": \"a\"}]}"})
    void badJsonIsArchiveCorruptNamingTheProblem(String json) {
        assertThatThrownBy(() -> ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARCHIVE_CORRUPT))
                .hasMessageStartingWith("manifest ");
    }

    @Test
    void namesAMissingField() {
        assertThatThrownBy(() -> ManifestCodec.fromJson(
                "{\"formatVersion\": 1, \"backupId\": \"x\", \"source\": \"s\", \"dataKey\": \"k\", \"frames\": []}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'entries'");
    }
}
