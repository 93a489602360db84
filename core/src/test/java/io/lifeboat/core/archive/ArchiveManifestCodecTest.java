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

    @Test
    void theTokenReaderReadsWhatDataBindingReads() throws Exception {
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "20240301T010000Z-1a2b3c4d", "db", "postgres", "pg_dump-custom",
                T, T.plusSeconds(60), T.minusSeconds(5), false, "20240229T010000Z-0a0b0c0d", "db/k/data.dump.zst", 4096, 300,
                "cd".repeat(32), List.of(new Frame(0, 0, 4096, 0, 300), new Frame(1, 4096, 10, 300, 20)), sample().entries(),
                java.util.Map.of("pg_dump", "15.8", "rows.public.orders", "1000000"), List.of("one warning"),
                List.of(new StoredObject("globals.sql", "db/k/globals.sql.zst", 10, "ab".repeat(32), 20, "ef".repeat(32),
                        List.of(new Frame(0, 0, 10, 0, 20)))), List.of("gone/a.txt", "gone/b.txt"));
        byte[] json = ManifestCodec.toJson(m);

        Manifest fast = ManifestStream.read(new com.fasterxml.jackson.databind.ObjectMapper(), json);

        assertThat(fast).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"size\" : 5,=\"size\" : \"5\",", "\"changed\" : true=\"changed\" : 1",
            "\"mtime\" : \"2024-03-01T10:00:00.123456789Z\"=\"mtime\" : 1709287200.123456789"})
    void shapesTheTokenReaderDoesNotTakeStillReadThroughDataBinding(String replacement) {
        String[] r = replacement.split("=", 2);
        String json = new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8);
        assertThat(json).contains(r[0]);
        byte[] odd = json.replaceFirst(java.util.regex.Pattern.quote(r[0]), java.util.regex.Matcher.quoteReplacement(r[1]))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ManifestStream.read(new com.fasterxml.jackson.databind.ObjectMapper(), odd))
                .isInstanceOf(java.io.IOException.class);
        assertThat(ManifestCodec.fromJson(odd).entries()).hasSize(3);
    }

    @Test
    void aSelectiveReadKeepsOnlyTheEntriesAskedForAndAllElse() {
        Manifest m = sample();
        byte[] json = ManifestCodec.toJson(m);

        Manifest selected = ManifestCodec.fromJson(json, p -> p.endsWith(".txt"));

        assertThat(selected.entries()).containsExactly(m.entries().get(1));
        assertThat(selected.frames()).isEqualTo(m.frames());
        assertThat(selected.sha256()).isEqualTo(m.sha256());
        assertThat(ManifestCodec.fromJson(json, p -> false).entries()).isEmpty();
        assertThat(ManifestCodec.fromJson(json, null)).isEqualTo(m);
    }

    @Test
    void aSelectiveReadOfEntriesThatDoNotStartWithTheirPathStillSelects() {
        String json = new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8)
                .replace("{\n    \"path\" : \"dir/link\",", "{\n    \"extra\" : [ 1, { \"a\" : 2 } ],\n    \"path\" : \"dir/link\",");
        assertThat(json).contains("\"extra\"");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ManifestStream.read(new com.fasterxml.jackson.databind.ObjectMapper(), bytes, p -> true))
                .isInstanceOf(java.io.IOException.class);

        assertThat(ManifestCodec.fromJson(bytes, p -> p.startsWith("dir/l"))).extracting(Manifest::entries)
                .asList().extracting("path").containsExactly("dir/link");
    }

    @Test
    void aSelectiveReadStillRefusesAnEntryWithoutPath() {
        String json = "{\"formatVersion\": 1, \"backupId\": \"x\", \"source\": \"s\", \"dataKey\": \"k\", \"frames\": [],"
                + " \"entries\": [{\"path\": null, \"type\": \"FILE\"}]}";
        assertThatThrownBy(() -> ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), p -> false))
                .isInstanceOfSatisfying(LifeboatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARCHIVE_CORRUPT));
    }
}
