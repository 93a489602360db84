package io.lifeboat.verifier.database;

import io.lifeboat.backup.Connections;
import io.lifeboat.backup.Owner;
import io.lifeboat.backup.database.DatabaseEngine;
import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.ScratchDatabase;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.SourceConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops scratch databases that restore tests left behind (a {@code kill -9}, a lost server, a power
 * cut): those recorded in the catalog whose owner process is gone from this host, or that are older
 * than {@link #MAX_AGE} unless their owner still runs on this host (a long restore is not cut short).
 * Each is reached through its source's current scratch settings; one that no longer matches them is
 * reported for an operator to drop by hand.
 */
final class Leftovers {
    static final Duration MAX_AGE = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

    private final Catalog catalog;
    private final LifeboatConfig config;
    private final Connections connections;
    private final Function<String, DatabaseEngine> engines;
    private final Clock clock;

    Leftovers(Catalog catalog, LifeboatConfig config, Connections connections, Function<String, DatabaseEngine> engines,
              Clock clock) {
        this.catalog = catalog;
        this.config = config;
        this.connections = connections;
        this.engines = engines;
        this.clock = clock;
    }

    /** Drops what is stale; returns one line per leftover dropped or left alone for a reason. */
    List<String> drop() {
        List<String> lines = new ArrayList<>();
        for (ScratchDatabase row : catalog.scratchDatabases()) {
            String why = staleBecause(row);
            if (why != null) {
                lines.add(drop(row, why));
            }
        }
        return lines;
    }

    /** Why a row is a leftover, or null while its owner may still be using it. */
    private String staleBecause(ScratchDatabase row) {
        Optional<Owner> owner = Owner.parse(row.owner());
        if (owner.map(Owner::knownDead).orElse(false)) {
            return "its owner " + row.owner() + " is no longer running";
        }
        boolean aliveHere = owner.map(o -> o.host().equals(Owner.current().host())).orElse(false);
        if (!aliveHere && row.createdAt().isBefore(clock.instant().minus(MAX_AGE))) {
            return "created " + row.createdAt() + " by " + row.owner() + ", more than an hour ago";
        }
        return null;
    }

    private String drop(ScratchDatabase row, String why) {
        String what = "leftover scratch database " + row.describe() + " (" + why + ")";
        Optional<SourceConfig> source = config.source(row.source());
        if (source.isEmpty() || !source.get().type().isDatabase()) {
            return warn(what + " not dropped: its source " + row.source() + " is no longer a database source in the"
                    + " config; drop it by hand");
        }
        try {
            DbConnection c = connections.scratch(source.get(), row.name());
            if (!RestoreTest.serverOf(c).equals(row.server())) {
                return warn(what + " not dropped: source " + row.source() + " now uses the scratch server "
                        + RestoreTest.serverOf(c) + "; drop it by hand");
            }
            DatabaseEngine engine = engines.apply(source.get().type().configName());
            boolean exists = engine.databasesLike(c, row.name()).contains(row.name());
            if (exists) {
                engine.dropDatabase(c);
            }
            catalog.forgetScratch(row.name(), row.server());
            String line = exists ? "dropped " + what : "forgot " + what + ": the database was already gone";
            log.info(line);
            return line;
        } catch (LifeboatException e) {
            return warn(what + " could not be dropped: " + e.getMessage());
        }
    }

    private static String warn(String line) {
        log.warn(line);
        return line;
    }
}
