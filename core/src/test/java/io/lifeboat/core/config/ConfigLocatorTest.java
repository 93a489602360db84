package io.lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLocatorTest {
    @Test
    void commandLineOptionWins() {
        assertThat(ConfigLocator.locate("/etc/lifeboat/prod.yaml", Map.of("LIFEBOAT_CONFIG", "/elsewhere.yaml")))
                .isEqualTo(Path.of("/etc/lifeboat/prod.yaml"));
    }

    @Test
    void thenTheEnvironment() {
        assertThat(ConfigLocator.locate(null, Map.of("LIFEBOAT_CONFIG", "/elsewhere.yaml")))
                .isEqualTo(Path.of("/elsewhere.yaml"));
        assertThat(ConfigLocator.locate("  ", Map.of("LIFEBOAT_CONFIG", "/elsewhere.yaml")))
                .isEqualTo(Path.of("/elsewhere.yaml"));
    }

    @Test
    void thenTheDefaultFile() {
        assertThat(ConfigLocator.locate(null, Map.of())).isEqualTo(Path.of("config/lifeboat.yaml"));
        assertThat(ConfigLocator.locate(null, Map.of("LIFEBOAT_CONFIG", ""))).isEqualTo(Defaults.CONFIG_FILE);
    }
}
