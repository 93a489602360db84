package io.lifeboat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.RestoreAudit;
import io.lifeboat.core.catalog.RetrievalRecord;
import io.lifeboat.core.catalog.RestoreAudit.Entry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code restore status}: pending archive retrievals ({@code pending}), then the audit trail of past
 * requests ({@code requests}), in both the text and the JSON output.
 */
@Command(name = "status", description = "Past restore requests (newest first), or one request in detail.")
final class RestoreStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REQUEST-ID", description = "One request in detail (default: list them).")
    String requestId;

    @Option(names = "--limit", paramLabel = "N", description = "How many past requests to list (default: 50).")
    int limit = 50;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        try (Lifeboat lb = Context.open(spec)) {
            RestoreAudit audit = RestoreAudit.of(lb.catalog());
            if (requestId != null) {
                Entry e = audit.get(requestId).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                        "no restore request " + requestId + " (see 'lifeboat restore status')"));
                out.println(json ? mapper().writeValueAsString(row(e)) : detail(e));
                return 0;
            }
            List<Entry> requests = audit.list(Math.max(1, limit));
            List<RetrievalRecord> pending = lb.retrievals().pending();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("pending", pending.stream().map(RestoreStatusCommand::pendingRow).toList());
                doc.put("requests", requests.stream().map(RestoreStatusCommand::row).toList());
                out.println(mapper().writeValueAsString(doc));
            } else {
                pending(out, pending);
                requests(out, requests);
            }
            return 0;
        }
    }

    static void pending(PrintWriter out, List<RetrievalRecord> pending) {
        out.println("pending archive retrievals (oldest first):");
        if (pending.isEmpty()) {
            out.println("  none");
        }
        for (RetrievalRecord r : pending) {
            out.printf("  %s  %s  %s tier %s, backup %s, %s:%s, requested %s by %s%s%n", r.id(), r.phase(),
                    r.providerId() == null ? "restore-object" : "job " + r.providerId(),
                    r.tier().name().toLowerCase(java.util.Locale.ROOT), r.backupId(), r.target(), r.key(), r.requested(),
                    r.requestedBy(), r.detail() == null ? "" : " (" + r.detail() + ")");
        }
    }

    static Map<String, Object> pendingRow(RetrievalRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("phase", r.phase().name());
        m.put("backupId", r.backupId().value());
        m.put("target", r.target());
        m.put("key", r.key());
        m.put("tier", r.tier().name().toLowerCase(java.util.Locale.ROOT));
        m.put("providerId", r.providerId());
        m.put("requested", r.requested());
        m.put("updated", r.updated());
        m.put("requestedBy", r.requestedBy());
        m.put("detail", r.detail());
        return m;
    }

    static void requests(PrintWriter out, List<Entry> requests) {
        out.println("restore requests (newest first):");
        if (requests.isEmpty()) {
            out.println("  none");
        }
        for (Entry e : requests) {
            RestoreAudit.Request r = e.request();
            RestoreAudit.Outcome o = e.outcome();
            out.printf("  %s  %s  %-8s %-8s %s@%s  %d files, %s, fetched %s  into %s%n", r.id(), r.requestedAt(),
                    r.kind(), o.result().name().toLowerCase(java.util.Locale.ROOT), r.osUser(), r.host(), o.files(),
                    Units.bytes(o.bytes()), Units.bytes(o.bytesFetched()), r.targetDir());
        }
    }

    static String detail(Entry e) {
        RestoreAudit.Request r = e.request();
        RestoreAudit.Outcome o = e.outcome();
        StringBuilder b = new StringBuilder();
        b.append("request:       ").append(r.id()).append('\n');
        b.append("kind:          ").append(r.kind()).append(r.source() == null ? "" : " of " + r.source()).append('\n');
        b.append("who:           ").append(r.osUser()).append('@').append(r.host()).append('\n');
        b.append("when:          ").append(r.requestedAt());
        if (o.finishedAt() != null) {
            b.append(" (took ").append(Units.duration(Duration.between(r.requestedAt(), o.finishedAt()))).append(')');
        }
        b.append('\n');
        b.append("command:       ").append(r.commandLine()).append('\n');
        b.append("into:          ").append(r.targetDir()).append('\n');
        b.append("read from:     ").append(o.readFrom() == null ? "-" : o.readFrom()).append('\n');
        b.append("backups used:  ").append(o.backupsUsed().isEmpty() ? "-" : String.join(", ", o.backupsUsed())).append('\n');
        b.append("restored:      ").append(o.files()).append(" files, ").append(Units.bytes(o.bytes())).append('\n');
        b.append("fetched:       ").append(Units.bytes(o.bytesFetched())).append(" of ").append(Units.bytes(o.bytesStored()))
                .append(" stored\n");
        b.append("result:        ").append(o.result().name().toLowerCase(java.util.Locale.ROOT))
                .append(o.message() == null ? "" : ": " + o.message());
        return b.toString();
    }

    static Map<String, Object> row(Entry e) {
        RestoreAudit.Request r = e.request();
        RestoreAudit.Outcome o = e.outcome();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind());
        m.put("source", r.source());
        m.put("osUser", r.osUser());
        m.put("host", r.host());
        m.put("requestedAt", r.requestedAt());
        m.put("finishedAt", o.finishedAt());
        m.put("commandLine", r.commandLine());
        m.put("targetDir", r.targetDir());
        m.put("readFrom", o.readFrom());
        m.put("backupsUsed", o.backupsUsed());
        m.put("files", o.files());
        m.put("bytes", o.bytes());
        m.put("bytesFetched", o.bytesFetched());
        m.put("bytesStored", o.bytesStored());
        m.put("result", o.result().name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", o.message());
        return m;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    }
}
