package io.tributary.core.store.jdbc;

import java.util.List;

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
}
