package io.tributary.core.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** H2's own figures about its file (the {@code info.*} rows of INFORMATION_SCHEMA.SETTINGS), for tests and tools. */
final class H2Figures {

    private H2Figures() {
    }

    /** The figures named (without the {@code info.} prefix), in the order H2 lists them. */
    static Map<String, String> read(String url, String... names) throws SQLException {
        StringBuilder in = new StringBuilder();
        for (String name : names) {
            in.append(in.length() == 0 ? "'" : ", '").append("info.").append(name).append('\'');
        }
        Map<String, String> figures = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME IN (" + in + ")")) {
            while (rs.next()) {
                figures.put(rs.getString(1).substring("info.".length()), rs.getString(2));
            }
        }
        return figures;
    }
}
