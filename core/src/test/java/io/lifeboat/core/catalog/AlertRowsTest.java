package io.lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.CatalogConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup_attempts} and {@code alert_states} on an H2 catalog file. */
class AlertRowsTest {
    static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    @TempDir
    Path dir;

    @Test
    void attemptsOfARunAreRecordedInOrderWithTheirOutcome() {
        try (Catalog catalog = Catalog.open(new CatalogConfig("jdbc:h2:file:" + dir.resolve("catalog"), null, null), Clock.systemUTC())) {
            AttemptRows rows = new AttemptRows(catalog.dataSource());
            rows.started("docs", "run-1", 1, 2, T0, T0);
            rows.finished("run-1", 1, T0.plusSeconds(1), AttemptRecord.Outcome.FAILED, null, "disk gone", T0.plusSeconds(301));
            rows.started("docs", "run-1", 2, 2, T0, T0.plusSeconds(301));
            BackupId id = BackupId.create(T0.plusSeconds(301));
            rows.finished("run-1", 2, T0.plusSeconds(302), AttemptRecord.Outcome.SUCCEEDED, id, null, null);
            rows.started("other", "run-2", 1, 3, T0, T0);

            List<AttemptRecord> run = rows.ofRun("run-1");

            assertThat(run).extracting(AttemptRecord::attempt, AttemptRecord::outcome, AttemptRecord::error)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, AttemptRecord.Outcome.FAILED, "disk gone"),
                            org.assertj.core.groups.Tuple.tuple(2, AttemptRecord.Outcome.SUCCEEDED, null));
            assertThat(run.get(0).nextAttempt()).isEqualTo(T0.plusSeconds(301));
            assertThat(run.get(0).finalFailure()).isFalse();
            assertThat(run.get(1).backupId()).isEqualTo(id);
            assertThat(rows.recent("docs", 10)).hasSize(2).first().extracting(AttemptRecord::attempt).isEqualTo(2);
            assertThat(rows.recent("other", 10)).singleElement().extracting(AttemptRecord::outcome)
                    .isEqualTo(AttemptRecord.Outcome.RUNNING);
        }
    }

    @Test
    void aConditionOpensOnceAndClearsOnce() {
        try (Catalog catalog = Catalog.open(new CatalogConfig("jdbc:h2:file:" + dir.resolve("catalog"), null, null), Clock.systemUTC())) {
            AlertStateRows states = new AlertStateRows(catalog.dataSource());

            assertThat(states.clear("docs", "RPO")).as("nothing open yet").isEmpty();
            assertThat(states.open("docs", "RPO", T0, "no verified backup")).isTrue();
            assertThat(states.open("docs", "RPO", T0.plusSeconds(60), "still")).as("already open").isFalse();
            assertThat(states.open("other", "RPO", T0, "x")).isTrue();
            assertThat(states.get("docs", "RPO")).get().extracting(AlertStateRows.Open::since, AlertStateRows.Open::detail)
                    .containsExactly(T0, "no verified backup");
            assertThat(states.clear("docs", "RPO")).get().extracting(AlertStateRows.Open::since).isEqualTo(T0);
            assertThat(states.clear("docs", "RPO")).as("cleared once").isEmpty();
            assertThat(states.get("other", "RPO")).isPresent();
        }
    }
}
