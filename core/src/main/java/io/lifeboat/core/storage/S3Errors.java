package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK failures into {@link LifeboatException}s that name the target, bucket and key,
 * carry the right code, and say whether a retry can help. The SDK retried already (standard
 * mode) before we get here; {@code retryable} tells the caller that a later attempt may succeed.
 */
final class S3Errors {
    private static final Set<String> AUTH_CODES = Set.of("AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AllAccessDisabled");

    /** The longest SDK credentials message quoted in an error line. */
    static final int CREDENTIALS_DETAIL = 200;

    private S3Errors() {
    }

    /**
     * @param where  e.g. "s3 target 'dr' (bucket 'b')"
     * @param action e.g. "read"
     * @param key    the key as the bucket knows it (prefix included)
     */
    static LifeboatException map(String where, String action, String key, String credentialsSource, SdkException e) {
        String head = where + ": cannot " + action + " '" + key + "': ";
        if (e instanceof AwsServiceException ase) {
            return mapService(head, credentialsSource, ase);
        }
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return new LifeboatException(ErrorCode.INTERRUPTED, head + "interrupted", e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials") || message.contains("credentials")
                && hasNoIoCause(e)) {
            // the default chain's message lists every provider it tried and why (1.5 KB, on one line): the operator's
            // line says what is missing and where it is looked for; the cause keeps the detail
            String detail = message.length() <= CREDENTIALS_DETAIL ? ": " + message : "";
            return new LifeboatException(ErrorCode.TARGET_IO, head + "no AWS credentials" + detail
                    + " (provide them through " + credentialsSource + ")", e, false);
        }
        if (isUnreachable(e)) {
            return new LifeboatException(ErrorCode.TARGET_UNREACHABLE, head + "endpoint unreachable: "
                    + message + " (check the network, the region and the endpoint)", e, true);
        }
        boolean io = !hasNoIoCause(e) || e instanceof ApiCallTimeoutException
                || e instanceof ApiCallAttemptTimeoutException;
        return new LifeboatException(ErrorCode.TARGET_IO, head + message, e, io || e.retryable());
    }

    private static LifeboatException mapService(String head, String credentialsSource, AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String detail = (code == null ? "" : code + " ") + "(HTTP " + status + ")"
                + (e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                        ? "" : ": " + e.awsErrorDetails().errorMessage())
                + (e.requestId() == null ? "" : " [request id " + e.requestId() + "]");
        if ("InvalidObjectState".equals(code)) {
            return new LifeboatException(ErrorCode.OBJECT_ARCHIVED, head + "the object is archived ("
                    + detail + "); restore it from its archive tier first, then read it again", e, false);
        }
        if ("NoSuchBucket".equals(code)) {
            return new LifeboatException(ErrorCode.TARGET_IO, head + "the bucket does not exist (" + detail
                    + "); check 'bucket' and 'region' in the target's config", e, false);
        }
        if ("NoSuchUpload".equals(code)) {
            return new LifeboatException(ErrorCode.TARGET_IO, head + "the multipart upload is gone ("
                    + detail + "), aborted by a debris sweep or a bucket lifecycle rule", e, false);
        }
        if (status == 404 || "NoSuchKey".equals(code)) {
            return new LifeboatException(ErrorCode.NOT_FOUND, head + "no such object (" + detail + ")", e, false);
        }
        if (status == 416 || "InvalidRange".equals(code)) {
            return new LifeboatException(ErrorCode.USAGE, head + "the range is beyond the end of the object ("
                    + detail + ")", e, false);
        }
        if (status == 403 || AUTH_CODES.contains(code)) {
            return new LifeboatException(ErrorCode.TARGET_IO, head + "access denied (" + detail
                    + "); check the credentials from " + credentialsSource + " and the bucket's policy", e, false);
        }
        boolean retryable = e.isThrottlingException() || status >= 500 || status == 429 || e.retryable();
        return new LifeboatException(ErrorCode.TARGET_IO, head + detail, e, retryable);
    }

    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")
                    || t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNoIoCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return false;
            }
        }
        return true;
    }
}
