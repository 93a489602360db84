package io.lifeboat.backup;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Who writes a backup: {@code host:pid}, so that a dead writer's RUNNING rows can be recognised. */
public record Owner(String host, long pid) {
    public static Owner current() {
        return new Owner(hostname(), ProcessHandle.current().pid());
    }

    public static Optional<Owner> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(value.substring(0, colon), Long.parseLong(value.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when this owner is a process on this host that no longer runs. */
    public boolean knownDead() {
        return host.equals(hostname()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    @Override
    public String toString() {
        return host + ":" + pid;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
