package io.tributary.broker.cli;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Locale;
import org.apache.qpid.jms.JmsConnectionFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options {@code perf producer} and {@code perf consumer} share: where, who, what address, for how long, how many
 * threads, transactions, JSON. A picocli mixin.
 *
 * <p>Not thread-safe: picocli fills one per command line; read-only once the run starts.
 */
final class PerfOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "amqp://127.0.0.1:5672",
            description = "the broker's AMQP URL, as Qpid JMS takes it (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "log in as this user (default: $"
            + ApiOptions.USER_VARIABLE + ")")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "the user's password (default: $"
            + ApiOptions.PASSWORD_VARIABLE + ")")
    String password;

    @Option(names = "--address", paramLabel = "NAME", defaultValue = "perf",
            description = "the queue (or topic://NAME) to load (default: ${DEFAULT-VALUE})")
    String address;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "stop after N messages in all (default: no limit)")
    long count;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "0", converter = Seconds.class,
            description = "stop after this long: 30s, 5m, 1h, or seconds (default: no limit; with neither --count"
                    + " nor --duration, until Ctrl-C)")
    Duration duration;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "clients, each with its own connection and thread (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--tx", paramLabel = "N", defaultValue = "0",
            description = "use a transacted session and commit every N messages (default: no transactions)")
    int tx;

    @Option(names = "--json", description = "print the summary as JSON (the lines each second go to stderr)")
    boolean json;

    /** Checks the values picocli cannot. */
    void validate() {
        if (count < 0 || threads < 1 || tx < 0) {
            throw new CliException(CliException.USAGE, "--count and --tx must be 0 or more, --threads 1 or more");
        }
    }

    JmsConnectionFactory factory() {
        String[] login = ApiOptions.login(command, user, password);
        JmsConnectionFactory factory = new JmsConnectionFactory(url);
        factory.setUsername(login[0]);
        factory.setPassword(login[1]);
        return factory;
    }

    /** A session of its own for one worker: transacted with {@code --tx}, else auto-acknowledging. */
    Session session(Connection connection) throws JMSException {
        return tx > 0 ? connection.createSession(true, Session.SESSION_TRANSACTED)
                : connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    Destination destination(Session session) throws JMSException {
        if (address.startsWith("topic://")) {
            return session.createTopic(address.substring("topic://".length()));
        }
        return session.createQueue(address.startsWith("queue://") ? address.substring("queue://".length()) : address);
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms} or a number of seconds. */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long n = Long.parseLong(v.replaceAll("[smh]$", ""));
                Duration d = v.endsWith("h") ? Duration.ofHours(n) : v.endsWith("m") ? Duration.ofMinutes(n)
                        : Duration.ofSeconds(n);
                if (d.isNegative()) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("--duration '" + value + "' is not a time such as 30s, 5m or 1h");
            }
        }
    }
}
