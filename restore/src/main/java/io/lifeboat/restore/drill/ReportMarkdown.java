package io.lifeboat.restore.drill;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code report.md}: a summary table, then the runbook itself with each block's step results (status,
 * duration, output excerpt) inserted right after the block, so the report reads like the runbook.
 */
final class ReportMarkdown {
    private ReportMarkdown() {
    }

    static String render(DrillReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill ").append(r.id()).append(": ").append(r.runbook().name()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Result", "**" + label(r) + "**");
        row(md, "Runbook", "`" + r.runbook().file() + "`");
        row(md, "Started / finished", r.started() + " / " + r.finished());
        row(md, "By", r.osUser() + "@" + r.host());
        row(md, "RTO achieved", Durations.format(r.rto()) + objective(r.objectives().rto()));
        row(md, "RPO measured (worst)", Durations.format(r.rpo()) + objective(r.objectives().rpo()));
        row(md, "RPO from backup time", Durations.format(r.backupRpo()));
        for (StepResult s : r.restores()) {
            row(md, "RTO of restore (line " + s.step().line() + ")", Durations.format(s.duration()) + " (ended at +"
                    + Durations.format(s.end()) + ")");
        }
        r.missed().forEach(m -> row(md, "Objective missed", m));
        md.append('\n');
        List<StepResult> pending = new ArrayList<>(r.steps());
        pending.sort(Comparator.comparingInt(s -> s.step().line()));
        String[] lines = r.runbook().text().split("\r?\n", -1);
        int body = bodyStart(lines);
        String fence = null;
        for (int i = body; i < lines.length; i++) {
            String line = lines[i];
            md.append(line).append('\n');
            String strip = line.strip();
            if (fence == null && (strip.startsWith("```") || strip.startsWith("~~~"))) {
                fence = strip.substring(0, 3);
            } else if (fence != null && strip.startsWith(fence) && strip.chars().allMatch(c -> c == strip.charAt(0))) {
                fence = null;
                int lineNo = i + 1;
                List<StepResult> done = pending.stream().filter(s -> s.step().line() < lineNo).toList();
                pending.removeAll(done);
                done.forEach(s -> result(md, s));
            }
        }
        return md.toString();
    }

    private static int bodyStart(String[] lines) {
        if (lines.length > 0 && lines[0].strip().equals("---")) {
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].strip().equals("---")) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    private static void result(StringBuilder md, StepResult s) {
        String icon = switch (s.status()) {
            case PASSED -> "✅";
            case FAILED, FAILED_CONTINUED -> "❌";
            case SKIPPED -> "⏭";
        };
        md.append("> ").append(icon).append(" **").append(s.status()).append("** `").append(s.step().text()).append('`');
        if (s.duration() != null) {
            md.append(" — ").append(Durations.format(s.duration())).append(" (at +").append(Durations.format(s.offset())).append(')');
        }
        if (s.rpo() != null) {
            md.append(" — RPO ").append(Durations.format(s.rpo())).append(" (newest data ").append(s.newestData()).append(')');
        }
        md.append("\n");
        String excerpt = s.excerpt(8);
        if (!excerpt.isBlank()) {
            md.append(">\n> ```\n");
            excerpt.lines().forEach(l -> md.append("> ").append(l.replace("```", "'''")).append('\n'));
            md.append("> ```\n");
        }
        md.append('\n');
    }

    static String label(DrillReport r) {
        return switch (r.status()) {
            case PASSED -> "PASSED";
            case FAILED -> "FAILED (a step failed)";
            case OBJECTIVE_MISSED -> "OBJECTIVE MISSED";
            case INTERRUPTED -> "INTERRUPTED";
            case RUNNING -> "RUNNING";
        };
    }

    private static String objective(java.time.Duration d) {
        return d == null ? "" : " (objective " + Durations.format(d) + ")";
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }
}
