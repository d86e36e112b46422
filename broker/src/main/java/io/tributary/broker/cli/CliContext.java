package io.tributary.broker.cli;

import java.io.InputStream;

/**
 * What a command reads besides its arguments: the environment (for {@code TRIBUTARY_PASSWORD}) and standard input.
 * The root command of {@code bin/tributary} implements it, so that a test runs the command line in-process with an
 * environment and an input of its own.
 */
public interface CliContext {

    /** The environment variable {@code name}, or null. */
    String variable(String name);

    /** Standard input. */
    InputStream in();
}
