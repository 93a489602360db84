package io.lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.core.config.ConfigException;
import io.lifeboat.core.config.LifeboatConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrefetchTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        ConfigPrefetch.clear();
    }

    @Test
    void readsTheConfigOptionAsPicocliDoes() {
        assertThat(ConfigPrefetch.configOption(new String[] {"backup", "run", "db", "--config", "a.yaml"})).isEqualTo("a.yaml");
        assertThat(ConfigPrefetch.configOption(new String[] {"--config=b.yaml", "status"})).isEqualTo("b.yaml");
        assertThat(ConfigPrefetch.configOption(new String[] {"status", "--config"})).isNull();
        assertThat(ConfigPrefetch.configOption(new String[] {"status", "--", "--config", "c.yaml"})).isNull();
        assertThat(ConfigPrefetch.configOption(new String[] {"status"})).isNull();
    }

    @Test
    void theFileReadAheadIsTheOneTheCommandGets() throws IOException {
        Path a = config("a.yaml", "vol-a");
        ConfigPrefetch.start(new String[] {"backup", "list", "--config", a.toString()}, Map.of());
        ConfigPrefetch.awaitRead();
        Files.delete(a); // the prefetched read, not a second one, answers
        assertThat(ConfigPrefetch.take(a).sources()).extracting(s -> s.name()).containsExactly("vol-a");
    }

    @Test
    void aWrongGuessIsReadAgainFromTheFileTheCommandResolved() throws IOException {
        Path a = config("a.yaml", "vol-a");
        Path b = config("b.yaml", "vol-b");
        ConfigPrefetch.start(new String[] {"status", "--config", a.toString()}, Map.of());
        LifeboatConfig got = ConfigPrefetch.take(b);
        assertThat(got.sources()).extracting(s -> s.name()).containsExactly("vol-b");
    }

    @Test
    void theEnvironmentNamesTheFileWhenTheOptionDoesNot() throws IOException {
        Path a = config("a.yaml", "vol-a");
        ConfigPrefetch.start(new String[] {"status"}, Map.of("LIFEBOAT_CONFIG", a.toString()));
        ConfigPrefetch.awaitRead();
        Files.delete(a);
        assertThat(ConfigPrefetch.take(a).sources()).extracting(s -> s.name()).containsExactly("vol-a");
    }

    @Test
    void anInvalidConfigFailsAsADirectLoadWould() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "targets:\n  dr: { type: s3, region: eu-central-1 }\nsources: []\n");
        ConfigPrefetch.start(new String[] {"backup", "run", "--all", "--config", bad.toString()}, Map.of());
        assertThatThrownBy(() -> ConfigPrefetch.take(bad))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anyMatch(p -> p.toString().contains("targets.dr.bucket: missing")));
    }

    @Test
    void helpAndBareOptionsReadNothingAhead() throws IOException {
        Path a = config("a.yaml", "vol-a");
        ConfigPrefetch.start(new String[] {"--version", "--config", a.toString()}, Map.of());
        ConfigPrefetch.awaitRead(); // nothing to wait for: nothing was started
        Files.writeString(a, Files.readString(a).replace("vol-a", "vol-c"));
        assertThat(ConfigPrefetch.take(a).sources()).extracting(s -> s.name()).containsExactly("vol-c");
    }

    private Path config(String name, String source) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: %2$s, type: directory, path: %1$s, schedule: "0 0 3 * * ?", targets: [primary], rpo: 25h }
                """.formatted(dir, source));
        return file;
    }
}
