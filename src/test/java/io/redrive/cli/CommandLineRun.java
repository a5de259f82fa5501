package io.redrive.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A command line run as a user runs it, in this JVM, with its exit code and what it printed on stdout and stderr. */
record CommandLineRun(int exitCode, String out, String err) {

    /**
     * Runs {@code redrive ARGS...}. System.out is swapped before the command line is built: picocli's default
     * execution strategy remembers System.out when it is created and, finding another one at execute time, replaces
     * the writer given to setOut with one over the stream it remembered; some commands print there too.
     */
    static CommandLineRun of(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            var cli = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            cli.getOut().flush();
            cli.getErr().flush();
            return new CommandLineRun(code, out + printed.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    static CommandLineRun of(List<String> args) {
        return of(args.toArray(String[]::new));
    }

    /** Everything it printed, stdout then stderr. */
    String all() {
        return out + err;
    }

    /** Its stdout, a line each. */
    List<String> lines() {
        return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
    }
}
