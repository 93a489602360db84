package io.lifeboat.core.config;

import java.util.Objects;

/**
 * {@code verify.scratch: { host, port, user, passwordEnv }}: the server on which a level-3 restore
 * test may create (and always drops) a scratch database. What is left out comes from the source's
 * connection, see {@link Defaults#scratch}.
 *
 * @param passwordEnv environment variable holding the password, or null for none
 */
public record ScratchConfig(String host, int port, String user, String passwordEnv) {
    public ScratchConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }
}
