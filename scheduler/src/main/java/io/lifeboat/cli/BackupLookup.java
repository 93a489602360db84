package io.lifeboat.cli;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import java.util.EnumSet;

/** Finds the backup a command names, with messages that say what to do. */
final class BackupLookup {
    private BackupLookup() {
    }

    static BackupRecord byId(Catalog catalog, String id) {
        if (!BackupId.isValid(id)) {
            throw new LifeboatException(ErrorCode.USAGE, "\"" + id + "\" is not a backup id (e.g. 20261125T010000Z-1a2b3c4d; see 'lifeboat backup list')");
        }
        return catalog.backup(new BackupId(id)).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                "no backup " + id + " in the catalog (see 'lifeboat backup list', or 'lifeboat catalog rebuild --target T')"));
    }

    static BackupRecord newest(Catalog catalog, String source) {
        return catalog.latest(source, EnumSet.of(BackupStatus.COMPLETE, BackupStatus.VERIFIED, BackupStatus.PARTIALLY_FAILED))
                .orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND, "no published backup of source \"" + source + "\""));
    }
}
