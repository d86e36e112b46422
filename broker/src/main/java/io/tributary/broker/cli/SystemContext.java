package io.tributary.broker.cli;

import java.io.InputStream;

/** The process's own environment and standard input, for a command line built without a {@link CliContext}. */
enum SystemContext implements CliContext {
    INSTANCE;

    @Override
    public String variable(String name) {
        return System.getenv(name);
    }

    @Override
    public InputStream in() {
        return System.in;
    }
}
