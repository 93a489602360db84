package io.lifeboat.core.storage;

import io.lifeboat.core.config.GlacierTargetConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.GlacierClientBuilder;

/** Builds the SDK client of a glacier target: default chain or named profile, standard retries. */
final class GlacierClients {
    private GlacierClients() {
    }

    static GlacierClient build(GlacierTargetConfig config) {
        GlacierClientBuilder builder = GlacierClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .httpClientBuilder(ApacheHttpClient.builder().tcpKeepAlive(true))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(GlacierTargetConfig config) {
        if (config.profile() != null && !config.profile().isBlank()) {
            return ProfileCredentialsProvider.builder().profileName(config.profile()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
