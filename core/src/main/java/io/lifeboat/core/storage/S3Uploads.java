package io.lifeboat.core.storage;

import java.io.ByteArrayInputStream;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The S3 calls of one streaming upload of a data object: the target's storage class and SSE are
 * applied, every part carries a CRC32 that S3 checks, and request bodies read the part buffer in
 * place (a fresh stream per attempt, so the SDK can retry without copying).
 */
final class S3Uploads implements UploadCalls {
    private final S3Target target;
    private final String fullKey;
    private final String key;

    S3Uploads(S3Target target, String fullKey, String key) {
        this.target = target;
        this.fullKey = fullKey;
        this.key = key;
    }

    @Override
    public ObjectInfo putWhole(byte[] data, int length) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket()).key(fullKey)
                .contentType(S3Target.OCTET_STREAM).storageClass(storageClass());
        target.applySse(request);
        var response = target.call("write", fullKey,
                () -> target.client().putObject(request.build(), body(data, length)));
        return new ObjectInfo(key, length, S3Clients.serverTime(response));
    }

    @Override
    public String startMultipart() {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(bucket()).key(fullKey).contentType(S3Target.OCTET_STREAM)
                .storageClass(storageClass()).checksumAlgorithm(ChecksumAlgorithm.CRC32);
        S3Clients.applySse(target.config().sse(), request::serverSideEncryption, request::ssekmsKeyId);
        return target.call("start a multipart upload of", fullKey,
                () -> target.client().createMultipartUpload(request.build())).uploadId();
    }

    @Override
    public UploadedPart uploadPart(String uploadId, int partNumber, byte[] data, int length) {
        UploadPartRequest request = UploadPartRequest.builder().bucket(bucket()).key(fullKey)
                .uploadId(uploadId).partNumber(partNumber).contentLength((long) length)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32).build();
        UploadPartResponse response = target.call("upload part " + partNumber + " of", fullKey,
                () -> target.client().uploadPart(request, body(data, length)));
        return new UploadedPart(partNumber, response.eTag(), response.checksumCRC32());
    }

    @Override
    public ObjectInfo completeMultipart(String uploadId, List<UploadedPart> parts, long size) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.eTag())
                        .checksumCRC32(p.checksumCrc32()).build())
                .toList();
        var response = target.call("complete the multipart upload of", fullKey,
                () -> target.client().completeMultipartUpload(b -> b.bucket(bucket()).key(fullKey)
                        .uploadId(uploadId).multipartUpload(m -> m.parts(completed))));
        return new ObjectInfo(key, size, S3Clients.serverTime(response));
    }

    @Override
    public void abortMultipart(String uploadId) {
        target.call("abort the multipart upload of", fullKey,
                () -> target.client().abortMultipartUpload(b -> b.bucket(bucket()).key(fullKey).uploadId(uploadId)));
    }

    private String bucket() {
        return target.config().bucket();
    }

    private String storageClass() {
        String sc = target.config().storageClass();
        return "STANDARD".equals(sc) ? null : sc;
    }

    private static RequestBody body(byte[] data, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                S3Target.OCTET_STREAM);
    }
}
