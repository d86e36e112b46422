package io.tributary.broker;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * The server's default uncaught-exception handler: a {@link VirtualMachineError} (above all an
 * {@link OutOfMemoryError}) that reaches the top of any thread stops the process at once with
 * {@link Main#FATAL_ERROR}, after one line on stderr that says why and what to do, so that a supervisor restarts
 * the broker instead of finding it half alive. Any other uncaught exception is printed as the JVM would.
 *
 * <p>Design note: libraries (Netty's event loops, completion stages) catch throwables themselves, so this handler
 * does not see every error; {@code bin/tributary} also runs the JVM with {@code -XX:+ExitOnOutOfMemoryError},
 * which stops it on the first out-of-memory error the JVM throws, wherever it is caught. The handler builds its
 * line defensively (a failure to build it prints a line made in advance) and halts in any case: shutdown hooks are
 * skipped, as they may need memory or locks the failed thread held.
 *
 * <p>Thread-safe: stateless apart from its final fields.
 */
final class FatalErrorHandler implements Thread.UncaughtExceptionHandler {

    private static final String ADVICE = "; give the JVM more heap (JAVA_OPTS=-Xmx...) or lower limits.global-memory";
    private static final String FALLBACK = "tributary: fatal JVM error (out of memory?); stopping with status "
            + Main.FATAL_ERROR + ADVICE;

    private final PrintStream err;
    private final IntConsumer halt;

    /**
     * @param err  where the last line goes
     * @param halt stops the process with a status ({@code Runtime.getRuntime()::halt})
     */
    FatalErrorHandler(PrintStream err, IntConsumer halt) {
        this.err = err;
        this.halt = halt;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (!(error instanceof VirtualMachineError)) {
            err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace(err);
            return;
        }
        try {
            err.println(line(thread, error));
        } catch (Throwable again) {
            err.println(FALLBACK);
        } finally {
            err.flush();
            halt.accept(Main.FATAL_ERROR);
        }
    }

    static String line(Thread thread, Throwable error) {
        String what = error instanceof OutOfMemoryError ? "out of memory" : "fatal JVM error";
        return "tributary: " + what + " in thread " + thread.getName() + " (" + error + "); stopping with status "
                + Main.FATAL_ERROR + " so that a supervisor restarts the broker" + ADVICE;
    }
}
