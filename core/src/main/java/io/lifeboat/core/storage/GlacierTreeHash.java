package io.lifeboat.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The SHA-256 tree hash Glacier wants with every upload: 1 MiB leaves, pairwise combined. */
final class GlacierTreeHash {
    private static final int CHUNK = 1024 * 1024;

    private GlacierTreeHash() {
    }

    static String of(InputStream in) throws IOException {
        List<byte[]> level = new ArrayList<>();
        byte[] buf = new byte[CHUNK];
        while (true) {
            int n = in.readNBytes(buf, 0, CHUNK);
            if (n == 0) {
                break;
            }
            MessageDigest d = sha256();
            d.update(buf, 0, n);
            level.add(d.digest());
            if (n < CHUNK) {
                break;
            }
        }
        if (level.isEmpty()) {
            level.add(sha256().digest());
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 < level.size()) {
                    MessageDigest d = sha256();
                    d.update(level.get(i));
                    d.update(level.get(i + 1));
                    up.add(d.digest());
                } else {
                    up.add(level.get(i));
                }
            }
            level = up;
        }
        return HexFormat.of().formatHex(level.get(0));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
