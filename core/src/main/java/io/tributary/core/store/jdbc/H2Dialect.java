package io.tributary.core.store.jdbc;

import java.util.HashMap;
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

    /** The data file of a file database ({@code jdbc:h2:file:/d/tributary} writes {@code /d/tributary.mv.db}). */
    @Override
    public String location(String jdbcUrl) {
        String database = jdbcUrl.substring(urlPrefix().length()).split(";", 2)[0];
        if (database.startsWith("file:")) {
            database = database.substring("file:".length());
        } else if (database.matches("\\w{2,}:.*")) { // mem:, tcp:, ssl:, zip:... (C: is a drive)
            return Dialect.super.location(jdbcUrl);
        }
        return database + ".mv.db";
    }

    @Override
    public Map<String, String> driverProperties(String jdbcUrl) {
        // H2 writes each commit to its file before commit returns (WRITE_DELAY=0), so a confirmed batch survives
        // a crash of the process; by default it writes committed changes up to half a second later. Freed space
        // may be reused after a second (RETENTION_TIME, 45 s by default, is how long H2 trusts the operating
        // system to have flushed its writes; the store forces every commit to disk itself, see H2Upkeep).
        // H2 refuses a setting given both in the URL and as a property: one the URL sets wins.
        String upper = jdbcUrl.toUpperCase(Locale.ROOT);
        Map<String, String> properties = new HashMap<>();
        if (!upper.contains(";WRITE_DELAY=")) {
            properties.put("WRITE_DELAY", "0");
        }
        if (!upper.contains(";RETENTION_TIME=")) {
            properties.put("RETENTION_TIME", "1000");
        }
        return properties;
    }

    /** Forces each commit to disk and keeps the file compact: see {@link H2Upkeep}. */
    @Override
    public AfterCommit afterCommit() {
        return new H2Upkeep();
    }
}
