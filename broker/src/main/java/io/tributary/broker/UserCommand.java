package io.tributary.broker;

import io.tributary.core.security.Credentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code tributary user add NAME --config FILE [--password PASSWORD]}: writes {@code users.NAME} into the
 * configuration file as a SCRAM-SHA-256 verifier ({@link Credentials#verifier}), so the file never holds the
 * password; an existing line of that user is replaced, every other line is kept. Without {@code --password} the
 * password is read from the console (not echoed) or, when there is none, from the first line of standard input.
 *
 * <p>Stateless.
 */
final class UserCommand {

    static final String USAGE = "usage: tributary user add NAME --config FILE [--password PASSWORD]";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_@+\\-]{1,64}");

    private UserCommand() {
    }

    /**
     * Runs the command.
     *
     * @throws RunOptions.UsageException for a bad command line
     */
    static void run(List<String> args, InputStream in, PrintStream out) {
        if (args.isEmpty() || !args.get(0).equals("add")) {
            throw new RunOptions.UsageException("unknown user command " + (args.isEmpty() ? "(none)"
                    : "'" + args.get(0) + "'") + "; " + USAGE);
        }
        String name = null;
        Path config = null;
        String password = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config") || a.equals("--password")) {
                if (i + 1 >= args.size()) {
                    throw new RunOptions.UsageException(a + " needs a value; " + USAGE);
                }
                String v = args.get(++i);
                if (a.equals("--config")) {
                    config = Path.of(v);
                } else {
                    password = v;
                }
            } else if (name == null && !a.startsWith("--")) {
                name = a;
            } else {
                throw new RunOptions.UsageException("unexpected argument '" + a + "'; " + USAGE);
            }
        }
        if (name == null || config == null) {
            throw new RunOptions.UsageException("user add needs a NAME and --config FILE; " + USAGE);
        }
        if (!NAME.matcher(name).matches()) {
            throw new RunOptions.UsageException("user name '" + name + "' is invalid: use 1 to 64 letters, digits"
                    + " and _ @ + -");
        }
        if (password == null) {
            password = readPassword(name, in);
        }
        if (password.isEmpty()) {
            throw new RunOptions.UsageException("the password of user " + name + " is empty");
        }
        write(config, name, Credentials.verifier(password));
        out.println("user " + name + " written to " + config + " (as a SCRAM-SHA-256 verifier); restart the broker"
                + " to use it");
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
            throw new UncheckedIOException("cannot read the password from standard input", e);
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
            throw new UncheckedIOException("cannot write " + config + ": " + e.getMessage(), e);
        }
    }
}
