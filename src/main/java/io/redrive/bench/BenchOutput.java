package io.redrive.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints benchmark figures as JSON lines and, at the end, the median of each figure over the runs. */
public final class BenchOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    public BenchOutput(PrintStream out) {
        this.out = out;
    }

    /** One figure of one run (run 0: a warm-up or a one-off figure). */
    public void line(String name, double value, String unit, int run) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        units.put(name, unit);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("value", round(value));
        line.put("unit", unit);
        line.put("run", run);
        print(line);
    }

    /** One line per figure: the median of its runs, with {@code "runs"} saying how many. */
    public void medians() {
        for (Map.Entry<String, List<Double>> figure : values.entrySet()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", figure.getKey());
            line.put("value", round(median(figure.getValue())));
            line.put("unit", units.get(figure.getKey()));
            line.put("statistic", "median");
            line.put("runs", figure.getValue().size());
            print(line);
        }
    }

    /**
     * One line saying whether a figure's median is within its target (at most {@code target}), with a note saying
     * what the figure is.
     */
    public void target(String name, double target, String unit, String note) {
        double median = median(values.getOrDefault(name, List.of(Double.NaN)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("value", round(median));
        line.put("unit", unit);
        line.put("target", target);
        line.put("within_target", median <= target);
        line.put("note", note);
        print(line);
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void print(Map<String, Object> line) {
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
