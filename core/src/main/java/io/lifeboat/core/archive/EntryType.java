package io.lifeboat.core.archive;

/** What a manifest entry is. */
public enum EntryType {
    FILE, DIRECTORY, SYMLINK
}
