package io.lifeboat.restore.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.core.catalog.DrillRows;
import java.time.Duration;
import java.time.Instant;

/** {@code report.json}: every figure of the report, durations in seconds (with millisecond precision). */
final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    static String render(DrillReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", r.id());
        root.put("runbook", r.runbook().name());
        root.put("file", r.runbook().file().toString());
        root.put("status", r.status().column());
        root.put("exitCode", r.exitCode());
        time(root, "started", r.started());
        time(root, "finished", r.finished());
        root.put("user", r.osUser());
        root.put("host", r.host());
        ObjectNode objectives = root.putObject("objectives");
        seconds(objectives, "rpoSeconds", r.objectives().rpo());
        seconds(objectives, "rtoSeconds", r.objectives().rto());
        seconds(root, "rtoSeconds", r.rto());
        seconds(root, "rpoSeconds", r.rpo());
        seconds(root, "backupRpoSeconds", r.backupRpo());
        ArrayNode missed = root.putArray("missed");
        r.missed().forEach(missed::add);
        ArrayNode steps = root.putArray("steps");
        for (StepResult s : r.steps()) {
            ObjectNode n = steps.addObject();
            n.put("line", s.step().line());
            n.put("section", s.step().section());
            n.put("step", s.step().text());
            n.put("kind", s.step().kind().name().toLowerCase(java.util.Locale.ROOT));
            n.put("cleanup", s.step().cleanup());
            n.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
            seconds(n, "offsetSeconds", s.offset());
            seconds(n, "durationSeconds", s.duration());
            time(n, "newestData", s.newestData());
            seconds(n, "rpoSeconds", s.rpo());
            ArrayNode used = n.putArray("backups");
            s.backups().forEach(b -> {
                ObjectNode u = used.addObject().put("id", b.id()).put("source", b.source());
                time(u, "consistentPoint", b.point());
            });
            n.put("output", s.excerpt(40));
        }
        ArrayNode history = root.putArray("history");
        for (DrillRows.Summary h : r.history()) {
            ObjectNode n = history.addObject().put("id", h.id()).put("status", h.status().column());
            time(n, "started", h.started());
            seconds(n, "rtoSeconds", h.rto());
            seconds(n, "rpoSeconds", h.rpo());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void time(ObjectNode n, String key, Instant t) {
        if (t == null) {
            n.putNull(key);
        } else {
            n.put(key, t.toString());
        }
    }

    private static void seconds(ObjectNode n, String key, Duration d) {
        if (d == null) {
            n.putNull(key);
        } else {
            n.put(key, d.toMillis() / 1000.0);
        }
    }
}
