package io.lifeboat.restore.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreArtifactMatchTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "orders-service, 4.2.1, orders-service-4.2.1.jar, true",
            "orders-service, 4.2.1, libs/orders-service-4.2.1-sources.jar, true",
            "orders-service, 4.2.1, orders-service/4.2.1/orders-service.pom, true",
            "orders-service, 4.2.1, orders-service-4.2.10.jar, false",
            "orders-service, 4.2.1, orders-service-4.2.1.5.jar, false",
            "orders-service, 4.2.1, orders-service/4.2.0/orders-service.pom, false",
            "orders-service, -, orders-service-4.2.0.jar, true",
            "orders-service, -, orders-service/4.2.0/x.jar, true",
            "orders-service, -, orders-service-api-1.0.jar, false",
            "orders-service, -, other/orders-service.txt, false"})
    void matches(String name, String version, String path, boolean expected) {
        assertThat(new ArtifactMatch(name, version).matches(path)).isEqualTo(expected);
    }
}
