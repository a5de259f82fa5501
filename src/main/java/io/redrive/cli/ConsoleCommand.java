package io.redrive.cli;

import io.redrive.console.ConsoleLauncher;
import io.redrive.demo.DemoServer;
import io.redrive.redis.RedisConnection;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Opens the desktop console; without --redis, on the demo (an embedded Redis with simulated traffic). */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Open the desktop console. Without --redis it starts the demo (its own embedded Redis, simulated "
                + "traffic, key prefix " + DemoServer.PREFIX + "; REDIS_URL is ignored) and opens that. Where no "
                + "display is available it runs that demo headless instead; with --redis it then fails.")
final class ConsoleCommand implements Callable<Integer> {
    @Option(names = "--redis", paramLabel = "URL", description = "The Redis to open (default: the demo)")
    String url;

    @Option(names = "--prefix", defaultValue = "redrive", description = "Key prefix (default: ${DEFAULT-VALUE})")
    String prefix = "redrive";

    @Option(names = "--name", description = "The connection's name on its tab")
    String name;

    @Option(names = "--read-only", description = "Send no write command on this connection")
    boolean readOnly;

    @Option(names = "--environment", paramLabel = "ENV",
            description = "Colour label: production, staging, development or other (default: other)")
    String environment;

    @Option(names = "--worker", paramLabel = "on|off",
            description = "Run the background retry worker on connecting (default: off on production, on elsewhere)")
    String worker;

    @Override
    public Integer call() throws Exception {
        if (!displayAvailable()) {
            if (url != null) {
                throw new IllegalStateException("No display is available here, so the console cannot open "
                        + RedisConnection.redact(url) + "; run it where there is a display, or use the "
                        + "command line (redrive dlq, redrive cache, redrive check).");
            }
            System.err.println("No display is available, so Redrive runs the demo headless instead of the console, "
                    + "on its own embedded Redis (REDIS_URL is ignored).");
            return DemoCommand.embeddedOnly().call();
        }
        List<String> args = new ArrayList<>();
        if (url != null) {
            args.addAll(List.of("--redis", url, "--prefix", prefix));
        }
        if (name != null) {
            args.addAll(List.of("--name", name));
        }
        if (readOnly) {
            args.add("--read-only");
        }
        if (environment != null) {
            args.addAll(List.of("--environment", environment));
        }
        if (worker != null) {
            args.addAll(List.of("--worker", worker));
        }
        ConsoleLauncher.launch(args);
        return 0;
    }

    /** Linux needs an X display; macOS and Windows always have a screen. */
    static boolean displayAvailable() {
        if (Boolean.getBoolean("java.awt.headless") && !"Monocle".equals(System.getProperty("glass.platform"))) {
            return false;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return !os.contains("linux") || System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }
}
