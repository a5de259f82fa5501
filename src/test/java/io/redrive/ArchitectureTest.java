package io.redrive;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of shared/STYLE.md, kept honest. */
class ArchitectureTest {
    private static final JavaClasses REDRIVE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.redrive");

    @Test
    void theEngineRedisAndCommandLineNeverTouchJavaFx() {
        noClasses().that().resideInAnyPackage("io.redrive.engine..", "io.redrive.cache..", "io.redrive.redis..",
                        "io.redrive.cli..", "io.redrive.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "io.fair_acc..")
                .check(REDRIVE);
    }

    @Test
    void theRedisPackageKnowsNothingOfTheLayersAboveIt() {
        noClasses().that().resideInAPackage("io.redrive.redis..")
                .should().dependOnClassesThat().resideInAnyPackage("io.redrive.engine..", "io.redrive.cli..", "io.redrive.demo..")
                .check(REDRIVE);
    }

    @Test
    void theEngineDoesNotDependOnTheCacheTheCommandLineOrTheDemo() {
        noClasses().that().resideInAPackage("io.redrive.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.redrive.cache..", "io.redrive.cli..", "io.redrive.demo..")
                .check(REDRIVE);
    }

    @Test
    void theCacheUsesOnlyTheEngineAndRedisLayers() {
        noClasses().that().resideInAPackage("io.redrive.cache..")
                .should().dependOnClassesThat().resideInAnyPackage("io.redrive.cli..", "io.redrive.demo..", "io.redrive.console..")
                .check(REDRIVE);
    }
}
