package io.lifeboat.verifier.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.verifier.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The tolerance between row estimates taken at dump time and exact counts after a restore. */
class VerifierRowCountToleranceTest {
    record Case(long estimate, long actual, boolean plausible, String why) {
    }

    static List<Case> cases() {
        return List.of(
                new Case(0, 0, true, "empty"),
                new Case(0, 1000, true, "small tables: 1000 rows of slack"),
                new Case(0, 1001, false, "grew from nothing beyond the slack"),
                new Case(300, 50_000_000, false, "wildly off"),
                new Case(50_000_000, 300, false, "restored a fraction"),
                new Case(1_000_000, 600_000, true, "InnoDB: 40% off is within the documented range"),
                new Case(1_000_000, 500_000, true, "exactly a factor of 2"),
                new Case(1_000_000, 499_000, false, "more than a factor of 2 and more than 1000 rows"),
                new Case(1_000_000, 1_100_000, true, "PostgreSQL: reltuples lags ~10% behind"),
                new Case(1_500, 3_100, false, "a factor of 2 and 1600 rows"),
                new Case(1_500, 2_400, true, "900 rows apart"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void plausibleWithinAFactorOfTwoOrAThousandRows(Case c) {
        assertThat(RowCountCheck.plausible(c.estimate(), c.actual())).as(c.why()).isEqualTo(c.plausible());
    }

    @Test
    void missingTablesAlwaysCountAndUnknownEstimatesOnlyForPresence() {
        Map<String, String> props = Map.of("rows.public.a", "10", "rows.public.b", "-1", "rows.public.c", "-1",
                "rows.public.d", "100000", "toolVersion", "pg_dump 15");
        Map<String, Long> counts = Map.of("public.a", 0L, "public.b", 123_456L, "public.d", 10L, "public.extra", 5L);

        List<Finding> findings = RowCountCheck.compare("primary", props, counts);

        assertThat(findings).containsExactly(new Finding.TableMissing("primary", "public.c", -1),
                new Finding.RowCountOff("primary", "public.d", 100_000, 10));
    }
}
