package io.tributary.broker.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that talks to the management API takes: where it is, who logs in, and whether to print
 * tables for people or the API's JSON for scripts. A picocli mixin of each such command.
 *
 * <p>Not thread-safe: picocli fills one per command line.
 */
final class ApiOptions {

    static final String PASSWORD_VARIABLE = "TRIBUTARY_PASSWORD";
    static final String USER_VARIABLE = "TRIBUTARY_USER";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8161",
            description = "the broker's management API (default: ${DEFAULT-VALUE})")
    private String url;

    @Option(names = "--user", paramLabel = "NAME",
            description = "log in as this user of the broker's configuration (default: $" + USER_VARIABLE + ")")
    private String user;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "the user's password (default: $" + PASSWORD_VARIABLE + ", else asked on the console)")
    private String password;

    @Option(names = "--json", description = "print the API's JSON answer as it is, for scripts")
    private boolean json;

    /** Whether to print JSON instead of tables. */
    boolean json() {
        return json;
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** A client for the URL and login given; a bad URL or a user without a password is a usage error. */
    ApiClient client() {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!isHttpUrl(base)) {
            throw new CliException(CliException.USAGE, "--url '" + url + "' is not an http:// or https:// URL of the"
                    + " management API, e.g. http://127.0.0.1:8161");
        }
        String[] login = login(command, user, password);
        return new ApiClient(base, login[0], login[1], err());
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Prints the answer as JSON when asked to, else runs {@code table}. */
    void print(ApiClient.Answer answer, Runnable table) {
        if (json) {
            out().println(answer.body());
        } else {
            table.run();
        }
        out().flush();
    }

    /**
     * The user and password given, else from {@code TRIBUTARY_USER} and {@code TRIBUTARY_PASSWORD}; a user without a
     * password is asked for it on the console, or refused when there is none. Both null for no login.
     */
    static String[] login(CommandSpec command, String user, String password) {
        Object root = command.root().userObject();
        CliContext context = root instanceof CliContext c ? c : SystemContext.INSTANCE;
        String login = user != null ? user : context.variable(USER_VARIABLE);
        String secret = password != null ? password : context.variable(PASSWORD_VARIABLE);
        if (login != null && secret == null) {
            Console console = System.console();
            if (console == null) {
                throw new CliException(CliException.USAGE, "user " + login + " needs a password: give --password or"
                        + " set " + PASSWORD_VARIABLE);
            }
            char[] typed = console.readPassword("password of %s: ", login);
            secret = typed == null ? "" : new String(typed);
        }
        return new String[] {login, secret};
    }
}
