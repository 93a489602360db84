package io.lifeboat.verifier;

import io.lifeboat.core.archive.ArchiveFinding;

/** One thing a verification found wrong with one copy. */
public sealed interface Finding permits Finding.Missing, Finding.ChecksumMismatch, Finding.SizeMismatch,
        Finding.Unreadable, Finding.InArchive {

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
}
