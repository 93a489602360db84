package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retention apply} through the command line with two {@code file} targets. */
class RetentionE2eTest {
    @TempDir
    Path dir;
    Path source;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        source = TestTrees.tricky(dir.resolve("src"), 64 * 1024);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  dr: { type: file, path: %1$s/var/dr }
                sources:
                  - { name: tree, type: directory, path: %2$s, schedule: "0 0 3 * * ?", targets: [primary, dr], rpo: 25h,
                      retention: { keepLast: 2, minAge: 0s } }
                  - { name: other, type: directory, path: %2$s, schedule: "0 0 3 * * ?", targets: [primary], rpo: 25h }
                """.formatted(dir, source));
        cli = new Cli(config);
    }

    /** Four backups, generation 1 (oldest) to 4 (newest), each with its own gen.txt. */
    private List<String> fourBackups() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int gen = 1; gen <= 4; gen++) {
            Files.writeString(source.resolve("gen.txt"), "gen " + gen + "\n");
            Cli.Result run = cli.run("backup", "run", "tree");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            ids.add(Cli.backupId(run, "tree"));
        }
        return ids;
    }

    @Test
    void dryRunListsAndDeletesNothingThenApplyExpiresAndKeptBackupsStillRestore() throws IOException {
        List<String> ids = fourBackups();
        Cli.Result other = cli.run("backup", "run", "other");
        assertThat(other.exitCode()).as(other.toString()).isZero();
        String otherId = Cli.backupId(other, "other");

        Cli.Result dry = cli.run("retention", "apply", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("tree (keepLast 2, minAge 0s): keep 2, would expire 2")
                .contains("would be freed (dry run, nothing deleted)")
                .containsPattern("keep +" + ids.get(3) + ".*newest verified|keep +" + ids.get(3) + ".*newest")
                .containsPattern("keep +" + ids.get(2) + ".*last 2")
                .containsPattern("expire +" + ids.get(1) + ".*expired: older than every bucket")
                .containsPattern("expire +" + ids.get(0) + ".*")
                .contains("would delete from primary, dr")
                .contains("other: no retention policy, every backup is kept (1)");
        for (String id : ids) {
            assertThat(objects("primary", id)).as("primary copy of " + id).isNotEmpty();
            assertThat(objects("dr", id)).as("dr copy of " + id).isNotEmpty();
        }
        assertThat(statuses()).containsOnly("VERIFIED");

        Cli.Result apply = cli.run("retention", "apply", "--source", "tree");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("tree (keepLast 2, minAge 0s): keep 2, expired 2").contains("deleted from primary, dr")
                .doesNotContain("other");
        for (String gone : ids.subList(0, 2)) {
            assertThat(objects("primary", gone)).as("primary copy of " + gone).isEmpty();
            assertThat(objects("dr", gone)).as("dr copy of " + gone).isEmpty();
        }
        for (String kept : ids.subList(2, 4)) {
            assertThat(objects("primary", kept)).hasSize(2);
            assertThat(objects("dr", kept)).hasSize(2);
        }
        assertThat(objects("primary", otherId)).hasSize(2);

        JsonNode list = new ObjectMapper().readTree(cli.run("backup", "list", "--source", "tree", "--json").out());
        for (JsonNode b : list) {
            boolean expired = ids.subList(0, 2).contains(b.get("id").asText());
            assertThat(b.get("status").asText()).as(b.toString()).isEqualTo(expired ? "EXPIRED" : "VERIFIED");
            if (expired) {
                assertThat(b.get("reason").asText()).startsWith("expired by retention at ").contains("older than every bucket");
            }
        }

        Path out = dir.resolve("restored");
        Cli.Result restore = cli.run("restore", "files", "--backup", ids.get(2), "--into", out.toString());
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(Files.readString(out.resolve("gen.txt"))).isEqualTo("gen 3\n");
        Cli.Result refused = cli.run("restore", "files", "--backup", ids.get(0), "--into", dir.resolve("nope").toString());
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains(ids.get(0) + " is EXPIRED");

        Cli.Result again = cli.run("retention", "apply", "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(again.out());
        assertThat(report.get(0).get("source").asText()).isEqualTo("tree");
        assertThat(report.get(0).get("expired")).isEmpty();
        assertThat(report.get(0).get("kept")).hasSize(2);
        assertThat(report.get(0).get("bytesFreed").asLong()).isZero();
    }

    @Test
    void unknownSourceIsAUsageError() {
        Cli.Result r = cli.run("retention", "apply", "--source", "nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no source named \"nope\"");
    }

    private List<String> statuses() throws IOException {
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(cli.run("backup", "list", "--source", "tree", "--json").out())
                .forEach(b -> out.add(b.get("status").asText()));
        return out;
    }

    /** The files of one backup in a file target. */
    private List<Path> objects(String target, String id) throws IOException {
        try (Stream<Path> walk = Files.walk(dir.resolve("var").resolve(target))) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("/" + id + "/")).toList();
        }
    }
}
