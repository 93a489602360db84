package io.lifeboat.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.FileTargetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTargetTest extends TargetContract {
    @TempDir
    Path dir;

    @Override
    protected Target newTarget() {
        return Targets.open(new FileTargetConfig(TARGET_NAME, dir.resolve("backups")));
    }

    @Override
    protected int incompleteUploads() {
        Path partials = dir.resolve("backups/.partial");
        if (!Files.isDirectory(partials)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(partials)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void objectsArePlainFilesUnderTheDirectory() throws IOException {
        target.put("orders-db/b1/manifest.json", bytes("{}"));

        assertThat(target).isInstanceOf(FileTarget.class);
        assertThat(Files.readString(dir.resolve("backups/orders-db/b1/manifest.json"))).isEqualTo("{}");
    }

    @Test
    void partialFilesAreHiddenAndOnlyStaleOnesAreSwept() throws IOException {
        ObjectWriter old = target.create("old");
        old.stream().write(bytes("old"));
        old.stream().flush();
        Path oldPartial = onlyPartial();
        Files.setLastModifiedTime(oldPartial, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        ObjectWriter fresh = target.create("fresh");
        fresh.stream().write(bytes("fresh"));

        assertThat(target.list("")).isEmpty();
        assertThat(target.abortIncompleteUploads(Instant.parse("2021-01-01T00:00:00Z"))).isEqualTo(1);

        assertThat(oldPartial).doesNotExist();
        assertThat(incompleteUploads()).isEqualTo(1);
        assertThat(fresh.commit().size()).isEqualTo(5);
        assertThat(target.list("")).extracting(ObjectInfo::key).containsExactly("fresh");
        assertThatThrownBy(old::commit).isInstanceOfSatisfying(LifeboatException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TARGET_IO));
    }

    @Test
    void deleteRemovesEmptyFoldersButNotTheRoot() {
        target.put("a/b/c", bytes("x"));
        target.put("a/keep", bytes("y"));

        target.delete("a/b/c");
        assertThat(dir.resolve("backups/a/b")).doesNotExist();
        assertThat(dir.resolve("backups/a/keep")).exists();

        target.delete("a/keep");
        assertThat(dir.resolve("backups")).isDirectory();
        assertThat(dir.resolve("backups/a")).doesNotExist();
    }

    @Test
    void aDirectoryIsNotAnObject() {
        target.put("a/b", bytes("x"));

        assertThat(target.stat("a")).isEmpty();
        assertNotFound(() -> target.open("a"), "a");
    }

    @Test
    void missingDirectoryListsEmptyAndIsCreatedOnFirstWrite() {
        assertThat(target.list("")).isEmpty();
        assertThat(dir.resolve("backups")).doesNotExist();

        target.put("k", bytes("v"));

        assertThat(dir.resolve("backups/k")).isRegularFile();
    }

    @Test
    void unwritableDirectoryGivesTargetIoNamingIt() throws IOException {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x");
        try (Target t = new FileTarget("blocked", file)) {
            assertThatThrownBy(() -> t.put("k", bytes("v")))
                    .isInstanceOfSatisfying(LifeboatException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_IO);
                        assertThat(e.getMessage()).contains("'blocked'", file.toString(), "'k'");
                        assertThat(e.getCause()).isNotNull();
                    });
        }
    }

    private Path onlyPartial() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("backups/.partial"))) {
            return files.reduce((a, b) -> {
                throw new IllegalStateException("more than one partial file");
            }).orElseThrow();
        }
    }
}
