package io.lifeboat.cli;

import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.verifier.CopyResult;
import io.lifeboat.verifier.Finding;
import io.lifeboat.verifier.VerificationReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = "Verify a backup's copies now (exit 1 when a check fails).")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "BACKUP-ID")
        String id;
        @Option(names = "--source", paramLabel = "SOURCE", description = "Verify the newest backup of this source.")
        String source;
    }

    @Option(names = "--level", defaultValue = "2", description = "1: read back and checksum; 2: also walk the archive (default).")
    int level;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Lifeboat lb = Context.open(spec)) {
            BackupRecord backup = which.id != null ? BackupLookup.byId(lb.catalog(), which.id)
                    : BackupLookup.newest(lb.catalog(), which.source);
            VerificationReport report = lb.verifier().verify(backup, level);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("backupId", report.backupId().value());
                doc.put("source", report.source());
                doc.put("level", report.level());
                doc.put("passed", report.passed());
                doc.put("copies", report.copies().stream().map(c -> Map.of("target", c.target(), "passed", c.passed(),
                        "durationMs", c.duration().toMillis(), "findings", c.findings().stream().map(Finding::describe).toList())).toList());
                out.println(BackupCommand.json().writeValueAsString(doc));
            } else {
                for (CopyResult c : report.copies()) {
                    out.printf("%s %s level %d on %s: %s (%s)%n", report.source(), report.backupId(), level, c.target(),
                            c.passed() ? "OK" : "FAILED", Units.duration(c.duration()));
                    c.findings().forEach(f -> out.println("  " + f.describe()));
                }
                out.println(report.passed() ? "verified: every copy passed" : "verification FAILED");
            }
            if (!report.passed()) {
                List<Finding> findings = report.findings();
                spec.commandLine().getErr().println("lifeboat: verification of " + report.backupId() + " failed: "
                        + (findings.isEmpty() ? "no copy to verify" : findings.get(0).describe()));
                return 1;
            }
            return 0;
        }
    }
}
