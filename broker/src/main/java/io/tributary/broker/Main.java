package io.tributary.broker;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.tributary.core.BrokerException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code tributary run [flags]} starts the broker and runs until SIGTERM or Ctrl-C, which shut
 * it down cleanly (within {@link #STOP_GRACE}, else it halts). An out-of-memory error, or another error of the JVM,
 * stops the process with {@link #FATAL_ERROR} ({@link FatalErrorHandler}). A high-availability node that loses the
 * store's lease stops with {@link #LEASE_LOST} ({@link HaNode}).
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Exit status for a bad command line or configuration. */
    static final int USAGE_ERROR = 2;
    /**
     * Exit status after an out-of-memory error or another error of the JVM: the status the JVM itself exits with
     * under {@code -XX:+ExitOnOutOfMemoryError}, which {@code bin/tributary} sets.
     */
    static final int FATAL_ERROR = 3;
    /** Exit status when a stop (SIGTERM) did not finish within {@link #STOP_GRACE}. */
    static final int STOP_TIMEOUT = 4;
    /** Exit status of a high-availability node that lost the store's lease: restart it, it stands by. */
    static final int LEASE_LOST = 5;
    /** How long a stop may take before the process halts. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        installFatalErrorHandler();
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
        StopWatchdog watchdog = StopWatchdog.start(STOP_GRACE, System.err, Runtime.getRuntime()::halt);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watchdog.stopping();
            try {
                broker.close();
            } finally {
                watchdog.stopped();
            }
        }, "tributary-shutdown"));
        warnUnlessExitOnOutOfMemory();
        System.out.println(broker.startLine());
        System.out.flush();
        broker.awaitStopped();
    }

    /** Makes every thread's uncaught out-of-memory error (or other JVM error) stop the process. */
    static void installFatalErrorHandler() {
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrorHandler(System.err, Runtime.getRuntime()::halt));
    }

    /**
     * Without {@code -XX:+ExitOnOutOfMemoryError} an out-of-memory error that a library catches (Netty does) can
     * leave the process running but unable to serve: say so to whoever started the JVM by hand.
     */
    private static void warnUnlessExitOnOutOfMemory() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(diagnostics.getVMOption("ExitOnOutOfMemoryError").getValue())) {
                LOG.warn("the JVM runs without -XX:+ExitOnOutOfMemoryError (bin/tributary sets it): after an"
                        + " out-of-memory error caught inside a library the broker may stay up without serving");
            }
        } catch (RuntimeException | LinkageError notHotSpot) {
            LOG.debug("cannot read the JVM's ExitOnOutOfMemoryError option: {}", notHotSpot.toString());
        }
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
        if (list.get(0).equals("user")) {
            UserCommand.run(list.subList(1, list.size()), System.in, System.out);
            return null;
        }
        if (!list.get(0).equals("run")) {
            throw new RunOptions.UsageException("unknown command '" + list.get(0) + "'; the commands are 'run' and"
                    + " 'user add'");
        }
        return RunningBroker.start(RunOptions.parse(list.subList(1, list.size())), Runtime.getRuntime()::halt);
    }
}
