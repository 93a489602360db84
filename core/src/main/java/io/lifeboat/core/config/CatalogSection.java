package io.lifeboat.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code catalog: { url, user, passwordEnv }}; makes an H2 file URL absolute. */
final class CatalogSection {
    private static final List<String> KEYS = List.of("url", "user", "passwordEnv");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*:[^/@]*@");
    private static final String H2 = "jdbc:h2:";
    private static final String H2_FILE = "jdbc:h2:file:";
    /** H2 URLs that are not a local file: in memory, a server, or a file-system prefix that is not a plain path. */
    private static final Pattern OTHER_H2_MODE =
            Pattern.compile("(?i)(mem|tcp|ssl|zip|split|async|nio\\w*|memfs|memlzf|rec|retry):");

    private CatalogSection() {
    }

    /** The catalog config, the default when the section is absent, or null after reporting problems. */
    static CatalogConfig read(Fields root, Path workingDir) {
        Problems problems = root.problems();
        if (!root.has("catalog")) {
            return new CatalogConfig(absoluteH2(Defaults.CATALOG_URL, workingDir), null, null);
        }
        Fields f = root.object("catalog");
        if (f == null) {
            return null;
        }
        int before = problems.count();
        f.allowOnly(KEYS);
        String url = f.requiredText("url");
        String user = f.text("user");
        if (url != null) {
            url = checkUrl(f.where("url"), url.strip(), workingDir, problems);
        }
        String passwordEnv = f.envName("passwordEnv", "LIFEBOAT_CATALOG_PASSWORD");
        return problems.count() == before ? new CatalogConfig(url, user, passwordEnv) : null;
    }

    private static String checkUrl(String where, String url, Path workingDir, Problems problems) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.contains("password=") || USER_INFO.matcher(url).find()) {
            problems.add(where, Secrets.MESSAGE);
            return null;
        }
        if (lower.startsWith(H2)) {
            return absoluteH2(url, workingDir);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return url;
        }
        problems.add(where, "unsupported catalog URL \"" + url + "\" (use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB)");
        return null;
    }

    /** {@code jdbc:h2:file:./var/catalog} or {@code jdbc:h2:./var/catalog} → {@code jdbc:h2:file:/abs/var/catalog}. */
    static String absoluteH2(String url, Path workingDir) {
        String rest = url.substring(H2.length());
        if (rest.regionMatches(true, 0, "file:", 0, "file:".length())) {
            rest = rest.substring("file:".length());
        } else if (OTHER_H2_MODE.matcher(rest).lookingAt()) {
            return url;
        }
        int semicolon = rest.indexOf(';');
        String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String options = semicolon < 0 ? "" : rest.substring(semicolon);
        if (path.startsWith("~")) {
            return H2_FILE + path + options;
        }
        return H2_FILE + workingDir.resolve(path).normalize() + options;
    }
}
