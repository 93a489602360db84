package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.RetrievalRecord;
import io.lifeboat.core.catalog.RetrievalRows;
import io.lifeboat.core.config.CatalogConfig;
import io.lifeboat.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;

/**
 * A backup copied to a glacier target (moto_server's vault API) and restored from it alone: the
 * restore starts a retrieval job and exits 75, a second run resumes the same job (no second one),
 * {@code --wait} polls until the job is done and restores a byte-identical tree.
 */
class ArchiveGlacierE2eTest {
    static final Pattern RETRIEVAL = Pattern.compile("retrieval (r-[0-9a-f-]+) (started|resumed)");

    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path dir;
    Path source;
    Cli cli;
    String vault;
    GlacierClient glacier;

    @BeforeEach
    void setUp() throws IOException {
        glacier = GlacierClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        vault = "lifeboat-" + Long.toHexString(System.nanoTime());
        glacier.createVault(b -> b.accountId("-").vaultName(vault));
        source = TestTrees.tricky(dir.resolve("src"), 3 * 1024 * 1024);
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "jdbc:h2:file:%1$s/var/catalog" }
                targets:
                  primary: { type: file, path: %1$s/var/primary }
                  cold: { type: glacier, vault: %2$s, region: %3$s, endpoint: "%4$s", tier: standard }
                sources:
                  - { name: tree, type: directory, path: %5$s, schedule: "0 0 3 * * ?", targets: [primary, cold], rpo: 25h }
                """.formatted(dir, vault, MotoServer.REGION, moto.endpoint(), source));
        cli = new Cli(config);
    }

    @AfterEach
    void tearDown() {
        glacier.close();
    }

    @Test
    void restoreFromGlacierStartsResumesAndWaits() throws IOException {
        Cli.Result run = cli.run("backup", "run", "tree");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("VERIFIED (level 2, 2 copies)");
        String id = Cli.backupId(run, "tree");
        Cli.Result verify = cli.run("verify", id);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("on cold: OK").contains("note: archived copy: present")
                .contains("--target cold --wait");
        assertThat(glacier.listVaults(b -> b.accountId("-")).vaultList())
                .anySatisfy(v -> assertThat(v.vaultName()).isEqualTo(vault));
        Path out = dir.resolve("restored");

        Cli.Result first = cli.run("restore", "files", "--backup", id, "--into", out.toString(), "--target", "cold");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(75);
        String requestId = retrievalId(first, "started");
        assertThat(first.out()).contains("(tier standard, expected ready in 3-5 h)");
        assertThat(first.err()).contains("retrieval " + requestId + " is in progress").contains("--wait");

        Cli.Result second = cli.run("restore", "files", "--backup", id, "--into", out.toString(), "--target", "cold");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(75);
        assertThat(retrievalId(second, "resumed")).isEqualTo(requestId);
        assertThat(jobs()).hasSize(1);
        // both requests are in the audit as waiting for the retrieval, not as failed
        assertThat(cli.run("restore", "status").out()).containsPattern("files +waiting +" + java.util.regex.Pattern.quote(
                System.getProperty("user.name")) + "@").doesNotContain(" failed ");
        Cli.Result status = cli.run("restore", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("pending archive retrievals").contains(requestId).contains("IN_PROGRESS")
                .contains("job " + jobs().get(0).jobId());

        Cli.Result waited = cli.run("restore", "files", "--backup", id, "--into", out.toString(), "--target", "cold", "--wait");
        assertThat(waited.exitCode()).as(waited.toString()).isZero();
        assertThat(retrievalId(waited, "resumed")).isEqualTo(requestId);
        assertThat(waited.out()).contains("via cold");
        assertThat(jobs()).hasSize(1);
        assertThat(TreeSnapshot.of(out)).isEqualTo(TreeSnapshot.of(source));
        assertThat(cli.run("restore", "status", "--json").out()).contains("\"pending\" : [ ]");
        assertThat(retrievals(dir)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(requestId);
            assertThat(r.phase()).isEqualTo(RetrievalRecord.Phase.DONE);
            assertThat(r.providerId()).isEqualTo(jobs().get(0).jobId());
        });
        try (var spools = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(spools.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("lifeboat-glacier-")
                    || n.startsWith("lifeboat-retrieval-"));
        }
    }

    private List<GlacierJobDescription> jobs() {
        return glacier.listJobs(b -> b.accountId("-").vaultName(vault)).jobList();
    }

    static String retrievalId(Cli.Result r, String how) {
        Matcher m = RETRIEVAL.matcher(r.out());
        assertThat(m.find()).as("a retrieval line in\n" + r).isTrue();
        assertThat(m.group(2)).as(r.toString()).isEqualTo(how);
        return m.group(1);
    }

    static List<RetrievalRecord> retrievals(Path dir) {
        try (Catalog catalog = Catalog.open(new CatalogConfig("jdbc:h2:file:" + dir + "/var/catalog", null, null),
                Clock.systemUTC())) {
            return new RetrievalRows(catalog.dataSource()).recent(10);
        }
    }
}
