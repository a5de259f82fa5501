package io.redrive.packaging;

import io.redrive.cache.CacheOptions;
import io.redrive.engine.EngineOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first commands and its configuration table stay true to the build and the code. */
class ReadmeTest {
    private static final Pattern CODE_BLOCK = Pattern.compile("^```[a-z]*\\n(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern CONFIG_ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

    @Test
    void theFirstCodeBlockIsTheRunAndTheTestCommandAndComesBeforeAnySection() throws Exception {
        String readme = readme();
        Matcher first = CODE_BLOCK.matcher(readme);
        assertThat(first.find()).isTrue();
        assertThat(first.group(1).lines()).containsExactly("./mvnw -q compile exec:java", "./mvnw verify");
        assertThat(first.start()).as("the commands come before the first section").isLessThan(readme.indexOf("\n## "));
    }

    @Test
    void theRunCommandStartsTheCommandLinesMainClassThroughTheWrapper() throws Exception {
        assertThat(Path.of("mvnw")).isExecutable();
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher mainClass = Pattern.compile("<main\\.class>([\\w.]+)</main\\.class>").matcher(pom);
        assertThat(mainClass.find()).isTrue();
        // exec:java runs the main class the pom names, outside any profile
        String build = pom.substring(pom.indexOf("<build>"), pom.indexOf("<profiles>"));
        assertThat(build).containsPattern("exec-maven-plugin</artifactId>\\s*<version>[^<]+</version>\\s*<configuration>\\s*"
                + "<mainClass>\\$\\{main\\.class}</mainClass>");
        assertThat(Class.forName(mainClass.group(1)).getMethod("main", String[].class)).isNotNull();
    }

    @Test
    void theConfigurationTableNamesEveryEnvironmentVariableTheOptionsRead() throws Exception {
        TreeSet<String> read = new TreeSet<>();
        for (String source : List.of("src/main/java/io/redrive/engine/EngineOptions.java",
                "src/main/java/io/redrive/cache/CacheOptions.java", "src/main/java/io/redrive/redis/EnvironmentVariables.java")) {
            Matcher name = Pattern.compile("\"((?:[A-Z]+_)+[A-Z]+)\"").matcher(Files.readString(Path.of(source)));
            while (name.find()) {
                read.add(name.group(1));
            }
        }
        assertThat(read).contains("REDIS_URL", "MAX_RETRY_ATTEMPTS", "CACHE_GRAPH_TTL");
        assertThat(documentedDefaults().keySet()).containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void eachDocumentedDefaultIsTheValueUsedWhenTheVariableIsUnset() throws Exception {
        EngineOptions engineDefaults = EngineOptions.fromEnvironmentVariables(Map.of());
        CacheOptions cacheDefaults = CacheOptions.fromEnvironmentVariables(Map.of());
        documentedDefaults().forEach((variable, value) -> {
            Map<String, String> env = Map.of(variable, value);
            EngineOptions engine = EngineOptions.fromEnvironmentVariables(env);
            CacheOptions cache = CacheOptions.fromEnvironmentVariables(env);
            List<Object> given = List.of(engine.redisUrl(), engine.defaultPolicy(), engine.replayedRetention(),
                    engine.allowEvictingRedis(), cache.enabled(), cache.defaultTtl(), cache.namespaceTtls());
            List<Object> unset = List.of(engineDefaults.redisUrl(), engineDefaults.defaultPolicy(),
                    engineDefaults.replayedRetention(), engineDefaults.allowEvictingRedis(), cacheDefaults.enabled(),
                    cacheDefaults.defaultTtl(), cacheDefaults.namespaceTtls());
            assertThat(given).as("%s=%s, as the README says its default is", variable, value).isEqualTo(unset);
        });
    }

    /** The configuration table's rows: variable and default, in the README's order. */
    private static Map<String, String> documentedDefaults() throws Exception {
        String readme = readme();
        int start = readme.indexOf("\n## Configuration\n");
        assertThat(start).isPositive();
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = CONFIG_ROW.matcher(section);
        List<String> names = new ArrayList<>();
        while (row.find()) {
            names.add(row.group(1));
            rows.put(row.group(1), row.group(2));
        }
        assertThat(names).doesNotHaveDuplicates();
        return rows;
    }

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"));
    }
}
