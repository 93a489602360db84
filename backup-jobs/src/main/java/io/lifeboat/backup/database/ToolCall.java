package io.lifeboat.backup.database;

import io.lifeboat.core.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One run of a command-line tool. The password never appears in {@code args}: it travels in
 * {@code env} (e.g. {@code PGPASSWORD}) or in a private file named by an argument.
 *
 * @param what     names the operation and the database for messages, e.g.
 *                 {@code pg_dump of postgres database "orders" (backup@127.0.0.1:5432/orders)}
 * @param env      variables to set in the tool's environment
 * @param unset    variables to remove from the inherited environment
 * @param secret   removed from anything the tool prints; nullable
 */
record ToolCall(Path executable, List<String> args, Map<String, String> env, Set<String> unset, String what,
        Secret secret) {
    ToolCall {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(what, "what");
        args = List.copyOf(args);
        env = Map.copyOf(env);
        unset = Set.copyOf(unset);
        if (secret != null && !secret.value().isEmpty()
                && args.stream().anyMatch(a -> a.contains(secret.value()))) {
            throw new IllegalArgumentException("a password must never be passed on a command line");
        }
    }

    String tool() {
        return executable.getFileName().toString();
    }

    List<String> command() {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(executable.toString());
        command.addAll(args);
        return command;
    }

    @Override
    public String toString() {
        return String.join(" ", command());
    }
}
