package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.S3TargetConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Builds the SDK client of an S3 target and holds the small SDK conversions the target needs. */
final class S3Clients {
    /** Enough connections for many concurrent writers (2 parts in flight each) and readers. */
    private static final int MAX_CONNECTIONS = 64;

    private S3Clients() {
    }

    /** Credentials come only from the default chain or the named profile, never from the config. */
    static S3Client build(S3TargetConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(config.pathStyle())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS).tcpKeepAlive(true))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3TargetConfig config) {
        if (config.profile() != null && !config.profile().isBlank()) {
            return ProfileCredentialsProvider.builder().profileName(config.profile()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Applies {@code sse: {type: aws:kms, keyId}} or {@code {type: AES256}} to a request builder. */
    static void applySse(S3TargetConfig.SseConfig sse, Consumer<ServerSideEncryption> type, Consumer<String> keyId) {
        if (sse == null || sse.type() == null) {
            return;
        }
        ServerSideEncryption parsed = ServerSideEncryption.fromValue(sse.type());
        if (parsed == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
            throw new LifeboatException(ErrorCode.CONFIG_INVALID, "sse type '" + sse.type()
                    + "' is not supported; use 'aws:kms' (with keyId) or 'AES256'");
        }
        type.accept(parsed);
        if (parsed == ServerSideEncryption.AWS_KMS && sse.keyId() != null) {
            keyId.accept(sse.keyId());
        }
    }

    /** The server's clock from the response's Date header; the local clock if there is none. */
    static Instant serverTime(SdkResponse response) {
        return response.sdkHttpResponse().firstMatchingHeader("Date")
                .flatMap(S3Clients::parseHttpDate)
                .orElseGet(() -> Clock.systemUTC().instant());
    }

    private static Optional<Instant> parseHttpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
