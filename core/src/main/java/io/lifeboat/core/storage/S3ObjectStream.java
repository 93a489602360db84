package io.lifeboat.core.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GET. Closing it before the end aborts the connection instead of draining the
 * rest of a possibly huge object to reuse it.
 */
final class S3ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private long remaining;

    S3ObjectStream(ResponseInputStream<GetObjectResponse> response) {
        super(response);
        this.response = response;
        Long length = response.response().contentLength();
        this.remaining = length == null ? Long.MAX_VALUE : length;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            remaining--;
        } else {
            remaining = 0;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            remaining -= n;
        } else if (n < 0) {
            remaining = 0;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        remaining -= skipped;
        return skipped;
    }

    @Override
    public void close() throws IOException {
        if (remaining > 0) {
            response.abort();
        }
        response.close();
    }
}
