package io.lifeboat.verifier;

import io.lifeboat.core.archive.ArchiveFinding;

/** One thing a verification found wrong with one copy. */
public sealed interface Finding permits Finding.Missing, Finding.ChecksumMismatch, Finding.SizeMismatch,
        Finding.Unreadable, Finding.InArchive, Finding.RestoreFailed, Finding.CheckFailed, Finding.TableMissing,
        Finding.RowCountOff {

    /** One line for people: names the object and the check. */
    String describe();

    record Missing(String target, String key) implements Finding {
        public String describe() {
            return target + ": " + key + " is missing";
        }
    }

    record ChecksumMismatch(String target, String key, String expected, String actual) implements Finding {
        public String describe() {
            return target + ": " + key + " sha256 mismatch (manifest " + expected + ", stored object " + actual + ")";
        }
    }

    record SizeMismatch(String target, String key, long expected, long actual) implements Finding {
        public String describe() {
            return target + ": " + key + " size mismatch (manifest " + expected + " bytes, stored object " + actual + ")";
        }
    }

    record Unreadable(String target, String key, String detail) implements Finding {
        public String describe() {
            return target + ": " + key + " could not be read: " + detail;
        }
    }

    record InArchive(String target, String key, ArchiveFinding finding) implements Finding {
        public String describe() {
            return target + ": " + key + ": " + finding.describe();
        }
    }

    /**
     * Level 3: the restore test could not load the dump, or could not run at all ({@code stage}
     * names which step: {@code scratch database}, {@code restore}, {@code row count}).
     */
    record RestoreFailed(String target, String stage, String detail) implements Finding {
        public String describe() {
            return target + ": restore test failed at " + stage + ": " + detail;
        }
    }

    /** Level 3: a configured check returned something other than true, or could not run. */
    record CheckFailed(String target, String sql, String detail) implements Finding {
        public String describe() {
            return target + ": restore test: check \"" + sql + "\" "
                    + (detail.startsWith("error: ") ? "could not run: " + detail.substring(7) : "failed: " + detail);
        }
    }

    /** Level 3: a table the dump had (its row estimate is in the manifest) is not there after the restore. */
    record TableMissing(String target, String table, long estimate) implements Finding {
        public String describe() {
            return target + ": restore test: table " + table + " is missing after the restore (the manifest lists it"
                    + (estimate >= 0 ? " with about " + estimate + " rows)" : ")");
        }
    }

    /** Level 3: a restored table's exact row count is far from the estimate taken at dump time. */
    record RowCountOff(String target, String table, long estimate, long actual) implements Finding {
        public String describe() {
            return target + ": restore test: table " + table + " has " + actual + " rows after the restore, the manifest"
                    + " estimated " + estimate + " at dump time (more than a factor of 2 and 1000 rows apart)";
        }
    }
}
