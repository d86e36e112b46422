package io.tributary.broker.cli;

import picocli.CommandLine.Command;

/**
 * {@code tributary perf producer|consumer}: a load tool over AMQP 1.0 through Qpid JMS, as {@code artemis perf} is:
 * run a consumer and a producer (in two terminals, or on two machines), each prints its rate and latency
 * percentiles every second and a summary at the end. The consumer's latency is its receive time minus the time the
 * producer stamped into the message (wall clocks: on two machines, only as good as their clock sync).
 */
@Command(name = "perf", description = "Load the broker over AMQP 1.0 and measure rate and latency.",
        subcommands = {PerfProducer.class, PerfConsumer.class})
public final class PerfCommand {
}
