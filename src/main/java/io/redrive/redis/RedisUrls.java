package io.redrive.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a Redis URL before a connection is made of it: the mistakes Lettuce would misread, the hosts, the password
 * kept out of what is shown, and Redrive's own parts ({@code caFile=}, {@code redis-cluster://}) that Lettuce does not
 * know. Pure text work: nothing here connects.
 */
final class RedisUrls {
    static final String CLUSTER_SCHEME = "redis-cluster://";
    private static final Pattern CA_FILE = Pattern.compile("[?&]caFile=([^&#]+)");

    private RedisUrls() {
    }

    /** What makes a URL unusable before Lettuce reads it (where Lettuce would misread it), or null. */
    static String mistakeIn(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        String rest = url.substring(scheme + 3);
        int at = rest.lastIndexOf('@');
        if (at >= 0 && rest.substring(0, at).indexOf('@') >= 0) {
            // Lettuce would take the part after the first @ for the host and echo it in its errors
            return "the password or user name contains a raw '@': percent-encode it as %40";
        }
        if (url.matches("(?s).*[?&]caFile=.*") && !url.regionMatches(true, 0, "rediss", 0, 6)) {
            return "a CA file needs rediss://; redis:// would connect without TLS";
        }
        for (String hostPort : hostsIn(url).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0 || hostPort.lastIndexOf(']') > colon) {
                continue;
            }
            String port = hostPort.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}")) {
                return "port '" + port + "' is not a number";
            }
        }
        return null;
    }

    /** The host:port list of a URL, without scheme, credentials, database, parameters or master name. */
    static String hostsIn(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return rest.substring(0, end);
    }

    /** The URL with any password masked, fit for logs and error messages. */
    static String redact(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        if (at < 0 || scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) : "";
        return url.substring(0, scheme + 3) + (user.isEmpty() ? "" : user + ":") + "***" + url.substring(at);
    }

    /** The text, unless it would repeat the URL's password. */
    static String withoutSecret(String text, String url) {
        String password = passwordIn(url);
        return !password.isEmpty() && String.valueOf(text).contains(password)
                ? "the reason quoted the password, so it is not shown" : text;
    }

    private static String passwordIn(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return "";
        }
        String userInfo = url.substring(scheme + 3, at);
        return userInfo.indexOf(':') < 0 ? "" : userInfo.substring(userInfo.indexOf(':') + 1);
    }

    /** The CA file named by Redrive's own {@code caFile=<path>} parameter (trust it for TLS), or null. */
    static String caFile(String url) {
        Matcher ca = CA_FILE.matcher(url);
        return ca.find() ? URLDecoder.decode(ca.group(1), StandardCharsets.UTF_8) : null;
    }

    /** The URL without the {@code caFile} parameter, which Lettuce would not understand. */
    static String withoutCaFile(String url) {
        return url.replaceAll("([?&])caFile=[^&#]+&?", "$1").replaceAll("[?&]$", "");
    }

    /** A {@code redis-cluster://} URL's seed nodes as {@code redis://} URLs, each with the URL's credentials. */
    static List<String> clusterSeeds(String url) {
        List<String> seeds = new ArrayList<>();
        String rest = url.substring(CLUSTER_SCHEME.length());
        String credentials = rest.contains("@") ? rest.substring(0, rest.lastIndexOf('@') + 1) : "";
        String hosts = rest.substring(credentials.length());
        for (String hostPort : hosts.split(",")) {
            seeds.add("redis://" + credentials + hostPort.trim());
        }
        return seeds;
    }
}
