package io.redrive.console.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One node of a Sentinel or Cluster list, written {@code host:port} ({@code [::1]:6379} for IPv6). */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        host = host.strip();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("A node needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Port " + port + " of " + host + " is not between 1 and 65535");
        }
    }

    /** Reads {@code host:port}, or a bare {@code host} on {@code defaultPort}. */
    public static HostPort parse(String text, int defaultPort) {
        String s = text.strip();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "' opens an IPv6 address with [ but never closes it");
            }
            host = s.substring(1, close);
            if (s.length() > close + 1) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + s + "' is not host:port");
                }
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + s + "' looks like an IPv6 address: write it as [address]:port");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (port == null) {
            return new HostPort(host, defaultPort);
        }
        try {
            return new HostPort(host, Integer.parseInt(port.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' in '" + s + "' is not a port number");
        }
    }

    /** Reads a list separated by commas, spaces or line breaks; empty text gives an empty list. */
    public static List<HostPort> parseList(String text, int defaultPort) {
        List<HostPort> nodes = new ArrayList<>();
        if (text == null) {
            return nodes;
        }
        for (String part : text.split("[,\\s]+")) {
            if (!part.isBlank()) {
                nodes.add(parse(part, defaultPort));
            }
        }
        return nodes;
    }

    /** Writes a list the way {@link #parseList} reads it. */
    public static String format(List<HostPort> nodes) {
        return String.join(", ", nodes.stream().map(HostPort::toString).toList());
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
