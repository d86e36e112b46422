package io.tributary.broker;

import io.tributary.broker.cli.CliContext;
import io.tributary.broker.cli.CliException;
import io.tributary.core.security.Credentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary user add NAME --config FILE [--password PASSWORD]}: writes {@code users.NAME} into the
 * configuration file as a SCRAM-SHA-256 verifier ({@link Credentials#verifier}), so the file never holds the
 * password; an existing line of that user is replaced, every other line is kept. Without {@code --password} the
 * password is read from the console (not echoed) or, when there is none, from the first line of standard input.
 * Works on the file alone: the broker need not run.
 *
 * <p>Stateless; picocli calls one method per command line.
 */
@Command(name = "user", description = "Manage the users of a configuration file (the broker need not run).")
final class UserCommand {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_@+\\-]{1,64}");

    @Spec
    private CommandSpec command;

    @Command(name = "add", description = "Writes a user into the configuration file as a SCRAM-SHA-256 verifier (not"
            + " the password); restart the broker to use it.")
    int add(@Parameters(paramLabel = "NAME", description = "1 to 64 letters, digits and _ @ + -") String name,
            @Option(names = "--config", required = true, paramLabel = "FILE", description = "the broker's"
                    + " configuration file (created if missing)") Path config,
            @Option(names = "--password", paramLabel = "PASSWORD", description = "the password (default: asked on"
                    + " the console, else the first line of standard input)") String password) {
        if (!NAME.matcher(name).matches()) {
            throw new RunOptions.UsageException("user name '" + name + "' is invalid: use 1 to 64 letters, digits"
                    + " and _ @ + -");
        }
        Object root = command.root().userObject();
        String secret = password != null ? password
                : readPassword(name, root instanceof CliContext c ? c.in() : System.in);
        if (secret.isEmpty()) {
            throw new RunOptions.UsageException("the password of user " + name + " is empty");
        }
        write(config, name, Credentials.verifier(secret));
        PrintWriter out = command.commandLine().getOut();
        out.println("user " + name + " written to " + config + " (as a SCRAM-SHA-256 verifier); restart the broker"
                + " to use it");
        out.flush();
        return 0;
    }

    private static String readPassword(String name, InputStream in) {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("password of %s: ", name);
            return typed == null ? "" : new String(typed);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new CliException(CliException.FAILED, "cannot read the password from standard input: "
                    + e.getMessage(), e);
        }
    }

    private static void write(Path config, String name, String verifier) {
        String key = "users." + name;
        try {
            List<String> lines = Files.exists(config)
                    ? new ArrayList<>(Files.readAllLines(config, StandardCharsets.UTF_8)) : new ArrayList<>();
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                String trimmed = lines.get(i).trim();
                if (trimmed.startsWith(key + "=") || trimmed.startsWith(key + " ") || trimmed.startsWith(key + ":")) {
                    lines.set(i, key + "=" + verifier);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(key + "=" + verifier);
            }
            Files.write(config, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.FAILED, "cannot write " + config + ": " + e, e);
        }
    }
}
