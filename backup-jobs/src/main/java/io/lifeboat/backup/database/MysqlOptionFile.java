package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The password for mysqldump/mariadb-dump and the mysql/mariadb client: a private option file
 * (mode 0600, deleted on close) named by {@code --defaults-extra-file}, which must be the tool's first
 * argument. {@code MYSQL_PWD} is deprecated by MySQL 8, so the file is used for both families.
 */
final class MysqlOptionFile implements AutoCloseable {
    private final PrivateFile file;

    private MysqlOptionFile(PrivateFile file) {
        this.file = file;
    }

    static MysqlOptionFile write(Path dir, Secret password) {
        PrivateFile file = PrivateFile.create(dir, "lifeboat-my-", ".cnf");
        try {
            Files.writeString(file.path(), "[client]\npassword=\"" + escape(password.value()) + "\"\n",
                    StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return new MysqlOptionFile(file);
        } catch (IOException e) {
            file.close();
            throw new LifeboatException(ErrorCode.SOURCE_IO, "cannot write the private option file " + file.path()
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@code --defaults-extra-file=...}. */
    String argument() {
        return "--defaults-extra-file=" + file.path();
    }

    /** Escapes as the option-file reader unescapes a double-quoted value. */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        file.close();
    }
}
