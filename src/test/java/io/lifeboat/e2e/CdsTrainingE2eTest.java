package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The launcher's class-data workout must keep running every command it lists, and leave nothing behind. */
class CdsTrainingE2eTest {
    @Test
    void everyCommandOfTheWorkoutSucceedsAndItsFolderIsRemoved() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = trainingFolders(tmp);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"cds-training"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(err.toString()).doesNotContain("exited");
        assertThat(out.toString()).containsPattern("lifeboat cds-training: [1-9][0-9]+ classes preloaded");
        assertThat(trainingFolders(tmp)).containsExactlyInAnyOrderElementsOf(before);
    }

    private static List<Path> trainingFolders(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lifeboat-cds-")).toList();
        }
    }
}
