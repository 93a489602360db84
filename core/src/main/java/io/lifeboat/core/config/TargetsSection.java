package io.lifeboat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code targets: { name: { type: file|s3|glacier, ... } }}. */
final class TargetsSection {
    static final List<String> TYPES = List.of("file", "s3", "glacier");
    private static final List<String> FILE_KEYS = List.of("type", "path");
    private static final List<String> S3_KEYS = List.of("type", "bucket", "region", "prefix", "endpoint",
            "pathStyle", "storageClass", "sse", "profile", "partSize", "retrievalTier");
    private static final List<String> GLACIER_KEYS = List.of("type", "vault", "region", "endpoint", "tier", "profile");
    private static final Pattern VAULT = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final List<String> SSE_KEYS = List.of("type", "keyId");
    private static final List<String> SSE_TYPES = List.of("aws:kms", "aws:kms:dsse", "AES256");
    private static final List<String> STORAGE_CLASSES = List.of("STANDARD", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final long MIN_PART = 5L * 1024 * 1024;
    private static final long MAX_PART = 1024L * 1024 * 1024;

    private TargetsSection() {
    }

    /** Every valid target, in file order; the names of all declared targets go into {@code declared}. */
    static Map<String, TargetConfig> read(Fields root, Path workingDir, List<String> declared) {
        Problems problems = root.problems();
        Map<String, TargetConfig> targets = new LinkedHashMap<>();
        if (!root.has("targets")) {
            problems.add("targets", Fields.MISSING);
            return targets;
        }
        JsonNode node = root.raw("targets");
        if (!node.isObject()) {
            problems.add("targets", "expected a mapping of target names to targets, got " + Fields.describe(node));
            return targets;
        }
        if (node.isEmpty()) {
            problems.add("targets", "no targets; name at least one place for backups to go");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            String where = "targets." + name;
            declared.add(name);
            if (!entry.getValue().isObject()) {
                problems.add(where, "expected a mapping with type and its settings, got " + Fields.describe(entry.getValue()));
                continue;
            }
            int before = problems.count();
            Names.check(where, name, problems);
            TargetConfig target = target(name, new Fields(entry.getValue(), where, problems), workingDir);
            if (target != null && problems.count() == before) {
                targets.put(name, target);
            }
        }
        return targets;
    }

    private static TargetConfig target(String name, Fields f, Path workingDir) {
        String type = f.requiredText("type");
        if (type == null) {
            return null;
        }
        switch (type) {
            case "file":
                f.allowOnly(FILE_KEYS);
                String path = f.requiredText("path");
                return path == null ? null : new FileTargetConfig(name, workingDir.resolve(path).normalize());
            case "s3":
                f.allowOnly(S3_KEYS);
                return s3(name, f);
            case "glacier":
                f.allowOnly(GLACIER_KEYS);
                return glacier(name, f);
            default:
                f.problems().add(f.where("type"), "unknown target type \"" + type + "\" (valid: " + String.join(", ", TYPES) + ")");
                return null;
        }
    }

    private static S3TargetConfig s3(String name, Fields f) {
        Problems problems = f.problems();
        String bucket = f.requiredText("bucket");
        if (bucket != null && (!BUCKET.matcher(bucket).matches() || bucket.contains(".."))) {
            problems.add(f.where("bucket"), "\"" + bucket + "\" is not a valid S3 bucket name"
                    + " (3-63 lower-case letters, digits, '.' and '-')");
        }
        String region = f.requiredText("region");
        if (region != null && !REGION.matcher(region).matches()) {
            problems.add(f.where("region"), "\"" + region + "\" is not a region name (e.g. eu-central-1)");
        }
        String prefix = prefix(f);
        URI endpoint = endpoint(f);
        Boolean pathStyle = f.bool("pathStyle");
        String storageClass = f.text("storageClass");
        if (storageClass != null && !STORAGE_CLASSES.contains(storageClass)) {
            problems.add(f.where("storageClass"), "unknown storage class \"" + storageClass + "\" (valid: "
                    + String.join(", ", STORAGE_CLASSES) + ")");
        }
        S3TargetConfig.SseConfig sse = sse(f);
        String profile = f.text("profile");
        Long partSize = partSize(f);
        RetrievalTier tier = tier(f, "retrievalTier");
        if (bucket == null || region == null || partSize == null) {
            return null;
        }
        return new S3TargetConfig(name, bucket, region, prefix, endpoint,
                pathStyle == null ? Defaults.PATH_STYLE : pathStyle,
                storageClass == null ? Defaults.STORAGE_CLASS : storageClass,
                sse, profile, partSize.intValue(), tier);
    }

    private static GlacierTargetConfig glacier(String name, Fields f) {
        String vault = f.requiredText("vault");
        if (vault != null && !VAULT.matcher(vault).matches()) {
            f.problems().add(f.where("vault"), "\"" + vault + "\" is not a valid vault name"
                    + " (1-255 letters, digits, '_', '-' and '.')");
        }
        String region = f.requiredText("region");
        if (region != null && !REGION.matcher(region).matches()) {
            f.problems().add(f.where("region"), "\"" + region + "\" is not a region name (e.g. eu-central-1)");
        }
        URI endpoint = endpoint(f);
        RetrievalTier tier = tier(f, "tier");
        String profile = f.text("profile");
        if (vault == null || region == null) {
            return null;
        }
        return new GlacierTargetConfig(name, vault, region, endpoint, tier, profile);
    }

    /** {@code expedited|standard|bulk}; absent: the default tier. */
    private static RetrievalTier tier(Fields f, String key) {
        String text = f.text(key);
        if (text == null) {
            return Defaults.RETRIEVAL_TIER;
        }
        return RetrievalTier.parse(text).orElseGet(() -> {
            f.problems().add(f.where(key), "unknown retrieval tier \"" + text + "\" (valid: expedited, standard, bulk)");
            return null;
        });
    }

    /** "" or ending in '/' (added when missing); never starting with '/'. */
    private static String prefix(Fields f) {
        String prefix = f.text("prefix");
        if (prefix == null || prefix.isEmpty()) {
            return Defaults.PREFIX;
        }
        if (prefix.startsWith("/")) {
            f.problems().add(f.where("prefix"), "\"" + prefix + "\" must not start with '/' (keys would begin with an empty folder)");
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static URI endpoint(Fields f) {
        String text = f.text("endpoint");
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.strip());
            if (uri.getRawUserInfo() != null) {
                f.problems().add(f.where("endpoint"), Secrets.MESSAGE);
                return null;
            }
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        f.problems().add(f.where("endpoint"), "\"" + text + "\" is not an http(s) URL (e.g. http://127.0.0.1:9000)");
        return null;
    }

    private static S3TargetConfig.SseConfig sse(Fields root) {
        Fields f = root.object("sse");
        if (f == null) {
            return null;
        }
        f.allowOnly(SSE_KEYS);
        String type = f.requiredText("type");
        String keyId = f.text("keyId");
        if (type == null) {
            return null;
        }
        if (!SSE_TYPES.contains(type)) {
            f.problems().add(f.where("type"), "unknown encryption \"" + type + "\" (valid: " + String.join(", ", SSE_TYPES) + ")");
            return null;
        }
        if (keyId != null && type.equals("AES256")) {
            f.problems().add(f.where("keyId"), "a key id applies to aws:kms only; AES256 uses keys managed by S3");
        }
        return new S3TargetConfig.SseConfig(type, keyId);
    }

    private static Long partSize(Fields f) {
        String text = f.text("partSize");
        if (text == null) {
            return f.has("partSize") ? null : (long) Defaults.PART_SIZE;
        }
        Long size = Units.size(text).orElse(null);
        if (size == null) {
            f.problems().add(f.where("partSize"), "\"" + text + "\" is not a size (" + Units.SIZE_HINT + ")");
        } else if (size < MIN_PART || size > MAX_PART) {
            f.problems().add(f.where("partSize"), text + " is outside " + Units.formatSize(MIN_PART) + ".."
                    + Units.formatSize(MAX_PART) + " (S3's smallest part is 5MiB; about two parts are held in memory per upload)");
            size = null;
        }
        return size;
    }
}
