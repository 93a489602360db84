package io.lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.config.CatalogConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source leases on every catalog database: H2 ({@link SourceLeasesH2Test}) and PostgreSQL ({@link SourceLeasesPostgresTest}). */
abstract class SourceLeasesContract {
    static final Duration LONG = Duration.ofMinutes(5);
    static final Duration SHORT = Duration.ofMillis(600);

    protected Catalog catalog;
    protected SourceLeases leases;

    protected abstract CatalogConfig newDatabase() throws Exception;

    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        catalog = Catalog.open(newDatabase(), Clock.systemUTC());
        leases = catalog.leases();
    }

    @AfterEach
    void close() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
        dropDatabase();
    }

    @Test
    void theFirstTakeGetsTokenOneAndASecondTakerIsRefusedWhileItIsHeld() {
        Lease a = leases.tryTake("orders-db", "node-a:1/q1", LONG).orElseThrow();

        assertThat(a.token()).isEqualTo(1);
        assertThat(a.owner()).isEqualTo("node-a:1/q1");
        assertThat(a.expiresAt()).isAfter(leases.databaseNow().plus(LONG).minusSeconds(10));
        assertThat(leases.tryTake("orders-db", "node-b:2/q2", LONG)).isEmpty();
        assertThat(leases.tryTake("app-logs", "node-b:2/q2", LONG)).as("another source is free").isPresent();
        assertThat(leases.current("orders-db")).contains(a);
    }

    @Test
    void renewingExtendsTheExpiryAndKeepsTheToken() throws Exception {
        Duration ttl = Duration.ofSeconds(3);
        Lease a = leases.tryTake("orders-db", "node-a", ttl).orElseThrow();
        Thread.sleep(2000);

        Lease renewed = leases.renew(a, ttl).orElseThrow();
        Thread.sleep(1500); // past the first expiry, well before the renewed one

        assertThat(renewed.token()).isEqualTo(a.token());
        assertThat(renewed.expiresAt()).isAfter(a.expiresAt());
        assertThat(leases.current("orders-db")).contains(renewed);
        assertThat(leases.tryTake("orders-db", "node-b", ttl)).as("renewed lease still held").isEmpty();
        assertThat(leases.holds(renewed, Duration.ZERO)).isTrue();
    }

    @Test
    void anExpiredLeaseIsStolenWithAHigherTokenAndTheStaleHolderIsRefused() throws Exception {
        Lease stale = leases.tryTake("orders-db", "node-a", SHORT).orElseThrow();
        Thread.sleep(SHORT.toMillis() + 200);
        assertThat(leases.holds(stale, Duration.ZERO)).as("expired").isFalse();

        Lease thief = leases.tryTake("orders-db", "node-b", LONG).orElseThrow();

        assertThat(thief.token()).isGreaterThan(stale.token());
        assertThat(leases.renew(stale, LONG)).as("stale holder cannot renew").isEmpty();
        assertThat(leases.holds(stale, Duration.ZERO)).isFalse();
        assertThat(leases.holds(thief, Duration.ofSeconds(10))).isTrue();
        leases.release(stale); // a stale release leaves the new holder alone
        assertThat(leases.tryTake("orders-db", "node-c", LONG)).isEmpty();
        assertThat(leases.current("orders-db").map(Lease::owner)).contains("node-b");
    }

    @Test
    void theCatalogUpdateIsFencedByTheToken() throws Exception {
        Lease stale = leases.tryTake("orders-db", "node-a", SHORT).orElseThrow();
        BackupRecord mine = CatalogContract.backup("20261125T010000Z-00000001", "orders-db", Instant.parse("2026-11-25T01:00:00Z"));
        catalog.insertBackup(mine);
        Thread.sleep(SHORT.toMillis() + 200);
        Lease thief = leases.tryTake("orders-db", "node-b", LONG).orElseThrow();
        BackupRecord done = CatalogContract.finished(mine, BackupStatus.COMPLETE);

        assertThat(catalog.updateBackupFenced(done, stale)).as("stale token").isFalse();
        assertThat(catalog.backup(mine.id()).orElseThrow().status()).isEqualTo(BackupStatus.RUNNING);
        assertThat(catalog.updateBackupFenced(done, thief)).as("current token").isTrue();
        assertThat(catalog.backup(mine.id()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETE);
    }

    @Test
    void aReleasedLeaseIsFreeAtOnceForTheNextTaker() {
        Lease a = leases.tryTake("orders-db", "node-a", LONG).orElseThrow();

        leases.release(a);
        Optional<Lease> b = leases.tryTake("orders-db", "node-b", LONG);

        assertThat(b).isPresent();
        assertThat(b.get().token()).isEqualTo(a.token() + 1);
        assertThat(leases.holds(a, Duration.ZERO)).isFalse();
    }

    @Test
    void ofManySimultaneousTakersExactlyOneWins() throws Exception {
        int takers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<Lease>>> results = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                String owner = "node-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return leases.tryTake("orders-db", owner, LONG);
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Optional<Lease>> f : results) {
                won += f.get().isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(leases.current("orders-db").orElseThrow().token()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDatabaseClockIsReadAndScheduledRunsAreRecorded() {
        assertThat(Duration.between(leases.databaseNow(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
        BackupRecord b = CatalogContract.backup("20261125T010000Z-00000002", "orders-db", Instant.parse("2026-11-25T01:00:00Z"));
        catalog.insertBackup(b);

        catalog.recordScheduledRun(b.id(), "orders-db", Instant.parse("2026-11-25T01:00:00Z"), 3, true);

        assertThat(catalog.backup(new BackupId("20261125T010000Z-00000002"))).isPresent();
    }
}
