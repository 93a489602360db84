package io.lifeboat.cli;

import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.verifier.CopyResult;
import io.lifeboat.verifier.Finding;
import io.lifeboat.verifier.VerificationReport;
import io.lifeboat.verifier.database.RestoreTestResult;
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
        @Parameters(paramLabel = "BACKUP-ID", description = "The backup to verify (as 'backup list' shows it).")
        String id;
        @Option(names = "--source", paramLabel = "SOURCE", description = "Verify the newest backup of this source.")
        String source;
    }

    @Option(names = "--level", paramLabel = "1|2|3", description = "1: read back and checksum; 2: also walk the archive;"
            + " 3 (databases): also restore into a scratch database and run the checks."
            + " Default: the source's verify.level, else 2.")
    Integer level;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Lifeboat lb = Context.open(spec)) {
            BackupRecord backup = which.id != null ? BackupLookup.byId(lb.catalog(), which.id)
                    : BackupLookup.newest(lb.catalog(), which.source);
            int effective = level != null ? level
                    : lb.config().source(backup.source()).map(s -> s.verify().level()).orElse(2);
            VerificationReport report = lb.verifier().verify(backup, effective);
            if (json) {
                out.println(BackupCommand.json().writeValueAsString(json(report)));
            } else {
                print(report, out);
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

    private static void print(VerificationReport report, PrintWriter out) {
        report.notes().forEach(n -> out.println("note: " + n));
        for (CopyResult c : report.copies()) {
            out.printf("%s %s level %d on %s: %s (%s)%n", report.source(), report.backupId(), c.level(), c.target(),
                    c.passed() ? "OK" : "FAILED", Units.duration(c.duration()));
            c.findings().forEach(f -> out.println("  " + f.describe()));
            if (c.note() != null) {
                out.println("  note: " + c.note());
            }
        }
        RestoreTestResult r = report.restoreTest();
        if (r != null) {
            out.printf("%s %s level 3: %s%s%n", report.source(), report.backupId(), r.summary(),
                    r.loaded() ? ", restored in " + Units.duration(r.restoreDuration()) : "");
            r.findings().forEach(f -> out.println("  " + f.describe()));
        }
        out.println(report.passed() ? "verified: every copy passed" + (r != null ? " and the restore test passed" : "")
                : "verification FAILED");
    }

    private static Map<String, Object> json(VerificationReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("backupId", report.backupId().value());
        doc.put("source", report.source());
        doc.put("level", report.level());
        doc.put("passed", report.passed());
        doc.put("copies", report.copies().stream().map(c -> Map.of("target", c.target(), "passed", c.passed(),
                "durationMs", c.duration().toMillis(), "findings", c.findings().stream().map(Finding::describe).toList())).toList());
        RestoreTestResult r = report.restoreTest();
        if (r != null) {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("target", r.target());
            test.put("scratchDatabase", r.scratch());
            test.put("passed", r.passed());
            test.put("loaded", r.loaded());
            test.put("tables", r.tables());
            test.put("rows", r.rows());
            test.put("checks", r.checks());
            test.put("restoreDurationMs", r.restoreDuration().toMillis());
            test.put("durationMs", r.duration().toMillis());
            test.put("findings", r.findings().stream().map(Finding::describe).toList());
            doc.put("restoreTest", test);
        }
        doc.put("notes", report.notes());
        return doc;
    }
}
