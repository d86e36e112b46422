package io.tributary.broker;

import io.tributary.broker.cli.AddressCommand;
import io.tributary.broker.cli.CliContext;
import io.tributary.broker.cli.CliException;
import io.tributary.broker.cli.ConnectionCommand;
import io.tributary.broker.cli.MessageCommand;
import io.tributary.broker.cli.PerfCommand;
import io.tributary.broker.cli.QueueCommand;
import io.tributary.broker.cli.StreamCommand;
import io.tributary.core.BrokerException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The root of {@code bin/tributary}'s command line (picocli): {@code run}, {@code user add}, the commands that talk
 * to the management API ({@code address}, {@code queue}, {@code message}, {@code stream}, {@code connection}) and
 * {@code perf}.
 *
 * <p>Design note: picocli parses, prints usage and dispatches; this class decides what a failure looks like. A bad
 * command line is one {@code tributary: ...} line, the usage of the command and status 2; a {@link CliException}
 * (the broker said no, or cannot be reached) its one line and its status; a bad configuration ({@link
 * BrokerException} from {@code run}) its line and status 2. Only a bug prints a stack trace.
 *
 * <p>Not thread-safe: one per command line.
 */
@Command(name = "tributary", description = "The Tributary message broker: run it, manage it, load it.",
        subcommands = {RunCommand.class, UserCommand.class, AddressCommand.class, QueueCommand.class,
            MessageCommand.class, StreamCommand.class, ConnectionCommand.class, PerfCommand.class, HelpCommand.class})
final class TributaryCommand implements CliContext {

    private final Map<String, String> environment;
    private final InputStream in;

    private TributaryCommand(Map<String, String> environment, InputStream in) {
        this.environment = environment;
        this.in = in;
    }

    @Override
    public String variable(String name) {
        return environment.get(name);
    }

    @Override
    public InputStream in() {
        return in;
    }

    /** The command line, writing to {@code out} and {@code err}, reading {@code in} and {@code environment}. */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        CommandLine cli = new CommandLine(new TributaryCommand(environment, in));
        addHelpOption(cli);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("tributary: " + message(e));
            e.getCommandLine().usage(w);
            return Main.USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter w = command.getErr();
            if (e instanceof CliException c) {
                w.println("tributary: " + c.getMessage());
                return c.status();
            }
            if (e instanceof RunOptions.UsageException || e instanceof BrokerException) {
                w.println("tributary: " + e.getMessage());
                return Main.USAGE_ERROR;
            }
            throw e;
        });
        return cli;
    }

    /** {@code -h} and {@code --help} on every command (but {@code help}, which has its own). */
    private static void addHelpOption(CommandLine command) {
        if (!(command.getCommand() instanceof HelpCommand)) {
            command.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("show this help").build());
        }
        command.getSubcommands().values().forEach(TributaryCommand::addHelpOption);
    }

    /** Runs a command line; answers its exit status. */
    static int execute(String[] args, InputStream in, PrintStream out, PrintStream err,
            Map<String, String> environment) {
        CommandLine cli = commandLine(in, out, err, environment);
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** A parse error as one line: a bad value says only what our converter said, which names the flag. */
    static String message(ParameterException e) {
        String text = e.getCause() instanceof TypeConversionException t ? t.getMessage() : e.getMessage();
        return text.startsWith("Error: ") ? text.substring("Error: ".length()) : text;
    }
}
