package io.redrive.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written for the tests because no maintained Java
 * parser of it is available offline (the Prometheus Java client only writes the format). It refuses anything the
 * format does not allow: a malformed name, label or value, a TYPE after its samples or twice, a sample of an
 * undeclared family, a series twice, a missing final newline.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");

    /** The series of a scrape, each as its name with its labels sorted, e.g. {@code a_total{q="x"}}, with its value. */
    final Map<String, Double> series = new LinkedHashMap<>();
    /** Family name to its declared type. */
    final Map<String, String> types = new HashMap<>();

    static PrometheusText parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("The exposition does not end with a newline");
        }
        PrometheusText parsed = new PrometheusText();
        Set<String> sampled = new HashSet<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            Matcher m;
            if ((m = TYPE.matcher(line)).matches()) {
                if (parsed.types.put(m.group(1), m.group(2)) != null || sampled.contains(m.group(1))) {
                    throw new IllegalArgumentException("TYPE repeated or after its samples: " + line);
                }
            } else if (line.startsWith("#")) {
                if (line.startsWith("# HELP") && !HELP.matcher(line).matches()) {
                    throw new IllegalArgumentException("Malformed HELP: " + line);
                }
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String family = family(parsed.types, m.group(1));
                sampled.add(family);
                if (!FLOAT.matcher(m.group(4)).matches()) {
                    throw new IllegalArgumentException("Not a float: " + line);
                }
                String key = m.group(1) + labels(m.group(3) == null ? "" : m.group(3), line);
                if (parsed.series.put(key, number(m.group(4))) != null) {
                    throw new IllegalArgumentException("Series repeated: " + key);
                }
            } else if (!line.isEmpty()) {
                throw new IllegalArgumentException("Not a sample, comment or blank line: " + line);
            }
        }
        return parsed;
    }

    private static String family(Map<String, String> types, String sample) {
        for (String suffix : new String[]{"", "_total", "_count", "_sum", "_bucket", "_created"}) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        throw new IllegalArgumentException("A sample of an undeclared family: " + sample);
    }

    private static String labels(String text, String line) {
        Map<String, String> labels = new TreeMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("Malformed labels: " + line);
            }
            if (labels.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException("Label repeated: " + line);
            }
            at = m.end();
        }
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("{");
        labels.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append("=\"").append(v).append('"'));
        return b.append('}').toString();
    }

    private static double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    double value(String series) {
        Double v = this.series.get(series);
        if (v == null) {
            throw new AssertionError("No series " + series + " in " + this.series.keySet());
        }
        return v;
    }
}
