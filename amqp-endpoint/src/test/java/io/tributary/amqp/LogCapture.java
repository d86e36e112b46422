package io.tributary.amqp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Captures what the broker logs, so that tests can prove what was logged (one line at DEBUG or INFO for a client's
 * mistake, never an ERROR or a stack trace) instead of judging it by eye. It is an SLF4J provider, chosen for this
 * module's tests with the system property {@code slf4j.provider} (see the pom): every {@code io.tributary} logger
 * records each event at DEBUG and above, and every event is also printed by slf4j-simple at its configured level.
 *
 * <p>Thread-safe: events arrive from every thread; the buffer is bounded (the oldest events are dropped).
 */
final class LogCapture {

    /** One logged line. */
    record Event(long seq, Level level, String logger, String message, Throwable thrown, String thread) {
        @Override
        public String toString() {
            return level + " " + logger + " [" + thread + "] " + message + (thrown == null ? "" : " / " + thrown);
        }
    }

    private static final int CAPACITY = 100_000;
    private static final Deque<Event> EVENTS = new ArrayDeque<>();
    private static long next;

    private LogCapture() {
    }

    /** The position of the next event; pass it to {@link #since(long)}. Fails when the capture is not installed. */
    static long position() {
        if (!(LoggerFactory.getILoggerFactory() instanceof Factory)) {
            throw new AssertionError("log capture is not installed: run with -Dslf4j.provider="
                    + Provider.class.getName() + " (the amqp-endpoint pom sets it for surefire)");
        }
        synchronized (EVENTS) {
            return next;
        }
    }

    /** Every event recorded at or after {@code position}. */
    static List<Event> since(long position) {
        synchronized (EVENTS) {
            List<Event> out = new ArrayList<>();
            for (Event e : EVENTS) {
                if (e.seq() >= position) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    /** The broker's events since {@code position} that match {@code filter}. */
    static List<Event> broker(long position, Predicate<Event> filter) {
        return since(position).stream().filter(e -> e.logger().startsWith("io.tributary")).filter(filter).toList();
    }

    /** The broker's events at WARN or ERROR, or carrying a throwable (a stack trace), since {@code position}. */
    static List<Event> problems(long position) {
        return broker(position, e -> e.level().toInt() >= Level.WARN.toInt() || e.thrown() != null);
    }

    private static void record(Level level, String logger, String message, Throwable thrown) {
        synchronized (EVENTS) {
            EVENTS.addLast(new Event(next++, level, logger, message, thrown, Thread.currentThread().getName()));
            if (EVENTS.size() > CAPACITY) {
                EVENTS.removeFirst();
            }
        }
    }

    /** The SLF4J provider; named by {@code slf4j.provider}. */
    public static final class Provider implements SLF4JServiceProvider {
        private final SimpleServiceProvider printer = new SimpleServiceProvider();
        private final IMarkerFactory markers = new BasicMarkerFactory();
        private final MDCAdapter mdc = new NOPMDCAdapter();
        private Factory factory;

        @Override
        public ILoggerFactory getLoggerFactory() {
            return factory;
        }

        @Override
        public IMarkerFactory getMarkerFactory() {
            return markers;
        }

        @Override
        public MDCAdapter getMDCAdapter() {
            return mdc;
        }

        @Override
        public String getRequestedApiVersion() {
            return "2.0.99";
        }

        @Override
        public void initialize() {
            printer.initialize();
            factory = new Factory(printer.getLoggerFactory());
        }
    }

    /** Hands out one capturing logger per name. */
    static final class Factory implements ILoggerFactory {
        private final ILoggerFactory printer;
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

        Factory(ILoggerFactory printer) {
            this.printer = printer;
        }

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new CapturingLogger(n, printer.getLogger(n)));
        }
    }

    /** Records the broker's events at DEBUG and above and prints what the printer's level allows. */
    static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger printer;
        private final boolean broker;

        CapturingLogger(String name, Logger printer) {
            this.name = name;
            this.printer = printer;
            this.broker = name.startsWith("io.tributary");
        }

        @Override
        public boolean isTraceEnabled() {
            return printer.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return broker || printer.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return broker || printer.isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable thrown) {
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            if (broker && level.toInt() >= Level.DEBUG.toInt()) {
                record(level, name, message, thrown);
            }
            print(level, message, thrown);
        }

        private void print(Level level, String message, Throwable thrown) {
            switch (level) {
                case ERROR -> printer.error(message, thrown);
                case WARN -> printer.warn(message, thrown);
                case INFO -> printer.info(message, thrown);
                case DEBUG -> printer.debug(message, thrown);
                default -> printer.trace(message, thrown);
            }
        }
    }
}
