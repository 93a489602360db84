package io.lifeboat.verifier;

import io.lifeboat.backup.ManifestStore;
import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveCheck;
import io.lifeboat.core.archive.CountingInputStream;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.archive.StoredObject;
import io.lifeboat.core.archive.TarZstWriter;
import com.github.luben.zstd.ZstdInputStream;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.CopyRecord;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.catalog.VerificationRecord;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.Retrievable;
import io.lifeboat.core.storage.Target;
import io.lifeboat.verifier.database.RestoreTest;
import io.lifeboat.verifier.database.RestoreTestResult;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies every copy of a backup. Level 1 reads the stored object back and checks its size and
 * sha256 against the manifest; level 2 also decompresses it and checks every entry against the
 * manifest, in the same single read. Level 3 (databases) runs level 2 on every copy, then the
 * {@link RestoreTest} once, from the first copy that passed. Results are recorded in the catalog; a
 * backup becomes VERIFIED only when every copy passed (and, at level 3, the restore test did).
 * Throws only when it cannot run at all.
 */
public final class Verifier {
    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    private final Catalog catalog;
    private final TargetRegistry targets;
    private final Clock clock;

    private final RestoreTest restoreTest;

    /** Levels 1 and 2 only. */
    public Verifier(Catalog catalog, TargetRegistry targets, Clock clock) {
        this(catalog, targets, clock, null);
    }

    /** @param restoreTest level 3 for database backups; null: levels 1 and 2 only */
    public Verifier(Catalog catalog, TargetRegistry targets, Clock clock, RestoreTest restoreTest) {
        this.catalog = catalog;
        this.targets = targets;
        this.clock = clock;
        this.restoreTest = restoreTest;
    }

    public VerificationReport verify(BackupRecord backup, int level) {
        if (level < 1 || level > 3 || level == 3 && restoreTest == null) {
            throw new LifeboatException(ErrorCode.USAGE, "verification level " + level + " is not available for "
                    + backup.sourceType() + " backups (use 1 or 2)");
        }
        SourceConfig source = level == 3 ? restoreTest.sourceOf(backup) : null;
        if (backup.status() == BackupStatus.RUNNING || backup.status() == BackupStatus.FAILED && backup.sha256() == null) {
            throw new LifeboatException(ErrorCode.USAGE, "backup " + backup.id() + " is " + backup.status()
                    + "; only published backups can be verified");
        }
        List<String> notes = level == 3 ? new ArrayList<>(restoreTest.dropLeftovers()) : new ArrayList<>();
        List<String> copies = new ManifestStore(catalog, targets).copyTargets(backup, null);
        List<CopyResult> results = new ArrayList<>();
        for (String name : copies) {
            CopyResult r = verifyCopy(backup, targets.get(name), Math.min(level, 2));
            record(backup, r);
            results.add(r);
        }
        RestoreTestResult restore = level == 3 ? runRestoreTest(backup, source, results) : null;
        if (restore != null) {
            notes.addAll(restore.notes());
        }
        VerificationReport report = new VerificationReport(backup.id(), backup.source(), level, results, restore, notes);
        updateStatus(backup, report);
        return report;
    }

    /** Level 3: the restore test from the first copy that passed levels 1-2, recorded at level 3. */
    private RestoreTestResult runRestoreTest(BackupRecord backup, SourceConfig source, List<CopyResult> copies) {
        Instant start = clock.instant();
        RestoreTestResult r = copies.stream().filter(CopyResult::passed).findFirst()
                .map(c -> restoreTest.run(backup, source, targets.get(c.target())))
                .orElseGet(() -> RestoreTestResult.notRun(null, RestoreTest.SCRATCH_PREFIX + backup.id().shortId(),
                        new Finding.RestoreFailed("(no copy)", "choosing a copy", copies.isEmpty()
                                ? "the backup has no copy in a configured target" : "no copy passed levels 1 and 2"),
                        Duration.between(start, clock.instant())));
        String detail = r.passed() ? r.summary() + "; restored in " + r.restoreDuration().toMillis() + " ms"
                : !r.loaded() ? r.summary()
                : r.summary() + ": " + String.join("; ", r.findings().stream().map(Finding::describe).toList());
        r.findings().forEach(f -> log.warn("verification finding: {}", f.describe()));
        catalog.addVerification(new VerificationRecord(backup.id(), r.target(), 3, r.passed(), detail, r.duration(),
                clock.instant()));
        return r;
    }

    private CopyResult verifyCopy(BackupRecord backup, Target target, int level) {
        Instant start = clock.instant();
        List<Finding> findings = new ArrayList<>();
        String key = backup.dataKey();
        Optional<ObjectInfo> archived = target instanceof Retrievable ? target.stat(key).filter(ObjectInfo::archived)
                : Optional.empty();
        if (archived.isPresent()) {
            // Reading an archived copy back takes a retrieval of hours; its integrity was checked by the
            // provider at upload (Glacier tree hash, S3 part checksums). Check what can be checked now.
            return new CopyResult(target.name(), level, findings, Duration.between(start, clock.instant()),
                    "archived copy: present; the provider checked its checksum at upload; reading it back needs a retrieval ('lifeboat restore files --backup "
                            + backup.id() + " --target " + target.name() + " --wait')");
        }
        try {
            Manifest manifest = ManifestStore.read(target, key);
            if (backup.sha256() != null && !backup.sha256().equals(manifest.sha256())) {
                findings.add(new Finding.ChecksumMismatch(target.name(), "manifest.json", backup.sha256(), manifest.sha256()));
            }
            readBack(target, key, manifest, level, findings);
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                findings.add(new Finding.Missing(target.name(), e.getMessage()));
            } else {
                findings.add(new Finding.Unreadable(target.name(), key, e.getMessage()));
            }
        }
        Duration took = Duration.between(start, clock.instant());
        findings.forEach(f -> log.warn("verification finding: {}", f.describe()));
        return new CopyResult(target.name(), level, findings, took);
    }

    private static void readBack(Target target, String key, Manifest manifest, int level, List<Finding> findings) {
        boolean tar = TarZstWriter.FORMAT.equals(manifest.format());
        ManifestEntry main = !tar && !manifest.entries().isEmpty() ? manifest.entries().get(0) : null;
        checkObject(target, key, manifest.storedSize(), manifest.sha256(), level, findings, in -> {
            if (tar) {
                ArchiveCheck.check(manifest, in).forEach(f -> findings.add(new Finding.InArchive(target.name(), key, f)));
            } else if (main != null) {
                checkRaw(target, key, main.size(), main.sha256(), in, findings);
            }
        });
        for (StoredObject extra : manifest.extraObjects()) {
            checkObject(target, extra.key(), extra.storedSize(), extra.sha256(), level, findings,
                    in -> checkRaw(target, extra.key(), extra.rawSize(), extra.rawSha256(), in, findings));
        }
    }

    /** Reads one stored object once: its size and sha256 (level 1) and, at level 2, its content. */
    private static void checkObject(Target target, String key, long size, String sha256, int level, List<Finding> findings,
                                    java.util.function.Consumer<InputStream> contentCheck) {
        MessageDigest sha = sha256();
        long read;
        try (InputStream raw = target.open(key)) {
            CountingInputStream counted = new CountingInputStream(new DigestInputStream(raw, sha));
            if (level >= 2) {
                contentCheck.accept(counted);
            }
            counted.transferTo(java.io.OutputStream.nullOutputStream());
            read = counted.count();
        } catch (IOException e) {
            findings.add(new Finding.Unreadable(target.name(), key, e.getMessage()));
            return;
        } catch (LifeboatException e) {
            findings.add(e.code() == ErrorCode.NOT_FOUND ? new Finding.Missing(target.name(), key)
                    : new Finding.Unreadable(target.name(), key, e.getMessage()));
            return;
        }
        if (read != size) {
            findings.add(new Finding.SizeMismatch(target.name(), key, size, read));
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(sha256)) {
            findings.add(new Finding.ChecksumMismatch(target.name(), key, sha256, actual));
        }
    }

    /** Decompresses a dump object and checks the size and sha256 of its content against the manifest. */
    private static void checkRaw(Target target, String key, long size, String sha256, InputStream stored, List<Finding> findings) {
        MessageDigest sha = sha256();
        long n = 0;
        try {
            ZstdInputStream zin = new ZstdInputStream(new java.io.FilterInputStream(stored) {
                @Override
                public void close() {
                    // the caller drains and closes the stored stream
                }
            });
            byte[] buf = new byte[1 << 16];
            for (int r; (r = zin.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
                n += r;
            }
            zin.close();
        } catch (IOException e) {
            findings.add(new Finding.Unreadable(target.name(), key, "decompression failed: " + e.getMessage()));
            return;
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (n != size || !actual.equals(sha256)) {
            findings.add(new Finding.ChecksumMismatch(target.name(), key + " (decompressed content)", sha256 + " / " + size + " bytes",
                    actual + " / " + n + " bytes"));
        }
    }

    private void record(BackupRecord backup, CopyResult r) {
        String detail = r.passed() ? "ok" : String.join("; ", r.findings().stream().map(Finding::describe).toList());
        catalog.addVerification(new VerificationRecord(backup.id(), r.target(), r.level(), r.passed(), detail, r.duration(), clock.instant()));
        for (CopyRecord c : catalog.copies(backup.id())) {
            if (c.target().equals(r.target())) {
                catalog.upsertCopy(new CopyRecord(c.backupId(), c.target(), r.passed() ? CopyStatus.VERIFIED : CopyStatus.FAILED,
                        c.storedBytes(), c.sha256(), clock.instant(), r.passed() ? null : detail));
            }
        }
    }

    private void updateStatus(BackupRecord backup, VerificationReport report) {
        BackupRecord current = catalog.backup(backup.id()).orElse(backup);
        List<CopyRecord> copies = catalog.copies(backup.id());
        boolean allGood = !copies.isEmpty() && copies.stream().allMatch(c -> c.status() == CopyStatus.VERIFIED);
        boolean anyGood = copies.stream().anyMatch(c -> c.status() == CopyStatus.VERIFIED);
        BackupRecord updated;
        RestoreTestResult restore = report.restoreTest();
        if (restore != null && restore.loaded() && !restore.passed()) {
            updated = current.withStatus(BackupStatus.FAILED, "verification failed: "
                    + String.join("; ", restore.findings().stream().map(Finding::describe).limit(3).toList()));
        } else if (allGood && restore != null && !restore.passed()) {
            updated = current.withStatus(BackupStatus.COMPLETE, "not verified: " + restore.summary());
        } else if (allGood) {
            updated = current.withStatus(BackupStatus.VERIFIED, null);
        } else if (anyGood) {
            updated = current.withStatus(BackupStatus.PARTIALLY_FAILED, "verification failed for "
                    + String.join(", ", copies.stream().filter(c -> c.status() != CopyStatus.VERIFIED).map(CopyRecord::target).toList()));
        } else {
            updated = current.withStatus(BackupStatus.FAILED, "verification failed: "
                    + String.join("; ", report.findings().stream().map(Finding::describe).limit(3).toList()));
        }
        catalog.updateBackup(updated);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
