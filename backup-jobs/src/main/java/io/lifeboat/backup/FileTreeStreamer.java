package io.lifeboat.backup;

import io.lifeboat.backup.files.FileTreeWalker;
import io.lifeboat.backup.files.GlobFilter;
import io.lifeboat.backup.files.IncrementalState;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.archive.ArchiveSummary;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.archive.TarZstWriter;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.Target;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Directories, artifacts and logs: a tar stream of the tree in independent zstd frames. */
final class FileTreeStreamer implements SourceStreamer {
    private final ArchiveOptions options;

    FileTreeStreamer(ArchiveOptions options) {
        this.options = options;
    }

    @Override
    public String dataFileName(SourceConfig source) {
        return ObjectLayout.TAR_ZST;
    }

    @Override
    public Payload write(SourceConfig source, IncrementalState.Plan plan, Target first, String dir, String dataKey) {
        FileTreeWalker walker = new FileTreeWalker(source.path(), new GlobFilter(source.include(), source.exclude()), plan.filter());
        FileTreeWalker.Result[] walk = new FileTreeWalker.Result[1];
        ArchiveSummary summary = ObjectUpload.write(first, dataKey, out -> {
            try (TarZstWriter tar = new TarZstWriter(out, options)) {
                walk[0] = walker.walk(tar);
                return tar.finish();
            }
        });
        return new Payload(TarZstWriter.FORMAT, summary, walk[0].entries(), List.of(), walk[0].warnings(),
                walk[0].files(), walk[0].bytesIn(), null, Map.of("sourcePath", source.path().toString()));
    }

    static LifeboatException ioError(String what, IOException e) {
        return new LifeboatException(ErrorCode.SOURCE_IO, what + ": " + e.getMessage(), e);
    }
}
