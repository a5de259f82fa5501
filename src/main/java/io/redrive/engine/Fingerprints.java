package io.redrive.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Failure groups: dead letters that failed the same way share a fingerprint, made of the queue, the exception
 * class, the message with its variable parts masked, and the top frames of the stack trace. So a thousand
 * "timeout after 3012 ms talking to 10.0.0.7" errors form one group, while the same exception thrown from two
 * different places forms two. Frames are taken as {@link #frame(String) normalised}, so the Java runtime that ran
 * the code and the versions of libraries below the application do not change the group.
 */
public final class Fingerprints {
    /** Frames of the trace that take part: enough to tell call sites apart, few enough to survive refactoring below them. */
    static final int TOP_FRAMES = 3;

    private static final Pattern UUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** A word of hex digits with at least one digit and one letter (so "cafe" and "1234" are not hex), or 0x and digits. */
    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]+\\b|\\b0x[0-9a-fA-F]+\\b");
    private static final Pattern MESSAGE_ID = Pattern.compile("\\b[0-9A-HJKMNP-TV-Z]{26}\\b");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Packages of the Java runtime and of the libraries Redrive ships with: their line numbers change with their version. */
    private static final List<String> LIBRARY_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "io.lettuce.", "io.netty.", "reactor.", "com.fasterxml.jackson.", "org.slf4j.");

    private Fingerprints() {
    }

    /** The group of a failure: 12 hex digits. */
    public static String of(String queue, String exceptionClass, String message, String stackTrace) {
        StringBuilder basis = new StringBuilder(256).append(queue).append('\n').append(exceptionClass).append('\n')
                .append(normalise(message)).append('\n');
        int frames = 0;
        for (String line : (stackTrace == null ? "" : stackTrace).split("\n")) {
            String frame = line.strip();
            if (frame.startsWith("at ")) {
                basis.append(frame(frame.substring(3))).append('\n');
                if (++frames == TOP_FRAMES) {
                    break;
                }
            }
        }
        return HexFormat.of().formatHex(sha1(basis.toString()), 0, 6);
    }

    /** The group of a handler's exception; the same as {@link #of(String, String, String, String)} on its record. */
    public static String of(String queue, Throwable error) {
        StringBuilder trace = new StringBuilder(512);
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(TOP_FRAMES, frames.length); i++) {
            trace.append("\tat ").append(frames[i]).append('\n');
        }
        return of(queue, error.getClass().getName(), String.valueOf(error.getMessage()), trace.toString());
    }

    /**
     * One frame as it takes part in a fingerprint: without the class loader and module prefix (which carries the
     * runtime's version, {@code java.base@17.0.12/}), and without the line number when the frame is in the Java
     * runtime, in a library Redrive ships with or in a versioned module. An application frame of an unnamed module
     * is kept as it is, so the groups of failures thrown by application code are the same as before this rule.
     *
     * @param frame a stack trace line without its leading {@code at }
     */
    static String frame(String frame) {
        int open = frame.indexOf('(');
        String call = open < 0 ? frame : frame.substring(0, open);
        String source = open < 0 ? "" : frame.substring(open);
        int slash = call.lastIndexOf('/');
        String prefix = slash < 0 ? "" : call.substring(0, slash);
        String method = call.substring(slash + 1);
        boolean library = prefix.contains("@") || prefix.startsWith("java.") || prefix.contains("/java.")
                || prefix.startsWith("jdk.") || prefix.contains("/jdk.") || LIBRARY_PACKAGES.stream().anyMatch(method::startsWith);
        if (library) {
            int colon = source.lastIndexOf(':');
            if (colon > 0 && source.endsWith(")")) {
                source = source.substring(0, colon) + ")";
            }
        }
        return method + source;
    }

    /**
     * The message with ids, hex strings, quoted values and numbers replaced by placeholders, so messages that
     * differ only in those parts read the same.
     */
    public static String normalise(String message) {
        if (message == null) {
            return "";
        }
        String m = UUID.matcher(message).replaceAll("<uuid>");
        m = MESSAGE_ID.matcher(m).replaceAll("<id>");
        m = QUOTED.matcher(m).replaceAll("<text>");
        m = HEX.matcher(m).replaceAll("<hex>");
        m = NUMBER.matcher(m).replaceAll("<n>");
        return SPACES.matcher(m).replaceAll(" ").strip();
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
