package io.tributary.broker;

import java.nio.file.Path;

/**
 * The flags of {@code tributary run} ({@link RunCommand} reads them). Null means "not given": the config file's
 * value, else the default, applies.
 *
 * @param amqpPort AMQP port ({@code --amqp-port}); 0 picks a free port
 * @param httpPort management HTTP port ({@code --http-port}); 0 switches the HTTP API off
 * @param bind     bind address ({@code --bind})
 * @param dataDir  data directory ({@code --data-dir}, default {@code ./data})
 * @param config   the configuration file ({@code --config})
 * @param store    a JDBC URL for the store ({@code --store}); default H2 in the data directory
 */
record RunOptions(Integer amqpPort, Integer httpPort, String bind, Path dataDir, Path config, String store) {

    /** A bad command line; the message says which flag and what is expected. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
