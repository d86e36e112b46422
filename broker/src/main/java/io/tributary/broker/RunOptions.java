package io.tributary.broker;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code tributary run}. Null means "not given": the config file's value, else the default, applies.
 *
 * @param amqpPort AMQP port ({@code --amqp-port}); 0 picks a free port
 * @param httpPort management HTTP port ({@code --http-port}); 0 switches the HTTP API off
 * @param bind     bind address ({@code --bind})
 * @param dataDir  data directory ({@code --data-dir}, default {@code ./data})
 * @param config   the configuration file ({@code --config})
 * @param store    a JDBC URL for the store ({@code --store}); default H2 in the data directory
 */
record RunOptions(Integer amqpPort, Integer httpPort, String bind, Path dataDir, Path config, String store) {

    static final String USAGE = String.join(System.lineSeparator(), List.of(
            "usage: tributary run [--amqp-port N] [--http-port N] [--bind HOST] [--data-dir DIR] [--config FILE]"
                    + " [--store jdbc:URL]",
            "  --amqp-port N     AMQP port (default 5672; 0 picks a free port)",
            "  --http-port N     management HTTP API and /metrics port (default 8161; 0 switches it off)",
            "  --bind HOST       address to listen on, AMQP and HTTP (default 127.0.0.1)",
            "  --data-dir DIR    where the H2 store and other data live (default ./data)",
            "  --config FILE     a properties file: users, addresses, TLS, limits (see tributary.properties.example)",
            "  --store URL       a JDBC URL for the store, e.g. jdbc:postgresql://db/tributary",
            "       tributary user add NAME --config FILE [--password PASSWORD]",
            "                    writes the user into FILE as a SCRAM-SHA-256 verifier (the password is read from",
            "                    the console or standard input when not given)"));

    /** Parses the flags after {@code run}; throws {@link UsageException} naming the bad flag. */
    static RunOptions parse(List<String> args) {
        Integer port = null;
        Integer httpPort = null;
        String bind = null;
        Path dataDir = null;
        Path config = null;
        String store = null;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
            String value;
            if (flag.contains("=")) {
                value = flag.substring(flag.indexOf('=') + 1);
            } else if (isKnown(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("flag " + name + " needs a value");
                }
                value = args.get(++i);
            } else {
                value = null;
            }
            switch (name) {
                case "--amqp-port" -> port = parsePort(name, value);
                case "--http-port" -> httpPort = parsePort(name, value);
                case "--bind" -> bind = nonEmpty(name, value);
                case "--data-dir" -> dataDir = Path.of(nonEmpty(name, value));
                case "--config" -> config = Path.of(nonEmpty(name, value));
                case "--store" -> store = parseStore(value);
                default -> throw new UsageException("unknown flag '" + flag + "'");
            }
        }
        return new RunOptions(port, httpPort, bind, dataDir, config, store);
    }

    private static boolean isKnown(String name) {
        return List.of("--amqp-port", "--http-port", "--bind", "--data-dir", "--config", "--store").contains(name);
    }

    private static String nonEmpty(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException("flag " + name + " needs a value");
        }
        return value;
    }

    private static int parsePort(String flag, String value) {
        try {
            int port = Integer.parseInt(nonEmpty(flag, value).trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " '" + value + "' is not a port number between 0 and 65535");
        }
    }

    private static String parseStore(String value) {
        String url = nonEmpty("--store", value);
        if (!url.startsWith("jdbc:")) {
            throw new UsageException("--store '" + url + "' is not a JDBC URL; give e.g. jdbc:h2:/var/tributary/db "
                    + "or jdbc:postgresql://host/db");
        }
        return url;
    }

    /** A bad command line; the message says which flag and what is expected. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
