package io.tributary.broker;

import io.tributary.core.BrokerException;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code tributary run [flags]} starts the broker and runs until SIGTERM or Ctrl-C, which shut
 * it down cleanly.
 */
public final class Main {

    /** Exit status for a bad command line or configuration. */
    static final int USAGE_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        RunningBroker broker;
        try {
            broker = start(args);
        } catch (RunOptions.UsageException | BrokerException e) {
            System.err.println("tributary: " + e.getMessage());
            if (e instanceof RunOptions.UsageException) {
                System.err.println(RunOptions.USAGE);
            }
            System.exit(USAGE_ERROR);
            return;
        }
        if (broker == null) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "tributary-shutdown"));
        System.out.println(broker.startLine());
        System.out.flush();
        broker.awaitStopped();
    }

    /**
     * Parses the command line and starts the broker; answers null when only help was asked for.
     *
     * @throws RunOptions.UsageException for a bad command line
     * @throws BrokerException           for a bad configuration or a failed start
     */
    public static RunningBroker start(String... args) {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty()) {
            throw new RunOptions.UsageException("no command given; use 'run'");
        }
        if (list.contains("--help") || list.contains("-h") || list.get(0).equals("help")) {
            System.out.println(RunOptions.USAGE);
            return null;
        }
        if (!list.get(0).equals("run")) {
            throw new RunOptions.UsageException("unknown command '" + list.get(0) + "'; the command is 'run'");
        }
        return RunningBroker.start(RunOptions.parse(list.subList(1, list.size())));
    }
}
