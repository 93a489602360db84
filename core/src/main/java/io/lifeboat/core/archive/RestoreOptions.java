package io.lifeboat.core.archive;

/**
 * @param overwrite replace files, symlinks and empty directories that already exist in the target
 *                  directory; without it they are refused and left alone
 */
public record RestoreOptions(boolean overwrite) {
    public static final RestoreOptions SAFE = new RestoreOptions(false);
}
