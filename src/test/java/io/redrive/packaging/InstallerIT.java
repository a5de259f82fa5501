package io.redrive.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The installers' build, cheaply: jpackage/build.sh (build.ps1 on Windows) makes the portable application image
 * from target/redrive.jar, and its launcher answers {@code --version} from the bundled runtime. The installers proper
 * (deb, rpm, dmg, msi) wrap this same image; building one takes minutes, so they are built by hand
 * (jpackage/README.md), not here.
 */
class InstallerIT {
    private static final String OS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    private static final boolean WINDOWS = OS.startsWith("windows");
    private static final boolean MAC = OS.contains("mac");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(5);
    /** macOS refuses an application version starting with 0; the launcher's --version prints the jar's own. */
    private static final String MAC_APP_VERSION = "1.0.0";

    @Test
    void theApplicationImageRunsTheCommandLineOnItsOwnRuntimeWithTheIconAndSettings(@TempDir Path dest) throws Exception {
        Path jpackage = JAVA_HOME.resolve("bin").resolve(WINDOWS ? "jpackage.exe" : "jpackage");
        assumeTrue(Files.isExecutable(jpackage), () -> "Packaging not tested: " + JAVA_HOME + " has no jpackage (a JRE, "
                + "or a JDK without the jdk.jpackage module); the installers need a full JDK 17");
        Path jar = Path.of("target", "redrive.jar");
        assertThat(jar).as("target/redrive.jar, built in the package phase before the integration tests").isRegularFile();
        String version;
        try (JarFile shaded = new JarFile(jar.toFile())) {
            version = shaded.getManifest().getMainAttributes().getValue("Implementation-Version");
        }

        long started = System.nanoTime();
        Run build = run(buildCommand(dest), BUILD_LIMIT);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertThat(build.exitCode()).as("jpackage/build.sh --type app-image, after %d s:%n%s", seconds, build.output()).isZero();
        System.out.printf("Application image built in %d s%n", seconds);

        Layout image = Layout.of(dest);
        Run versionRun = run(List.of(image.commandLauncher().toString(), "--version"), Duration.ofMinutes(1));
        assertThat(versionRun.exitCode()).as(versionRun.output()).isZero();
        assertThat(versionRun.output())
                .contains("Redrive " + version + " on Java " + System.getProperty("java.version"));

        if (image.icon() != null) {
            assertThat(image.icon()).hasSameBinaryContentAs(image.sourceIcon());
        }
        String appVersion = MAC ? MAC_APP_VERSION : version.replaceAll("^(\\d+(\\.\\d+){0,2}).*$", "$1");   // 0.1.0-SNAPSHOT: 0.1.0
        assertThat(Files.readString(image.launcherConfig()))
                .contains("app.mainclass=io.redrive.cli.Main", "redrive.jar", "java-options=-Xmx1g",
                        "java-options=-Djpackage.app-version=" + appVersion);
        assertThat(Files.readString(image.runtimeRelease()))
                .contains("java.desktop", "java.sql", "java.naming", "java.management", "jdk.unsupported", "jdk.crypto.ec");
    }

    @Test
    void theLinuxMenuEntryIsListedUnderDevelopmentAndMatchesTheWindow() throws IOException {
        // the deb and rpm install it; jpackage fills in the placeholders
        String desktop = Files.readString(Path.of("jpackage", "linux", "resources", "Redrive.desktop"));
        assertThat(desktop.lines()).first().isEqualTo("[Desktop Entry]");
        assertThat(desktop).contains("Exec=APPLICATION_LAUNCHER", "Icon=APPLICATION_ICON", "Type=Application",
                "Categories=Development;", "StartupWMClass=io.redrive.console.RedriveApp", "Terminal=false");
        assertThat(Path.of("assets", "icon.png")).isRegularFile();
        assertThat(Path.of("assets", "icon.ico")).isRegularFile();
        assertThat(Path.of("assets", "icon.icns")).isRegularFile();
    }

    private static List<String> buildCommand(Path dest) {
        List<String> command = new ArrayList<>();
        if (WINDOWS) {
            command.addAll(List.of("powershell.exe", "-NoProfile", "-ExecutionPolicy", "Bypass", "-File",
                    "jpackage/build.ps1", "-Type", "app-image", "-Dest", dest.toString()));
        } else {
            command.addAll(List.of("bash", "jpackage/build.sh", "--type", "app-image", "--dest", dest.toString()));
            if (MAC) {
                command.addAll(List.of("--version", MAC_APP_VERSION));
            }
        }
        return command;
    }

    private record Run(int exitCode, String output) { }

    private static Run run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Path log = Files.createTempFile("redrive-installer-it", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", JAVA_HOME.toString());
            Process process = builder.start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("%s did not finish within %s:%n%s", command, limit, Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Where jpackage puts things in an application image on each operating system. */
    private record Layout(Path commandLauncher, Path icon, Path sourceIcon, Path launcherConfig, Path runtimeRelease) {
        static Layout of(Path dest) {
            if (MAC) {
                Path contents = dest.resolve("Redrive.app/Contents");
                return new Layout(contents.resolve("MacOS/Redrive"), contents.resolve("Resources/Redrive.icns"),
                        Path.of("assets", "icon.icns"), contents.resolve("app/Redrive.cfg"),
                        contents.resolve("runtime/Contents/Home/release"));
            }
            if (WINDOWS) {
                // Redrive.exe has no console; the icon is inside the executables
                Path image = dest.resolve("Redrive");
                return new Layout(image.resolve("redrive-cli.exe"), null, null, image.resolve("app/Redrive.cfg"),
                        image.resolve("runtime/release"));
            }
            Path image = dest.resolve("Redrive");
            return new Layout(image.resolve("bin/Redrive"), image.resolve("lib/Redrive.png"), Path.of("assets", "icon.png"),
                    image.resolve("lib/app/Redrive.cfg"), image.resolve("lib/runtime/release"));
        }
    }
}
