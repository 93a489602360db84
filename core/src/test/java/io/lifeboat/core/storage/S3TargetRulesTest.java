package io.lifeboat.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.FileTargetConfig;
import io.lifeboat.core.config.S3TargetConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Table tests of the S3 target's rules that need no server: archive state and error mapping. */
class S3TargetRulesTest {
    record ArchiveCase(String storageClass, String archiveStatus, String restore, boolean archived) {
    }

    static Stream<ArchiveCase> archiveCases() {
        return Stream.of(
                new ArchiveCase(null, null, null, false),
                new ArchiveCase("STANDARD_IA", null, null, false),
                new ArchiveCase("GLACIER_IR", null, null, false),
                new ArchiveCase("GLACIER", null, null, true),
                new ArchiveCase("DEEP_ARCHIVE", null, null, true),
                new ArchiveCase("GLACIER", null, "ongoing-request=\"true\"", true),
                new ArchiveCase("GLACIER", null, "ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\"", false),
                new ArchiveCase("INTELLIGENT_TIERING", "DEEP_ARCHIVE_ACCESS", null, true),
                new ArchiveCase("INTELLIGENT_TIERING", null, null, false));
    }

    @ParameterizedTest
    @MethodSource("archiveCases")
    void archivedMeansColdAndNotRestored(ArchiveCase c) {
        assertThat(S3Target.isArchived(c.storageClass(), c.archiveStatus(), c.restore())).isEqualTo(c.archived());
    }

    record ErrorCase(SdkException error, ErrorCode code, boolean retryable) {
    }

    static Stream<ErrorCase> errorCases() {
        return Stream.of(
                new ErrorCase(service(404, "NoSuchKey"), ErrorCode.NOT_FOUND, false),
                new ErrorCase(service(403, "InvalidObjectState"), ErrorCode.OBJECT_ARCHIVED, false),
                new ErrorCase(service(403, "AccessDenied"), ErrorCode.TARGET_IO, false),
                new ErrorCase(service(404, "NoSuchBucket"), ErrorCode.TARGET_IO, false),
                new ErrorCase(service(503, "SlowDown"), ErrorCode.TARGET_IO, true),
                new ErrorCase(service(500, "InternalError"), ErrorCode.TARGET_IO, true),
                new ErrorCase(service(400, "InvalidArgument"), ErrorCode.TARGET_IO, false),
                new ErrorCase(SdkClientException.create("Unable to execute HTTP request",
                        new ConnectException("Connection refused")), ErrorCode.TARGET_UNREACHABLE, true),
                new ErrorCase(SdkClientException.create("Unable to execute HTTP request",
                        new IOException("Connection reset")), ErrorCode.TARGET_IO, true),
                new ErrorCase(SdkClientException.create("Unable to load credentials from any of the providers"),
                        ErrorCode.TARGET_IO, false));
    }

    @ParameterizedTest
    @MethodSource("errorCases")
    void sdkErrorsMapToCodesAndRetryability(ErrorCase c) {
        LifeboatException e = S3Errors.map("s3 target 'dr' (bucket 'b')", "read", "p/key", "the default chain", c.error());

        assertThat(e.code()).isEqualTo(c.code());
        assertThat(e.retryable()).isEqualTo(c.retryable());
        assertThat(e.getMessage()).contains("'dr'", "bucket 'b'", "'p/key'");
        assertThat(e.getCause()).isSameAs(c.error());
    }

    /** The default chain's message (every provider and why) stays in the cause; the line says what to do. */
    @Test
    void missingCredentialsAreOneShortLine() {
        String chain = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
                + "credentialsProviders=[SystemPropertyCredentialsProvider(), ...]) : [" + "x".repeat(1500) + "]";
        LifeboatException e = S3Errors.map("glacier target 'cold' (vault 'v')", "read", "k", "the AWS default credential chain",
                SdkClientException.create(chain));
        assertThat(e.getMessage()).isEqualTo("glacier target 'cold' (vault 'v'): cannot read 'k': no AWS credentials"
                + " (provide them through the AWS default credential chain)");
        assertThat(e.getCause().getMessage()).isEqualTo(chain);

        LifeboatException profile = S3Errors.map("s3 target 'dr' (bucket 'b')", "read", "k", "AWS profile 'backup'",
                SdkClientException.create("Profile file contained no credentials for profile 'backup'"));
        assertThat(profile.getMessage()).endsWith("no AWS credentials: Profile file contained no credentials for profile"
                + " 'backup' (provide them through AWS profile 'backup')");
    }

    @Test
    void targetsOpensTheTypeOfTheConfig() {
        try (Target file = Targets.open(new FileTargetConfig("local", Path.of("/tmp/x")));
             Target s3 = Targets.open(new S3TargetConfig("dr", "b", "eu-west-1", "", null, false, null, null, null, 0))) {
            assertThat(file).isInstanceOf(FileTarget.class);
            assertThat(file.name()).isEqualTo("local");
            assertThat(s3).isInstanceOf(S3Target.class);
            assertThat(s3.name()).isEqualTo("dr");
        }
    }

    @Test
    void partSizeBelowTheS3MinimumIsAConfigError() {
        assertThatThrownBy(() -> Targets.open(s3Config(1024 * 1024, null)))
                .isInstanceOfSatisfying(LifeboatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("'dr'", "partSize");
                });
    }

    @Test
    void unknownSseTypeIsAConfigError() {
        assertThatThrownBy(() -> Targets.open(s3Config(0, new S3TargetConfig.SseConfig("rot13", null))))
                .isInstanceOfSatisfying(LifeboatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("rot13", "aws:kms", "AES256");
                });
    }

    private static S3TargetConfig s3Config(int partSize, S3TargetConfig.SseConfig sse) {
        return new S3TargetConfig("dr", "b", "eu-west-1", "", null, false, null, sse, null, partSize);
    }

    private static S3Exception service(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
                .build();
    }
}
