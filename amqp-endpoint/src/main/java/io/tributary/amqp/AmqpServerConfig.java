package io.tributary.amqp;

import io.tributary.core.BrokerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration of an {@link AmqpServer}. Immutable; validated in {@link Builder#build()} with the property name in
 * every error. The defaults sit next to the builder fields.
 *
 * @param host                  bind address ({@code 127.0.0.1})
 * @param port                  port; 0 picks a free one ({@code 5672})
 * @param keyStore              TLS key store (JKS or PKCS12); null serves plain AMQP
 * @param keyStorePassword      its password
 * @param keyStoreType          {@code PKCS12} or {@code JKS} ({@code PKCS12})
 * @param users                 SASL users (user name to password) for PLAIN and SCRAM-SHA-256
 * @param allowAnonymous        SASL ANONYMOUS is offered ({@code true})
 * @param idleTimeout           the idle timeout this server announces; zero for none ({@code 60 s})
 * @param openTimeout           how long a new socket may take to log in and open its connection ({@code 30 s})
 * @param authTimeout           how long a new socket may take to log in (SASL, or the open when SASL is skipped);
 *                              until then it counts against {@code maxUnauthenticated} only ({@code 10 s})
 * @param maxFrameSize          largest frame accepted, in bytes ({@code 128 KiB})
 * @param channelMax            highest session channel number ({@code 255})
 * @param maxConnections        logged-in connections at most ({@code 10000})
 * @param maxUnauthenticated    sockets that have not logged in yet, at most; more are closed at once ({@code 1000})
 * @param loginFailureDelay     how long the outcome of a first failed login from an address is held back; it doubles
 *                              with each further failure from that address ({@code 100 ms})
 * @param maxLoginFailureDelay  the most the outcome of one failed login is held back ({@code 5 s})
 * @param maxSessions           sessions per connection at most ({@code 256})
 * @param maxLinks              links per session at most ({@code 1024})
 * @param maxMessageSize        largest message accepted, in bytes ({@code 100 MiB})
 */
public record AmqpServerConfig(String host, int port, Path keyStore, String keyStorePassword, String keyStoreType,
                               Map<String, String> users, boolean allowAnonymous, Duration idleTimeout,
                               Duration openTimeout, Duration authTimeout, int maxFrameSize, int channelMax,
                               int maxConnections, int maxUnauthenticated, Duration loginFailureDelay,
                               Duration maxLoginFailureDelay, int maxSessions, int maxLinks, long maxMessageSize) {

    public AmqpServerConfig {
        users = Map.copyOf(users);
    }

    /** A configuration with every default. */
    public static AmqpServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when TLS is configured (amqps). */
    public boolean tls() {
        return keyStore != null;
    }

    /** Builds an {@link AmqpServerConfig}. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 5672;
        private Path keyStore;
        private String keyStorePassword = "";
        private String keyStoreType = "PKCS12";
        private final Map<String, String> users = new LinkedHashMap<>();
        private boolean allowAnonymous = true;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration openTimeout = Duration.ofSeconds(30);
        private Duration authTimeout = Duration.ofSeconds(10);
        private int maxFrameSize = 128 * 1024;
        private int channelMax = 255;
        private int maxConnections = 10_000;
        private int maxUnauthenticated = 1000;
        private Duration loginFailureDelay = Duration.ofMillis(100);
        private Duration maxLoginFailureDelay = Duration.ofSeconds(5);
        private int maxSessions = 256;
        private int maxLinks = 1024;
        private long maxMessageSize = 100L * 1024 * 1024;

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder tls(Path store, String password, String type) {
            this.keyStore = store;
            this.keyStorePassword = password == null ? "" : password;
            this.keyStoreType = type == null ? "PKCS12" : type;
            return this;
        }

        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        public Builder allowAnonymous(boolean value) {
            this.allowAnonymous = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        public Builder openTimeout(Duration value) {
            this.openTimeout = value;
            return this;
        }

        public Builder authTimeout(Duration value) {
            this.authTimeout = value;
            return this;
        }

        public Builder maxUnauthenticated(int value) {
            this.maxUnauthenticated = value;
            return this;
        }

        /** The hold on a first failed login's outcome and the most any is held. */
        public Builder loginFailureDelay(Duration first, Duration max) {
            this.loginFailureDelay = first;
            this.maxLoginFailureDelay = max;
            return this;
        }

        public Builder maxFrameSize(int value) {
            this.maxFrameSize = value;
            return this;
        }

        public Builder channelMax(int value) {
            this.channelMax = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder maxSessions(int value) {
            this.maxSessions = value;
            return this;
        }

        public Builder maxLinks(int value) {
            this.maxLinks = value;
            return this;
        }

        public Builder maxMessageSize(long value) {
            this.maxMessageSize = value;
            return this;
        }

        public AmqpServerConfig build() {
            require(host != null && !host.isBlank(), "amqp.bind", host, "a host name or IP address");
            require(port >= 0 && port <= 65535, "amqp.port", port, "between 0 and 65535");
            require(idleTimeout != null && !idleTimeout.isNegative(), "amqp.idle-timeout", idleTimeout, ">= 0");
            require(positive(openTimeout), "amqp.open-timeout", openTimeout, "> 0");
            require(positive(authTimeout), "amqp.auth-timeout", authTimeout, "> 0");
            require(loginFailureDelay != null && !loginFailureDelay.isNegative(), "sasl.failure-delay",
                    loginFailureDelay, ">= 0");
            require(maxLoginFailureDelay != null && maxLoginFailureDelay.compareTo(loginFailureDelay) >= 0,
                    "sasl.max-failure-delay", maxLoginFailureDelay,
                    ">= sasl.failure-delay (" + loginFailureDelay + ")");
            require(maxFrameSize >= 512, "amqp.max-frame-size", maxFrameSize, ">= 512");
            require(channelMax >= 0 && channelMax <= 65535, "amqp.channel-max", channelMax, "between 0 and 65535");
            require(maxConnections > 0, "limits.max-connections", maxConnections, "> 0");
            require(maxUnauthenticated > 0, "limits.max-unauthenticated-connections", maxUnauthenticated, "> 0");
            require(maxSessions > 0, "limits.max-sessions", maxSessions, "> 0");
            require(maxLinks > 0, "limits.max-links", maxLinks, "> 0");
            require(maxMessageSize > 0, "limits.max-message-size", maxMessageSize, "> 0");
            require(keyStoreType.equalsIgnoreCase("PKCS12") || keyStoreType.equalsIgnoreCase("JKS"),
                    "tls.keystore-type", keyStoreType, "PKCS12 or JKS");
            users.forEach((u, p) -> require(!u.isBlank() && p != null, "users." + u, "(hidden)",
                    "a non-empty user name with a password"));
            return new AmqpServerConfig(host, port, keyStore, keyStorePassword, keyStoreType, users, allowAnonymous,
                    idleTimeout, openTimeout, authTimeout, maxFrameSize, channelMax, maxConnections, maxUnauthenticated,
                    loginFailureDelay, maxLoginFailureDelay, maxSessions, maxLinks, maxMessageSize);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }

        private static void require(boolean ok, String property, Object value, String rule) {
            if (!ok) {
                throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                        "AMQP setting " + property + " = " + value + " is invalid; it must be " + rule);
            }
        }
    }
}
