package io.lifeboat.core.storage;

import java.util.List;

/**
 * The object-store calls behind one streaming upload. {@link S3Target} implements them with the
 * AWS SDK; tests of the buffering logic use a fake. Each call throws {@code LifeboatException}.
 * The byte arrays are lent for the duration of the call only.
 */
interface UploadCalls {
    /** Stores the whole object in one request (it ended before the first part was full). */
    ObjectInfo putWhole(byte[] data, int length);

    /** Starts a multipart upload and returns its id. */
    String startMultipart();

    /** Uploads one part; called from background threads. */
    UploadedPart uploadPart(String uploadId, int partNumber, byte[] data, int length);

    ObjectInfo completeMultipart(String uploadId, List<UploadedPart> parts, long size);

    void abortMultipart(String uploadId);

    /** What completing the upload needs to know of one part. */
    record UploadedPart(int number, String eTag, String checksumCrc32) {
    }
}
