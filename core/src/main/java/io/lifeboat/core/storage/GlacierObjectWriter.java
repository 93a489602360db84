package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Spools an object to a private (0600) temporary file, then uploads it as one archive on commit;
 * the file is deleted on commit and abort. Larger than {@link GlacierTarget#MAX_ARCHIVE_SIZE} fails.
 */
final class GlacierObjectWriter implements ObjectWriter {
    private final GlacierTarget target;
    private final String key;
    private final Path spool;
    private final OutputStream stream;
    private long size;
    private boolean done;

    GlacierObjectWriter(GlacierTarget target, String key) {
        this.target = target;
        this.key = key;
        try {
            this.spool = Files.createTempFile(target.spoolDir(), "lifeboat-glacier-", ".spool",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            OutputStream file = Files.newOutputStream(spool);
            this.stream = new FilterOutputStream(file) {
                @Override
                public void write(int b) throws IOException {
                    count(1);
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    count(len);
                    out.write(b, off, len);
                }
            };
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO, target.where() + ": cannot create a spool file for '"
                    + key + "': " + e.getMessage(), e);
        }
    }

    private void count(int n) throws IOException {
        size += n;
        if (size > GlacierTarget.MAX_ARCHIVE_SIZE) {
            throw new IOException(target.where() + ": '" + key + "' exceeds " + GlacierTarget.MAX_ARCHIVE_SIZE
                    + " bytes, the largest single-part Glacier archive");
        }
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public ObjectInfo commit() {
        if (done) {
            throw new IllegalStateException("already committed or aborted: " + key);
        }
        try {
            stream.close();
            String treeHash;
            try (InputStream in = Files.newInputStream(spool)) {
                treeHash = GlacierTreeHash.of(in);
            }
            var response = target.upload(key, treeHash, RequestBody.fromFile(spool));
            ObjectInfo info = target.record(key, response.archiveId(), size, treeHash, null);
            done = true;
            return info;
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO, target.where() + ": cannot upload '" + key + "': "
                    + e.getMessage(), e);
        } finally {
            discard();
        }
    }

    @Override
    public void abort() {
        done = true;
        discard();
    }

    @Override
    public void close() {
        if (!done) {
            abort();
        }
    }

    private void discard() {
        try {
            stream.close();
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete spool file " + spool, e);
        }
    }
}
