package io.tributary.broker;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.tributary.broker.cli.CliException;
import io.tributary.core.BrokerException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The entry point of {@code bin/tributary} ({@link TributaryCommand} is its command line). {@code tributary run
 * [flags]} starts the broker and runs until SIGTERM or Ctrl-C, which shut it down cleanly (within
 * {@link #STOP_GRACE}, else it halts). An out-of-memory error, or another error of the JVM, stops the process
 * with {@link #FATAL_ERROR} ({@link FatalErrorHandler}). A high-availability node that loses the store's lease
 * stops with {@link #LEASE_LOST} ({@link HaNode}).
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

    public static void main(String[] args) {
        installFatalErrorHandler();
        int status = execute(args, System.in, System.out, System.err, System.getenv());
        if (status != 0 || args.length == 0 || !args[0].equals("run")) {
            System.exit(status); // a command's client threads (HttpClient, Qpid JMS) do not hold the JVM
        }
    }

    /**
     * Runs a command line as {@code bin/tributary} does, with the given streams and environment; answers the exit
     * status (0, {@link #USAGE_ERROR}, or a {@link CliException} status). {@code run} returns once the broker stops.
     */
    public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err,
            Map<String, String> environment) {
        return TributaryCommand.execute(args, in, out, err, environment);
    }

    /** Serves until the process is stopped: the shutdown hook, bounded by the watchdog, stops the broker. */
    static void serve(RunningBroker broker, PrintWriter out) throws InterruptedException {
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
        out.println(broker.startLine());
        out.flush();
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
     * Parses a {@code run} command line and starts the broker (what {@code bin/tributary run} does, without waiting
     * for a stop); answers null when only help was asked for.
     *
     * @throws RunOptions.UsageException for a bad command line, or another command than {@code run}
     * @throws BrokerException           for a bad configuration or a failed start
     */
    public static RunningBroker start(String... args) {
        CommandLine cli = TributaryCommand.commandLine(System.in, System.out, System.err, System.getenv());
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (ParameterException e) {
            throw new RunOptions.UsageException(TributaryCommand.message(e));
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return null;
        }
        if (!parsed.hasSubcommand() || !(parsed.subcommand().commandSpec().userObject() instanceof RunCommand run)) {
            throw new RunOptions.UsageException("no 'run' command given: " + String.join(" ", args));
        }
        return RunningBroker.start(run.options(), Runtime.getRuntime()::halt);
    }
}
