package io.lifeboat.verifier.database;

import io.lifeboat.verifier.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares exact row counts after a restore with the estimates the manifest took at dump time
 * ({@code rows.<table>} properties).
 *
 * <p>Estimates are approximate by design: PostgreSQL's {@code pg_class.reltuples} is as of the last
 * VACUUM/ANALYZE (autovacuum re-analyses after 10% of a table changed, so it usually lags by up to
 * that much), and InnoDB's {@code table_rows} comes from sampled index pages, documented as off by
 * as much as 40-50%. A count is therefore only reported when it is more than a factor of 2 away from
 * the estimate <em>and</em> more than 1000 rows away (small tables' statistics are coarse and lag
 * most in relative terms). That still catches what matters: a table restored empty or with a
 * fraction of its rows, or a restore of the wrong data. A negative estimate means unknown (never
 * analysed): only the table's presence is checked. A table missing after the restore is always a finding.
 */
final class RowCountCheck {
    static final String PREFIX = "rows.";
    static final long SLACK_ROWS = 1000;
    static final double FACTOR = 2.0;

    private RowCountCheck() {
    }

    static List<Finding> compare(String target, Map<String, String> manifestProperties, Map<String, Long> counts) {
        List<Finding> findings = new ArrayList<>();
        manifestProperties.entrySet().stream()
                .filter(e -> e.getKey().startsWith(PREFIX))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String table = e.getKey().substring(PREFIX.length());
                    long estimate = parse(e.getValue());
                    Long actual = counts.get(table);
                    if (actual == null) {
                        findings.add(new Finding.TableMissing(target, table, estimate));
                    } else if (estimate >= 0 && !plausible(estimate, actual)) {
                        findings.add(new Finding.RowCountOff(target, table, estimate, actual));
                    }
                });
        return findings;
    }

    /** Within the tolerance: at most {@link #SLACK_ROWS} apart, or within a factor of {@link #FACTOR}. */
    static boolean plausible(long estimate, long actual) {
        long diff = Math.abs(actual - estimate);
        if (diff <= SLACK_ROWS) {
            return true;
        }
        long low = Math.min(estimate, actual);
        long high = Math.max(estimate, actual);
        return low * FACTOR >= high;
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
