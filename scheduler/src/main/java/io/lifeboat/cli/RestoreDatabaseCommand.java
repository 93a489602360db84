package io.lifeboat.cli;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Plural;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.RestoreAudit;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.restore.audit.Requester;
import io.lifeboat.restore.audit.RestoreAuditor;
import io.lifeboat.restore.database.DatabaseRestore;
import io.lifeboat.restore.select.TimeArg;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "database", description = {
        "Restore a database backup into a database, streamed from a target. The database is created when absent;"
                + " one that already has tables is refused unless --force (then it is dropped and recreated).",
        "URL: postgresql://[user@]host[:port]/db, mysql://[user@]host[:port]/db (also mariadb://) or jdbc:h2:file:PATH;"
                + " user and password default to the source's connection (the password from its passwordEnv)."})
final class RestoreDatabaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "The database source whose backup to restore.")
    String source;

    @ArgGroup(exclusive = true)
    Which which;

    static final class Which {
        @Option(names = "--backup", paramLabel = "ID", description = "This backup (default: the newest published one).")
        String backup;
        @Option(names = "--at", paramLabel = "TIME", description = "The newest backup consistent at or before TIME:"
                + " an ISO-8601 instant (2026-11-01T03:00Z), a date (start of that day) or 3w/36h ago.")
        String at;
    }

    @Option(names = "--into", required = true, paramLabel = "URL", description = "The database to restore into (see URL above).")
    String into;

    @Option(names = "--target", paramLabel = "TARGET", description = "Read this copy (default: the first readable one).")
    String target;

    @Option(names = "--force", description = "Drop and recreate a database that already has tables.")
    boolean force;

    @Option(names = "--globals", description = "PostgreSQL: restore the roles and tablespaces (pg_dumpall --globals-only) first.")
    boolean globals;

    @Option(names = "--jobs", paramLabel = "N", description = "PostgreSQL: connections loading the data at once, and pg_restore --jobs for the indexes (default: the source's verify.jobs, 2).")
    Integer jobs;

    private static final Logger log = LoggerFactory.getLogger(RestoreDatabaseCommand.class);
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(30);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Lifeboat lb = Context.open(spec)) {
            SourceConfig config = lb.config().requireSource(source);
            if (jobs != null && jobs < 1) {
                throw new LifeboatException(ErrorCode.USAGE, "--jobs must be at least 1, got " + jobs);
            }
            BackupRecord backup = which != null && which.backup != null ? BackupLookup.byId(lb.catalog(), which.backup) : null;
            Instant at = which != null && which.at != null ? TimeArg.parse(which.at, lb.clock().instant(), RestoreRun.zone()) : null;
            DatabaseRestore.Request request = new DatabaseRestore.Request(config, backup, at, into, target, force, globals, jobs);
            RestoreAuditor auditor = new RestoreAuditor(RestoreAudit.of(lb.catalog()), lb.clock(), Requester.current());
            String id = auditor.begin("database", source, RestoreRun.commandLine(spec), DatabaseRestore.redact(into));
            // SIGTERM, Ctrl-C: the interrupted restore stops its tools and connections and drops the database it
            // created; the JVM waits for that (it used to end at once and leave the database half loaded)
            Thread restoring = Thread.currentThread();
            try (ShutdownHook hook = ShutdownHook.install("lifeboat-restore-interrupt", restoring::interrupt, INTERRUPT_GRACE)) {
                try {
                    DatabaseRestore.Result r = lb.databaseRestore().restore(request);
                    auditor.finished(id, RestoreAudit.Result.OK, null, r.target(), List.of(r.backup().id().value()), r.tables(),
                            r.dumpBytes(), r.storedBytes(), r.storedBytes());
                    print(r, id, out);
                    return 0;
                } catch (RuntimeException e) {
                    if (hook.fired() && e instanceof LifeboatException le) {
                        return stopped(le, auditor, id);
                    }
                    auditor.failed(id, e);
                    throw e;
                }
            }
        }
    }

    /**
     * The restore's own failure, printed here: the JVM ends as soon as the shutdown hook returns, which
     * Main may not outlive. H2 closes its database at JVM shutdown too (its own hook; H2 refuses
     * {@code DB_CLOSE_ON_EXIT=FALSE} with the {@code AUTO_SERVER} the catalog needs), so the audit row
     * may stay {@code running}; that is said, not thrown in place of the restore's failure.
     */
    private int stopped(LifeboatException failure, RestoreAuditor auditor, String id) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lifeboat: " + failure.getMessage());
        try {
            auditor.failed(id, failure);
        } catch (RuntimeException e) {
            log.debug("recording the interrupted restore request {}", id, e);
            err.println("lifeboat: restore request " + id + " could not be recorded as failed: the catalog closed as the JVM"
                    + " shut down ('restore status' shows it as running)");
        }
        err.flush();
        return failure.code().exitCode();
    }

    private static void print(DatabaseRestore.Result r, String requestId, PrintWriter out) {
        out.printf("restored backup %s of %s (consistent point %s, %s) from %s into %s%n", r.backup().id(),
                r.backup().source(), r.backup().consistentPoint(), r.backup().status(), r.target(), r.into());
        out.printf("  %s%s; %s, %s (exact counts, %s); took %s%n", switch (r.preparation()) {
            case CREATED -> "created the database";
            case EXISTED_EMPTY -> "the database existed without tables";
            case REPLACED -> "dropped and recreated the database (--force)";
        }, r.globals() ? ", restored the globals first" : "", Plural.count(r.tables(), "table"), Plural.count(r.totalRows(), "row"),
                r.rowsCountedInDump() ? "counted as they were loaded" : "after the restore", Units.duration(r.duration()));
        new TreeMap<>(r.rows()).forEach((table, rows) -> out.printf("    %-40s %12d%n", table, rows));
        out.println("  request " + requestId + " (see 'lifeboat restore status " + requestId + "')");
    }
}
