package io.lifeboat.restore.artifacts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Whether an artifact path is a given artifact (and version). Two layouts are understood:
 * flat file names {@code NAME-VERSION[.-]...} ({@code orders-service-4.2.1.jar},
 * {@code orders-service-4.2.1-sources.jar}) and directories {@code .../NAME/VERSION/...}
 * ({@code orders-service/4.2.1/orders-service.jar}). Without a version any version of NAME matches;
 * a version in a flat name starts with a digit, so {@code orders-service} does not match
 * {@code orders-service-api-1.0.jar}, and {@code 4.2.1} does not match {@code 4.2.10}.
 */
record ArtifactMatch(String name, String versionOrNull) {
    ArtifactMatch {
        Objects.requireNonNull(name, "name");
    }

    boolean matches(String path) {
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].equals(name) && (versionOrNull == null || (i + 1 < segments.length - 1 && segments[i + 1].equals(versionOrNull)))) {
                return true;
            }
        }
        String file = segments[segments.length - 1];
        String prefix = name + "-";
        if (!file.startsWith(prefix)) {
            return false;
        }
        String rest = file.substring(prefix.length());
        if (versionOrNull == null) {
            return !rest.isEmpty() && Character.isDigit(rest.charAt(0));
        }
        if (!rest.startsWith(versionOrNull)) {
            return false;
        }
        String after = rest.substring(versionOrNull.length());
        return after.isEmpty() || AFTER_VERSION.matcher(after).lookingAt();
    }

    /** What may follow the version: a separator then something that is not a further version digit. */
    private static final Pattern AFTER_VERSION = Pattern.compile("[.\\-_+][^0-9]");
}
