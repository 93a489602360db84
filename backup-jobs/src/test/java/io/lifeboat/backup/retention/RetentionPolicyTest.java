package io.lifeboat.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.config.RetentionConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retention policy with an injected clock: buckets, and the safety rules that override them. */
class RetentionPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final ZoneId UTC = ZoneOffset.UTC;
    final RetentionPolicy policy = new RetentionPolicy(Clock.fixed(NOW, UTC));

    static RetentionConfig keep(int last, int daily, int weekly, int monthly, Duration minAge) {
        return new RetentionConfig(last, daily, weekly, monthly, 0, minAge);
    }

    static BackupRecord backup(String at, BackupStatus status) {
        return backup(at, status, null);
    }

    static BackupRecord backup(String at, BackupStatus status, BackupRecord base) {
        Instant started = Instant.parse(at);
        BackupRecord r = BackupRecord.running(BackupId.create(started), "app", "logs", started,
                base == null ? null : base.id().value(), "app/x/data.tar.zst");
        return status == BackupStatus.RUNNING ? r : r.withStatus(status, null).withConsistentPoint(started);
    }

    /** Decision by id, in the policy's order (newest first). */
    Map<BackupRecord, Decision> decide(List<BackupRecord> backups, RetentionConfig config, ZoneId zone) {
        Map<BackupRecord, Decision> out = new LinkedHashMap<>();
        for (Decision d : policy.decide(backups, config, zone)) {
            out.put(backups.stream().filter(b -> b.id().equals(d.backup().id())).findFirst().orElseThrow(), d);
        }
        return out;
    }

    @Test
    void dailyBucketsKeepTheNewestOfEachOfTheNewestDays() {
        List<BackupRecord> all = new ArrayList<>();
        for (int day = 10; day <= 24; day++) { // two a day, 15 days
            all.add(backup("2026-11-" + day + "T01:00:00Z", BackupStatus.COMPLETE));
            all.add(backup("2026-11-" + day + "T13:00:00Z", BackupStatus.COMPLETE));
        }
        Map<BackupRecord, Decision> d = decide(all, keep(0, 3, 0, 0, Duration.ZERO), UTC);

        List<String> kept = d.values().stream().filter(Decision::keep).map(Decision::reason).toList();
        assertThat(kept).containsExactly("daily 2026-11-24", "daily 2026-11-23", "daily 2026-11-22");
        assertThat(d.get(all.get(29)).keep()).isTrue();
        assertThat(d.get(all.get(28)).reason()).isEqualTo("expired: a newer backup holds daily 2026-11-24");
        assertThat(d.get(all.get(0)).reason()).isEqualTo("expired: older than every bucket");
        assertThat(d).hasSize(30);
    }

    @Test
    void keepLastWeeklyAndMonthlyCombineTheirReasons() {
        BackupRecord oct = backup("2026-10-05T02:00:00Z", BackupStatus.COMPLETE);
        BackupRecord sep = backup("2026-09-05T02:00:00Z", BackupStatus.COMPLETE);
        BackupRecord nov1 = backup("2026-11-01T02:00:00Z", BackupStatus.COMPLETE);  // week 44 (Sunday)
        BackupRecord nov2 = backup("2026-11-02T02:00:00Z", BackupStatus.COMPLETE);  // week 45
        BackupRecord nov24 = backup("2026-11-24T02:00:00Z", BackupStatus.COMPLETE); // week 48
        BackupRecord nov25 = backup("2026-11-25T02:00:00Z", BackupStatus.COMPLETE);
        Map<BackupRecord, Decision> d = decide(List.of(oct, sep, nov1, nov2, nov24, nov25),
                keep(1, 0, 2, 2, Duration.ZERO), UTC);

        assertThat(d.get(nov25).reason()).isEqualTo("newest, weekly 2026-W48, monthly 2026-11");
        assertThat(d.get(nov2).reason()).isEqualTo("weekly 2026-W45");
        assertThat(d.get(oct).reason()).isEqualTo("monthly 2026-10");
        assertThat(d.get(nov24).reason()).isEqualTo("expired: a newer backup holds weekly 2026-W48");
        assertThat(d.get(nov1).keep()).isFalse();
        assertThat(d.get(sep).reason()).isEqualTo("expired: older than every bucket");
    }

    @Test
    void bucketsFollowTheSourcesZone() {
        // 23:30 UTC on the 23rd is already the 24th in Berlin: both backups fall on one Berlin day
        BackupRecord late = backup("2026-11-23T23:30:00Z", BackupStatus.COMPLETE);
        BackupRecord next = backup("2026-11-24T08:00:00Z", BackupStatus.COMPLETE);
        RetentionConfig daily2 = keep(0, 2, 0, 0, Duration.ZERO);

        assertThat(decide(List.of(late, next), daily2, UTC).get(late).reason()).isEqualTo("daily 2026-11-23");
        Map<BackupRecord, Decision> berlin = decide(List.of(late, next), daily2, ZoneId.of("Europe/Berlin"));
        assertThat(berlin.get(next).reason()).isEqualTo("daily 2026-11-24");
        assertThat(berlin.get(late).reason()).isEqualTo("expired: a newer backup holds daily 2026-11-24");
    }

    @Test
    void theNewestVerifiedBackupIsNeverExpired() {
        BackupRecord verified = backup("2026-11-01T02:00:00Z", BackupStatus.VERIFIED);
        BackupRecord newer1 = backup("2026-11-20T02:00:00Z", BackupStatus.COMPLETE);
        BackupRecord newer2 = backup("2026-11-21T02:00:00Z", BackupStatus.PARTIALLY_FAILED);
        BackupRecord olderVerified = backup("2026-10-01T02:00:00Z", BackupStatus.VERIFIED);
        Map<BackupRecord, Decision> d = decide(List.of(verified, newer1, newer2, olderVerified),
                keep(1, 0, 0, 0, Duration.ZERO), UTC);

        assertThat(d.get(newer2).reason()).isEqualTo("newest");
        assertThat(d.get(verified).reason()).isEqualTo("newest verified");
        assertThat(d.get(newer1).keep()).isFalse();
        assertThat(d.get(olderVerified).keep()).isFalse();
    }

    @Test
    void aKeptIncrementalKeepsItsWholeChainAndARunningOneItsBase() {
        BackupRecord full = backup("2026-11-01T02:00:00Z", BackupStatus.COMPLETE);
        BackupRecord inc1 = backup("2026-11-02T02:00:00Z", BackupStatus.COMPLETE, full);
        BackupRecord inc2 = backup("2026-11-03T02:00:00Z", BackupStatus.COMPLETE, inc1);
        BackupRecord oldFull = backup("2026-10-01T02:00:00Z", BackupStatus.COMPLETE);
        BackupRecord oldInc = backup("2026-10-02T02:00:00Z", BackupStatus.COMPLETE, oldFull);
        BackupRecord full2 = backup("2026-11-10T02:00:00Z", BackupStatus.COMPLETE);
        BackupRecord running = backup("2026-11-25T11:00:00Z", BackupStatus.RUNNING, full2);
        BackupRecord newest = backup("2026-11-24T02:00:00Z", BackupStatus.COMPLETE, inc2);
        Map<BackupRecord, Decision> d = decide(List.of(full, inc1, inc2, oldFull, oldInc, full2, running, newest),
                keep(1, 0, 0, 0, Duration.ZERO), UTC);

        assertThat(d.get(running).reason()).isEqualTo("still running");
        assertThat(d.get(full2).reason()).isEqualTo("base of kept " + running.id());
        assertThat(d.get(newest).reason()).isEqualTo("newest");
        assertThat(d.get(inc2).reason()).isEqualTo("base of kept " + newest.id());
        assertThat(d.get(inc1).reason()).isEqualTo("base of kept " + inc2.id());
        assertThat(d.get(full).reason()).isEqualTo("base of kept " + inc1.id());
        assertThat(d.get(oldInc).keep()).isFalse();
        assertThat(d.get(oldFull).keep()).isFalse();
    }

    @Test
    void nothingYoungerThanMinAgeIsExpired() {
        BackupRecord hourAgo = backup("2026-11-25T11:00:00Z", BackupStatus.COMPLETE);
        BackupRecord twoHoursAgo = backup("2026-11-25T10:00:00Z", BackupStatus.COMPLETE);
        BackupRecord dayAgo = backup("2026-11-24T11:00:00Z", BackupStatus.COMPLETE);
        BackupRecord older = backup("2026-11-24T10:59:59Z", BackupStatus.COMPLETE);
        Map<BackupRecord, Decision> d = decide(List.of(hourAgo, twoHoursAgo, dayAgo, older),
                keep(1, 0, 0, 0, Duration.ofHours(24)), UTC);

        assertThat(d.get(hourAgo).reason()).isEqualTo("newest, younger than minAge 1d");
        assertThat(d.get(twoHoursAgo).reason()).isEqualTo("younger than minAge 1d");
        assertThat(d.get(dayAgo).keep()).as("exactly minAge old").isFalse();
        assertThat(d.get(older).keep()).isFalse();
    }

    @Test
    void withoutAPolicyEverythingIsKeptAndFailedOrExpiredAreNotConsidered() {
        BackupRecord ok = backup("2026-11-01T02:00:00Z", BackupStatus.COMPLETE);
        BackupRecord failed = backup("2026-11-02T02:00:00Z", BackupStatus.FAILED);
        BackupRecord expired = backup("2026-10-02T02:00:00Z", BackupStatus.EXPIRED);

        List<Decision> none = policy.decide(List.of(ok, failed, expired), null, UTC);
        assertThat(none).extracting(Decision::reason).containsExactly("no retention policy");
        List<Decision> some = policy.decide(List.of(ok, failed, expired), keep(1, 0, 0, 0, Duration.ZERO), UTC);
        assertThat(some).extracting(d -> d.backup().id()).containsExactly(ok.id());
    }
}
