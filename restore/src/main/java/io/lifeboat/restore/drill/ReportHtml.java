package io.lifeboat.restore.drill;

import java.util.Locale;

/** {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no external resources). */
final class ReportHtml {
    private ReportHtml() {
    }

    static String render(DrillReport r) {
        StringBuilder h = new StringBuilder();
        String color = switch (r.status()) {
            case PASSED -> "#2e9d5b";
            case OBJECTIVE_MISSED -> "#c77c00";
            default -> "#d2413a";
        };
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drill ").append(Svg.esc(r.id()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:960px}"
                        + "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;"
                        + "vertical-align:top}pre{background:#f4f4f6;padding:6px;margin:0;white-space:pre-wrap;font-size:12px}"
                        + ".badge{display:inline-block;padding:4px 10px;border-radius:4px;color:#fff;font-weight:bold}"
                        + ".passed{color:#2e9d5b}.failed,.failed_continued{color:#d2413a}.skipped{color:#999}</style></head><body>\n");
        h.append("<h1>Drill ").append(Svg.esc(r.runbook().name())).append("</h1>\n<p><span class=\"badge\" style=\"background:")
                .append(color).append("\">").append(ReportMarkdown.label(r)).append("</span> ").append(Svg.esc(r.id())).append("</p>\n");
        h.append("<table>");
        row(h, "Runbook", r.runbook().file().toString());
        row(h, "Started / finished", r.started() + " / " + r.finished());
        row(h, "By", r.osUser() + "@" + r.host());
        row(h, "RTO achieved", Durations.format(r.rto()) + objective(r.objectives().rto()));
        row(h, "RPO measured (worst)", Durations.format(r.rpo()) + objective(r.objectives().rpo()));
        row(h, "RPO from backup time", Durations.format(r.backupRpo()));
        r.restores().forEach(s -> row(h, "Restore RTO (line " + s.step().line() + ")", Durations.format(s.duration())));
        r.missed().forEach(m -> row(h, "Objective missed", m));
        h.append("</table>\n<h2>Timeline</h2>\n").append(Svg.timeline(r));
        h.append("<h2>Trend: RPO and RTO of the past drills of this runbook</h2>\n").append(Svg.trend(r));
        h.append("<h2>Steps</h2>\n<table><tr><th>#</th><th>step</th><th>result</th><th>duration</th><th>output</th></tr>\n");
        for (StepResult s : r.steps()) {
            h.append("<tr><td>").append(s.step().line()).append("</td><td><code>").append(s.step().cleanup() ? "cleanup: " : "")
                    .append(Svg.esc(s.step().text())).append("</code></td><td class=\"").append(s.status().name().toLowerCase(Locale.ROOT))
                    .append("\">").append(s.status()).append("</td><td>").append(Durations.format(s.duration()))
                    .append(s.rpo() == null ? "" : "<br>RPO " + Durations.format(s.rpo())).append("</td><td><pre>")
                    .append(Svg.esc(s.excerpt(8))).append("</pre></td></tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    private static String objective(java.time.Duration d) {
        return d == null ? "" : " (objective " + Durations.format(d) + ")";
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(Svg.esc(k)).append("</th><td>").append(Svg.esc(v)).append("</td></tr>\n");
    }
}
