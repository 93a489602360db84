package io.lifeboat.restore.archive;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.RangeReader;
import io.lifeboat.core.catalog.RetrievalRecord;
import io.lifeboat.core.storage.Retrievable;
import io.lifeboat.core.storage.RetrievalTicket;
import io.lifeboat.core.storage.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A retrieved object, readable by ranges: in place on S3, or (Glacier job output, whole only) from a
 * private 0600 spool file in the temp directory, deleted on {@link #close()}.
 */
public final class RetrievedData implements AutoCloseable {
    private final RetrievalRecord retrieval;
    private final RangeReader reader;
    private final Path spool;
    private final long fetched;

    private RetrievedData(RetrievalRecord retrieval, RangeReader reader, Path spool, long fetched) {
        this.retrieval = retrieval;
        this.reader = reader;
        this.spool = spool;
        this.fetched = fetched;
    }

    static RetrievedData open(Target target, Retrievable r, RetrievalRecord retrieval, RetrievalTicket ticket) {
        if (r.rangedReadsWhenReady()) {
            return new RetrievedData(retrieval, (off, len) -> target.openRange(retrieval.key(), off, len), null, 0);
        }
        Path spool = null;
        try {
            spool = Files.createTempFile("lifeboat-retrieval-", ".spool",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            long size;
            try (InputStream in = r.openRetrieved(ticket)) {
                size = Files.copy(in, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path file = spool;
            RangeReader reader = (off, len) -> {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(off);
                return new io.lifeboat.core.storage.BoundedInputStream(Channels.newInputStream(ch), len);
            };
            return new RetrievedData(retrieval, reader, spool, size);
        } catch (IOException e) {
            deleteQuietly(spool);
            throw new LifeboatException(ErrorCode.TARGET_IO, target.name() + ": cannot read the output of retrieval "
                    + retrieval.id() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(spool);
            throw e;
        }
    }

    public RetrievalRecord retrieval() {
        return retrieval;
    }

    public RangeReader reader() {
        return reader;
    }

    /** Bytes downloaded whole from the provider (Glacier job output); 0 for ranged reads. */
    public long bytesDownloaded() {
        return fetched;
    }

    @Override
    public void close() {
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete retrieval spool " + spool, e);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort while failing already
            }
        }
    }
}
