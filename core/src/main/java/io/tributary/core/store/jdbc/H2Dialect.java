package io.tributary.core.store.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** H2 (the embedded default). Stateless. */
final class H2Dialect implements Dialect {

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public String urlPrefix() {
        return "jdbc:h2:";
    }

    @Override
    public String binaryType() {
        return "VARBINARY";
    }

    @Override
    public String textType() {
        return "VARCHAR";
    }

    @Override
    public String upsert(String table, List<String> columns, int keyColumns) {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY ("
                + String.join(", ", columns.subList(0, keyColumns)) + ") VALUES ("
                + "?, ".repeat(columns.size() - 1) + "?)";
    }

    @Override
    public Map<String, String> driverProperties(String jdbcUrl) {
        // H2 writes each commit to its file before commit returns, so a confirmed batch survives a crash of the
        // process (by default it writes committed changes up to a second later). H2 refuses a setting given
        // both in the URL and as a property: a URL that sets it wins.
        if (jdbcUrl.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")) {
            return Map.of();
        }
        return Map.of("WRITE_DELAY", "0");
    }

    /**
     * H2 writes a commit to its file but leaves it in the operating system's cache: without this a power
     * cut could lose confirmed messages. One sync per group commit, as a journal's fdatasync per batch.
     */
    @Override
    public String syncAfterCommit() {
        return "CHECKPOINT SYNC";
    }
}
