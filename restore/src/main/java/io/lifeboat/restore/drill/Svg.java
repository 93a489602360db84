package io.lifeboat.restore.drill;

import io.lifeboat.core.catalog.DrillRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The two charts of {@code report.html}, as inline SVG: the steps' timeline and the RPO/RTO trend. */
final class Svg {
    private static final int WIDTH = 900;
    private static final int LABEL = 330;
    private static final int ROW = 22;

    private Svg() {
    }

    /** One bar per step that ran, from its start to its end; a dashed line where the RTO ended. */
    static String timeline(DrillReport r) {
        List<StepResult> ran = r.steps().stream().filter(s -> s.offset() != null).toList();
        double total = Math.max(1, ran.stream().mapToLong(s -> s.end().toMillis()).max().orElse(1));
        int height = 40 + ran.size() * ROW;
        double scale = (WIDTH - LABEL - 20) / total;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"timeline of the drill's steps\">%n", WIDTH, height, WIDTH, height));
        svg.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fbfbfd\"/>\n");
        int y = 10;
        for (StepResult s : ran) {
            double x = LABEL + s.offset().toMillis() * scale;
            double w = Math.max(2, s.duration().toMillis() * scale);
            String color = switch (s.status()) {
                case PASSED -> s.step().cleanup() ? "#8c96a8" : "#2e9d5b";
                case FAILED, FAILED_CONTINUED -> "#d2413a";
                case SKIPPED -> "#cccccc";
            };
            svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"12\" font-family=\"monospace\">%s</text>%n",
                    y + 14, esc(clip((s.step().cleanup() ? "cleanup: " : "") + s.step().text(), 44))));
            svg.append(String.format(Locale.ROOT, "<rect class=\"step %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" rx=\"3\""
                    + " fill=\"%s\"><title>%s: %s, %s</title></rect>%n", s.status().name().toLowerCase(Locale.ROOT), x, y + 2, w, color,
                    esc(s.step().text()), s.status(), Durations.format(s.duration())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">%s</text>%n",
                    Math.min(x + w + 4, WIDTH - 60), y + 14, esc(Durations.format(s.duration()))));
            y += ROW;
        }
        if (r.rto() != null) {
            double x = LABEL + r.rto().toMillis() * scale;
            svg.append(String.format(Locale.ROOT, "<line class=\"rto\" x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1f5fbf\""
                    + " stroke-dasharray=\"4 3\"/>%n<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#1f5fbf\""
                    + " font-family=\"sans-serif\">RTO %s</text>%n", x, x, y + 4, Math.max(LABEL, x - 40), y + 20,
                    esc(Durations.format(r.rto()))));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Two panels, RTO and RPO of this runbook's past drills (oldest left) with the objective as a dashed red line. */
    static String trend(DrillReport r) {
        List<DrillRows.Summary> points = new ArrayList<>(r.history());
        java.util.Collections.reverse(points);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"380\""
                + " viewBox=\"0 0 %d 380\" role=\"img\" aria-label=\"RPO and RTO of past drills against the objectives\">%n", WIDTH, WIDTH));
        svg.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fbfbfd\"/>\n");
        panel(svg, "RTO", points, DrillRows.Summary::rto, r.objectives().rto(), 10, "#1f5fbf");
        panel(svg, "RPO", points, DrillRows.Summary::rpo, r.objectives().rpo(), 200, "#8a3fbf");
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, String what, List<DrillRows.Summary> points,
                              Function<DrillRows.Summary, Duration> value, Duration objective, int top, String color) {
        int left = 90;
        int right = WIDTH - 20;
        int height = 135;
        double highest = points.stream().map(value).filter(java.util.Objects::nonNull).mapToDouble(d -> d.toMillis() / 1000.0)
                .max().orElse(0);
        double goal = objective == null ? 0 : objective.toMillis() / 1000.0;
        // An objective far above every drill would flatten the line: then it is named above the chart instead.
        boolean goalOnScale = objective != null && (highest == 0 || goal <= highest * 3);
        double max = Math.max((goalOnScale ? Math.max(highest, goal) : highest) * 1.15, 0.001);
        int bottom = top + 20 + height;
        svg.append(String.format(Locale.ROOT, "<g class=\"panel %s\"><text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\""
                + " font-family=\"sans-serif\">%s of the past drills</text>%n", what.toLowerCase(Locale.ROOT), left, top + 12, what));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", left, bottom, right, bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", left, top + 20, left, bottom));
        for (int t = 0; t <= 2; t++) {
            double v = max * t / 2;
            double y = bottom - height * v / max;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">"
                    + "%s</text>%n", left - 4, y + 3, esc(Durations.format(Duration.ofMillis((long) (v * 1000))))));
        }
        if (objective != null && !goalOnScale) {
            svg.append(String.format(Locale.ROOT, "<text class=\"objective\" x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#d2413a\""
                    + " text-anchor=\"end\" font-family=\"sans-serif\">objective %s: far above every drill (not to scale)</text>%n",
                    right, top + 12, esc(Durations.format(objective))));
        }
        if (goalOnScale) {
            double y = bottom - height * goal / max;
            svg.append(String.format(Locale.ROOT, "<line class=\"objective\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d2413a\""
                    + " stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#d2413a\" text-anchor=\"end\""
                    + " font-family=\"sans-serif\">objective %s</text>%n", left, y, right, y, right, y - 3, esc(Durations.format(objective))));
        }
        double step = points.size() <= 1 ? 0 : (double) (right - left - 40) / (points.size() - 1);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            Duration d = value.apply(points.get(i));
            double x = left + 20 + i * step;
            if (d == null) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#999\" text-anchor=\"middle\">n/a</text>%n",
                        x, bottom - 4));
                continue;
            }
            double y = bottom - height * (d.toMillis() / 1000.0) / max;
            if (i == 0 || i == points.size() - 1) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"%s\""
                        + " font-family=\"sans-serif\">%s</text>%n", x, bottom + 13, i == 0 ? "start" : "end",
                        esc(points.get(i).started().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString())));
            }
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            boolean missed = objective != null && d.compareTo(objective) > 0;
            svg.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s %s: %s</title>"
                    + "</circle>%n", x, y, missed ? "#d2413a" : color, esc(points.get(i).id()), what, esc(Durations.format(d))));
        }
        if (!line.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    line.toString().strip(), color));
        }
        svg.append("</g>\n");
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
