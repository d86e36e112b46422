package io.tributary.broker;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tributary run [flags]}: starts the broker and serves until SIGTERM or Ctrl-C ({@link Main#serve}).
 *
 * <p>Not thread-safe: picocli fills one per command line.
 */
@Command(name = "run", description = "Starts the broker; it runs until SIGTERM or Ctrl-C, which stop it cleanly.")
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec command;

    @Option(names = "--amqp-port", paramLabel = "N", converter = AmqpPort.class,
            description = "AMQP port (default 5672; 0 picks a free port)")
    private Integer amqpPort;

    @Option(names = "--http-port", paramLabel = "N", converter = HttpPort.class,
            description = "management HTTP API and /metrics port (default 8161; 0 switches it off)")
    private Integer httpPort;

    @Option(names = "--bind", paramLabel = "HOST", converter = Bind.class,
            description = "address to listen on, AMQP and HTTP (default 127.0.0.1)")
    private String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the H2 store and other data live"
            + " (default ./data)")
    private Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "a properties file: users, addresses, TLS, limits"
            + " (see tributary.properties.example)")
    private Path config;

    @Option(names = "--store", paramLabel = "URL", converter = StoreUrl.class,
            description = "a JDBC URL for the store, e.g. jdbc:postgresql://db/tributary")
    private String store;

    RunOptions options() {
        return new RunOptions(amqpPort, httpPort, bind, dataDir, config, store);
    }

    @Override
    public Integer call() throws InterruptedException {
        RunningBroker broker = RunningBroker.start(options(), Runtime.getRuntime()::halt);
        Main.serve(broker, command.commandLine().getOut());
        return 0;
    }

    /** A port number; the message names the flag, as picocli's converters cannot. */
    private abstract static class Port implements ITypeConverter<Integer> {
        private final String flag;

        Port(String flag) {
            this.flag = flag;
        }

        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new TypeConversionException(flag + " '" + value + "' is not a port number between 0 and 65535");
            }
        }
    }

    static final class AmqpPort extends Port {
        AmqpPort() {
            super("--amqp-port");
        }
    }

    static final class HttpPort extends Port {
        HttpPort() {
            super("--http-port");
        }
    }

    static final class Bind implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("flag --bind needs a value");
            }
            return value;
        }
    }

    static final class StoreUrl implements ITypeConverter<String> {
        @Override
        public String convert(String url) {
            if (!url.startsWith("jdbc:")) {
                throw new TypeConversionException("--store '" + url + "' is not a JDBC URL; give e.g."
                        + " jdbc:h2:/var/tributary/db or jdbc:postgresql://host/db");
            }
            return url;
        }
    }
}
