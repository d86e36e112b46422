/**
 * The commands of {@code bin/tributary} that talk to a running broker: {@code queue}, {@code message}, {@code stream}
 * and {@code connection} over the management HTTP API ({@code ApiClient}, tables by {@code Table}, {@code --json}
 * for the API's own JSON), and {@code perf producer|consumer} over AMQP 1.0 through Qpid JMS. Failures are
 * {@link io.tributary.broker.cli.CliException}s: one line for the user and an exit status that says whose problem it
 * is.
 */
package io.tributary.broker.cli;
