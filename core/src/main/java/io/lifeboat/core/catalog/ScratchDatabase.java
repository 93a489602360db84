package io.lifeboat.core.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A scratch database of a level-3 restore test, recorded before it is created and forgotten after
 * it is dropped; a row left behind names a leftover to drop.
 *
 * @param name      the database, {@code lifeboat_verify_<short id>}
 * @param server    where it lives: {@code host:port}, or the H2 URL (no password)
 * @param source    the source whose settings (scratch server, credentials) reach it
 * @param owner     {@code host:pid} of the process that created it
 */
public record ScratchDatabase(String name, String server, String source, String owner, Instant createdAt) {
    public ScratchDatabase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** For messages: {@code lifeboat_verify_1a2b3c4d on 127.0.0.1:5432}. */
    public String describe() {
        return name + " on " + server;
    }
}
