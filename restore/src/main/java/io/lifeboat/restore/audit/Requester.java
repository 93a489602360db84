package io.lifeboat.restore.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who asks for a restore, and from where: the OS user and this host's name. */
public record Requester(String osUser, String host) {
    public static Requester current() {
        return new Requester(System.getProperty("user.name", "unknown"), HostHolder.HOST);
    }

    private static final class HostHolder {
        static final String HOST = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                String env = System.getenv("HOSTNAME");
                return env == null || env.isBlank() ? "unknown" : env;
            }
        }
    }
}
