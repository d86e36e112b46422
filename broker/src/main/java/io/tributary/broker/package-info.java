/**
 * The runnable broker: {@link io.tributary.broker.Main} ({@code bin/tributary}) hands the command line to picocli
 * ({@code TributaryCommand}; the management and load commands are in {@code io.tributary.broker.cli}); {@code run}
 * reads the flags ({@code RunCommand}, {@code RunOptions}) and the configuration file (core's
 * {@code Configuration}, see {@code tributary.properties.example}), opens the store ({@code StoreFactory}: H2 in the
 * data directory unless {@code --store jdbc:...}), and starts the core engine with the AMQP server in front
 * ({@link io.tributary.broker.RunningBroker}). A shutdown hook stops it cleanly on SIGTERM.
 */
package io.tributary.broker;
