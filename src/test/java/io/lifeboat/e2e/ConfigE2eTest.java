package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config validate} names every problem at once, and every other command refuses an invalid config. */
class ConfigE2eTest {
    @TempDir
    Path dir;

    @Test
    void everyProblemIsListedAndCommandsRefuseToStart() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  dr: { type: s3, region: eu-central-1 }
                sources:
                  - { name: logs, type: logs, path: %1$s, tagets: [primary], schedule: "0 30 1 * * ?", rpo: 26h }
                  - { name: vol, type: directory, path: %1$s, schedule: "0 0 25 * * ?", targets: [primary], rpo: 25h }
                """.formatted(dir));
        Cli cli = new Cli(config);
        Cli.Result validate = cli.run("config", "validate");
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err())
                .contains("targets.dr.bucket: missing")
                .contains("sources[0].tagets: unknown key, did you mean \"targets\"?")
                .contains("sources[1].schedule: \"0 0 25 * * ?\" is not a valid Quartz cron expression");

        Cli.Result backup = cli.run("backup", "run", "--all");
        assertThat(backup.exitCode()).isEqualTo(2);
        assertThat(backup.err()).contains("invalid configuration, refusing to start").contains("targets.dr.bucket: missing");
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void validConfigPrintsOneLineSummary() throws IOException {
        Path config = dir.resolve("good.yaml");
        Files.writeString(config, """
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                sources:
                  - { name: vol, type: directory, path: %1$s, schedule: "0 0 3 * * ?", targets: [primary], rpo: 25h }
                """.formatted(dir));
        Cli.Result r = new Cli(config).run("config", "validate");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(r.out()).contains("1 source").contains("vol");
    }

    @Test
    void missingConfigFileSaysWhereItLooked() {
        Cli.Result r = new Cli(dir.resolve("nope.yaml")).run("config", "validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml");
    }
}
