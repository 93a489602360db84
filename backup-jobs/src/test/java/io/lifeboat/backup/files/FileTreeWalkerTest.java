package io.lifeboat.backup.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.archive.TarZstWriter;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeWalkerTest {
    @TempDir
    Path root;

    @Test
    void storesSymlinksAsLinksAndSkipsSocketsWithAWarning() throws Exception {
        Files.writeString(root.resolve("a.txt"), "hello");
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("sub/link"), Path.of("../a.txt"));
        try (ServerSocketChannel socket = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(root.resolve("app.sock")));
            FileTreeWalker.Result result = walk(new GlobFilter(List.of(), List.of()), FileTreeWalker.ChangeFilter.ALL);
            assertThat(result.entries()).extracting(ManifestEntry::path).containsExactlyInAnyOrder("a.txt", "sub", "sub/link");
            ManifestEntry link = result.entries().stream().filter(e -> e.path().equals("sub/link")).findFirst().orElseThrow();
            assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
            assertThat(link.linkTarget()).isEqualTo("../a.txt");
            assertThat(result.warnings()).singleElement().asString().contains("app.sock").contains("socket");
            assertThat(result.files()).isEqualTo(1);
            assertThat(result.bytesIn()).isEqualTo(5);
        }
    }

    @Test
    void changeFilterSkipsUnchangedFilesAndIncludeOmitsDirectories() throws Exception {
        Files.createDirectories(root.resolve("svc"));
        Files.writeString(root.resolve("svc/old.log"), "old");
        Files.writeString(root.resolve("svc/new.log"), "new");
        Files.writeString(root.resolve("svc/readme.md"), "doc");
        FileTreeWalker.Result result = walk(new GlobFilter(List.of("**/*.log"), List.of()),
                (path, size, mtime) -> !path.endsWith("old.log"));
        assertThat(result.entries()).extracting(ManifestEntry::path).containsExactly("svc/new.log");
    }

    private FileTreeWalker.Result walk(GlobFilter filter, FileTreeWalker.ChangeFilter changes) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        TarZstWriter tar = new TarZstWriter(sink, new ArchiveOptions(64 * 1024, 3, 1));
        FileTreeWalker.Result result = new FileTreeWalker(root, filter, changes).walk(tar);
        tar.finish();
        assertThat(sink.size()).isPositive();
        return result;
    }

    @Test
    void missingRootIsAClearError() throws Exception {
        Path missing = root.resolve("nope");
        try (TarZstWriter tar = new TarZstWriter(new ByteArrayOutputStream(), ArchiveOptions.DEFAULT)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileTreeWalker(missing, new GlobFilter(List.of(), List.of()),
                            FileTreeWalker.ChangeFilter.ALL).walk(tar))
                    .hasMessageContaining(missing.toString()).hasMessageContaining("not a directory");
        }
    }
}
