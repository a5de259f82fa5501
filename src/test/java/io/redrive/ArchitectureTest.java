package io.redrive;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of shared/STYLE.md, kept honest. Each rule is written for a root package, so that it is
 * checked on Redrive ({@code io.redrive}) and shown to fail on the deliberate violations planted under
 * {@code io.redrive.archfixture} (test classes, which the import of Redrive leaves out).
 */
class ArchitectureTest {
    private static final String ROOT = "io.redrive";
    private static final String FIXTURES = "io.redrive.archfixture";

    private static final JavaClasses REDRIVE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    private static final JavaClasses VIOLATIONS = new ClassFileImporter().importPackages(FIXTURES);

    /** The engine, cache, redis, command line and demo never import JavaFX or its control libraries. */
    static ArchRule noJavaFxBelowTheConsole(String root) {
        return noClasses().that().resideInAnyPackage(root + ".engine..", root + ".cache..", root + ".redis..",
                        root + ".cli..", root + ".demo..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "io.fair_acc..");
    }

    static ArchRule redisKnowsNothingAbove(String root) {
        return noClasses().that().resideInAPackage(root + ".redis..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".engine..", root + ".cache..", root + ".cli..",
                        root + ".demo..", root + ".console..");
    }

    static ArchRule engineStaysBelowCacheConsoleAndCommandLine(String root) {
        return noClasses().that().resideInAPackage(root + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".cache..", root + ".cli..", root + ".demo..",
                        root + ".console..");
    }

    static ArchRule cacheStaysBelowConsoleAndCommandLine(String root) {
        return noClasses().that().resideInAPackage(root + ".cache..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".cli..", root + ".demo..", root + ".console..");
    }

    /** The cache helper takes its audit log, actor and bulk runner from ops, never from the engine. */
    static ArchRule cacheNeverDependsOnTheEngine(String root) {
        return noClasses().that().resideInAPackage(root + ".cache..")
                .should().dependOnClassesThat().resideInAPackage(root + ".engine..");
    }

    /** Ops sits under the engine and the cache, which both record and run bulk work through it. */
    static ArchRule opsStaysBelowEngineAndCache(String root) {
        return noClasses().that().resideInAPackage(root + ".ops..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".engine..", root + ".cache..",
                        root + ".cli..", root + ".demo..", root + ".console..", root + ".bench..", "javafx..");
    }

    /** The console never holds a Lettuce type: it calls the engine's and cache's API. */
    static ArchRule consoleUsesNoLettuce(String root) {
        return noClasses().that().resideInAPackage(root + ".console..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..");
    }

    /** Nor does it open a connection of its own or send a command over one (it may put a Redis error into words). */
    static ArchRule consoleSendsNoRedisCommand(String root) {
        return noClasses().that().resideInAPackage(root + ".console..")
                .should().callMethodWhere(target(owner(nameMatching(".*\\.redis\\.RedisConnection")))
                        .and(target(nameMatching("open|commands|await|subscribe"))));
    }

    /** View models hold state and commands, never controls or layouts: those belong to the view. */
    static ArchRule viewModelsHoldNoControls(String root) {
        return noClasses().that().resideInAPackage(root + ".console..").and().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene.control..", "javafx.scene.layout..");
    }

    /** The benchmarks are run by their commands only: the console, engine and cache never depend on them. */
    static ArchRule onlyTheCommandLineRunsBenchmarks(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".cli..", root + ".bench..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bench..");
    }

    /** A benchmark takes plain settings from its command and never reaches back into the command line. */
    static ArchRule benchmarksNeverUseTheCommandLine(String root) {
        return noClasses().that().resideInAPackage(root + ".bench..")
                .should().dependOnClassesThat().resideInAPackage(root + ".cli..");
    }

    /**
     * Alerts sit above the engine, the cache and ops and below the console and the command line, which both start a
     * watcher: they never reach up, and the layers below never know of them.
     */
    static ArchRule alertsStayBetweenEngineAndConsole(String root) {
        return noClasses().that().resideInAPackage(root + ".alerts..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".console..", root + ".cli..", root + ".demo..",
                        root + ".bench..", "javafx..", "org.controlsfx..", "io.fair_acc..");
    }

    static ArchRule nothingBelowKnowsOfAlerts(String root) {
        return noClasses().that().resideInAnyPackage(root + ".engine..", root + ".cache..", root + ".ops..", root + ".redis..")
                .should().dependOnClassesThat().resideInAPackage(root + ".alerts..");
    }

    /** The metrics server is started by the command line only, and reads the engine and cache, never a screen. */
    static ArchRule onlyTheCommandLineServesMetrics(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".cli..", root + ".metrics..")
                .should().dependOnClassesThat().resideInAPackage(root + ".metrics..");
    }

    static ArchRule metricsStayBelowTheCommandLine(String root) {
        return noClasses().that().resideInAPackage(root + ".metrics..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".console..", root + ".cli..", root + ".demo..",
                        root + ".bench..", root + ".alerts..", "javafx..", "org.controlsfx..", "io.fair_acc..");
    }

    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void theEngineRedisAndCommandLineNeverTouchJavaFx() {
        noJavaFxBelowTheConsole(ROOT).check(REDRIVE);
        assertThat(noJavaFxBelowTheConsole(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void theRedisPackageKnowsNothingOfTheLayersAboveIt() {
        redisKnowsNothingAbove(ROOT).check(REDRIVE);
        assertThat(redisKnowsNothingAbove(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void theEngineNeverImportsTheCacheTheConsoleTheCommandLineOrTheDemo() {
        engineStaysBelowCacheConsoleAndCommandLine(ROOT).check(REDRIVE);
        assertThat(engineStaysBelowCacheConsoleAndCommandLine(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void theCacheNeverImportsTheConsoleTheCommandLineOrTheDemo() {
        cacheStaysBelowConsoleAndCommandLine(ROOT).check(REDRIVE);
        assertThat(cacheStaysBelowConsoleAndCommandLine(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void theCacheNeverDependsOnTheEngine() {
        cacheNeverDependsOnTheEngine(ROOT).check(REDRIVE);
        assertThat(cacheNeverDependsOnTheEngine(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void opsNeverImportsTheEngineTheCacheTheConsoleOrTheCommandLine() {
        opsStaysBelowEngineAndCache(ROOT).check(REDRIVE);
        assertThat(opsStaysBelowEngineAndCache(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void theConsoleHoldsNoLettuceType() {
        consoleUsesNoLettuce(ROOT).check(REDRIVE);
        assertThat(consoleUsesNoLettuce(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void theConsoleSendsNoRedisCommandItself() {
        consoleSendsNoRedisCommand(ROOT).check(REDRIVE);
        assertThat(consoleSendsNoRedisCommand(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void viewModelsHoldNoJavaFxControlsOrLayouts() {
        viewModelsHoldNoControls(ROOT).check(REDRIVE);
        assertThat(viewModelsHoldNoControls(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }

    @Test
    void nothingButTheCommandLineDependsOnTheBenchmarks() {
        onlyTheCommandLineRunsBenchmarks(ROOT).check(REDRIVE);
        assertThat(onlyTheCommandLineRunsBenchmarks(FIXTURES).evaluate(VIOLATIONS).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("ScreenRunningABenchmark"));
    }

    @Test
    void theBenchmarksNeverDependOnTheCommandLine() {
        benchmarksNeverUseTheCommandLine(ROOT).check(REDRIVE);
        assertThat(benchmarksNeverUseTheCommandLine(FIXTURES).evaluate(VIOLATIONS).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("BenchmarkReadingItsOptions"));
    }

    @Test
    void alertsNeverImportTheConsoleTheCommandLineTheDemoOrJavaFx() {
        alertsStayBetweenEngineAndConsole(ROOT).check(REDRIVE);
        assertThat(alertsStayBetweenEngineAndConsole(FIXTURES).evaluate(VIOLATIONS).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("AlertOpeningAScreen"));
    }

    @Test
    void theEngineCacheOpsAndRedisNeverDependOnAlerts() {
        nothingBelowKnowsOfAlerts(ROOT).check(REDRIVE);
        assertThat(nothingBelowKnowsOfAlerts(FIXTURES).evaluate(VIOLATIONS).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("EngineRaisingAnAlert"));
    }

    @Test
    void nothingButTheCommandLineStartsTheMetricsServer() {
        onlyTheCommandLineServesMetrics(ROOT).check(REDRIVE);
        assertThat(onlyTheCommandLineServesMetrics(FIXTURES).evaluate(VIOLATIONS).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("ScreenServingMetrics"));
    }

    @Test
    void theMetricsNeverImportTheConsoleTheCommandLineTheDemoAlertsOrJavaFx() {
        metricsStayBelowTheCommandLine(ROOT).check(REDRIVE);
        assertThat(metricsStayBelowTheCommandLine(FIXTURES).evaluate(VIOLATIONS).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("MetricsOpeningAScreen"));
    }

    @Test
    void thePackagesDependOnEachOtherWithoutCycles() {
        noPackageCycles(ROOT).check(REDRIVE);
        assertThat(noPackageCycles(FIXTURES).evaluate(VIOLATIONS).hasViolation()).isTrue();
    }
}
