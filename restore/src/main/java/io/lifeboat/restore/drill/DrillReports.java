package io.lifeboat.restore.drill;

import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.DrillRows;
import io.lifeboat.core.storage.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Publishes a drill: the row in the catalog when it starts, and when it ends the report in
 * {@code <reports>/<drill-id>/} (report.md, report.json, report.html), in the catalog, and in the
 * given targets ({@code _drills/<drill-id>/...}) so that it survives the host. A place that cannot be
 * written is a warning, never the drill's result.
 */
public final class DrillReports {
    /** How many past drills of a runbook the trend shows. */
    static final int TREND = 20;

    private final DrillRows rows;
    private final List<Target> copies;
    private final Consumer<String> warnings;

    public DrillReports(DrillRows rows, List<Target> copies, Consumer<String> warnings) {
        this.rows = rows;
        this.copies = List.copyOf(copies);
        this.warnings = warnings;
    }

    /** Records the drill as running by {@code owner} ({@code host:pid}). */
    public void begin(DrillRows.Summary running, String owner) {
        rows.begin(running, owner);
    }

    /** The report with its history, written everywhere; returns it and the files written. */
    public DrillReport publish(DrillReport drill, Path dir) {
        List<DrillRows.Summary> history = new ArrayList<>();
        history.add(drill.summary());
        try {
            rows.list(drill.runbook().name(), TREND + 1).stream()
                    .filter(s -> !s.id().equals(drill.id()) && s.status() != DrillRows.Status.RUNNING)
                    .limit(TREND - 1).forEach(history::add);
        } catch (RuntimeException e) {
            warnings.accept("could not read past drills for the trend: " + e.getMessage());
        }
        DrillReport r = new DrillReport(drill.id(), drill.runbook(), drill.osUser(), drill.host(), drill.started(), drill.finished(),
                drill.status(), drill.steps(), drill.rto(), drill.rpo(), drill.backupRpo(), drill.missed(), history);
        DrillRows.Reports reports = new DrillRows.Reports(ReportMarkdown.render(r), ReportJson.render(r), ReportHtml.render(r));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.md"), reports.markdown());
            Files.writeString(dir.resolve("report.json"), reports.json());
            Files.writeString(dir.resolve("report.html"), reports.html());
        } catch (IOException e) {
            warnings.accept("could not write the report files into " + dir + ": " + e);
        }
        try {
            rows.finish(r.summary(), reports);
        } catch (RuntimeException e) {
            warnings.accept("could not store the report in the catalog: " + e.getMessage());
        }
        for (Target t : copies) {
            try {
                t.put(ObjectLayout.drillReportKey(r.id(), "report.md"), reports.markdown().getBytes(StandardCharsets.UTF_8));
                t.put(ObjectLayout.drillReportKey(r.id(), "report.json"), reports.json().getBytes(StandardCharsets.UTF_8));
                t.put(ObjectLayout.drillReportKey(r.id(), "report.html"), reports.html().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                warnings.accept("could not copy the report to target " + t.name() + ": " + e.getMessage());
            }
        }
        return r;
    }

    public static String html(DrillReport r) {
        return ReportHtml.render(r);
    }
}
