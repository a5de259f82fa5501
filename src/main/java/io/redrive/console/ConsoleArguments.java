package io.redrive.console;

import io.redrive.redis.RedisConnection;
import java.util.List;
import java.util.Locale;

/**
 * The console's command line: {@code --redis URL}, {@code --prefix P}, {@code --name N}, {@code --read-only},
 * {@code --environment production|staging|development|demo|other}, {@code --worker on|off} (the background retry
 * worker; by default off on production, on elsewhere). No URL means no connection to open first.
 */
public record ConsoleArguments(ConnectionSettings settings) {

    public static ConsoleArguments parse(List<String> args) {
        String url = null;
        String prefix = "redrive";
        String name = null;
        boolean readOnly = false;
        Environment environment = Environment.OTHER;
        WorkerStart worker = WorkerStart.DEFAULT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--redis" -> url = value(args, ++i, arg);
                case "--prefix" -> prefix = value(args, ++i, arg);
                case "--name" -> name = value(args, ++i, arg);
                case "--read-only" -> readOnly = true;
                case "--worker" -> worker = WorkerStart.parse(value(args, ++i, arg));
                case "--environment" -> {
                    String env = value(args, ++i, arg);
                    try {
                        environment = Environment.valueOf(env.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--environment must be one of production, staging, development, demo, other; got " + env);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown console option " + arg);
            }
        }
        if (url == null) {
            return new ConsoleArguments(null);
        }
        String shown = name != null ? name : RedisConnection.redact(url).replaceFirst("^[a-z-]+://", "");
        return new ConsoleArguments(new ConnectionSettings(shown, url, prefix, environment, readOnly, worker));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
