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
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing while a second thread hashes: same bytes, same sha256 as one pass; short content fails. */
class ArchiveOverlappedCopyTest {
    @TempDir
    Path dir;

    private final OverlappedCopy copy = new OverlappedCopy();

    @Test
    void filesOfEverySizeAroundTheChunkKeepTheirBytesAndHash() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, OverlappedCopy.CHUNK - 1, OverlappedCopy.CHUNK, OverlappedCopy.CHUNK + 1,
                5 * OverlappedCopy.CHUNK + 12_345}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = dir.resolve("f" + size);
            String hex;
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                hex = copy.copy(new ByteArrayInputStream(content), out, size);
            }
            assertThat(Files.readAllBytes(file)).as("size %d", size).isEqualTo(content);
            assertThat(hex).as("size %d", size).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        }
    }

    @Test
    void contentShorterThanTheEntryFailsAndTheNextFileIsStillRight() throws Exception {
        byte[] content = new byte[3 * OverlappedCopy.CHUNK];
        new Random(9).nextBytes(content);
        try (FileChannel out = FileChannel.open(dir.resolve("short"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> copy.copy(new ByteArrayInputStream(content, 0, 2 * OverlappedCopy.CHUNK + 5), out, content.length))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("holds only " + (2 * OverlappedCopy.CHUNK + 5) + " of its " + content.length);
        }
        try (FileChannel out = FileChannel.open(dir.resolve("next"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThat(copy.copy(new ByteArrayInputStream(content), out, content.length))
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        }
    }
}
