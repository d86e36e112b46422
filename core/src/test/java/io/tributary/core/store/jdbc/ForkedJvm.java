package io.tributary.core.store.jdbc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line of a JVM that runs a test main class with this JVM's class path. */
public final class ForkedJvm {

    private ForkedJvm() {
    }

    /** {@code java <jvmOption> -cp <this class path> <main> <args...>}. */
    public static List<String> command(Class<?> main, String jvmOption, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(jvmOption);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}
