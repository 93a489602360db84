package io.lifeboat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Finds credentials written into the config file, anywhere in it, without ever repeating them. */
final class Secrets {
    static final String MESSAGE = "secrets do not belong in the config file; name an environment variable"
            + " with passwordEnv (or use the AWS credential chain)";

    private static final Set<String> NAMES = Set.of(
            "password", "passwd", "pwd", "secret", "token", "apikey", "accesskey", "accesskeyid",
            "secretkey", "secretaccesskey", "sessiontoken", "credentials", "privatekey");
    private static final String[] SUFFIXES = {"password", "secret", "token", "accesskeyid", "secretaccesskey"};

    private Secrets() {
    }

    /** Whether a key names a credential ({@code password}, {@code secretAccessKey}, {@code aws_access_key_id}...). */
    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (NAMES.contains(k) || k.startsWith("aws") && NAMES.contains(k.substring(3))) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (k.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Reports every secret-looking key in the tree. */
    static void scan(JsonNode node, String where, Problems problems) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String at = Fields.join(where, field.getKey());
                if (isSecretKey(field.getKey())) {
                    problems.add(at, MESSAGE);
                } else {
                    scan(field.getValue(), at, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), where + "[" + i + "]", problems);
            }
        }
    }
}
