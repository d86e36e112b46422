package io.tributary.core.store.jdbc;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** PostgreSQL. Stateless. */
final class PostgresDialect implements Dialect {

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String urlPrefix() {
        return "jdbc:postgresql:";
    }

    @Override
    public String binaryType() {
        return "BYTEA";
    }

    @Override
    public String textType() {
        return "TEXT";
    }

    @Override
    public String upsert(String table, List<String> columns, int keyColumns) {
        String key = String.join(", ", columns.subList(0, keyColumns));
        String updates = columns.stream().skip(keyColumns).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + "?, ".repeat(columns.size() - 1) + "?) ON CONFLICT (" + key + ") DO UPDATE SET " + updates;
    }

    @Override
    public Map<String, String> driverProperties(String jdbcUrl) {
        // One multi-row INSERT per JDBC batch instead of a round trip per row.
        return Map.of("reWriteBatchedInserts", "true");
    }
}
