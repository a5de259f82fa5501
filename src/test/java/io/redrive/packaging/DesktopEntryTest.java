package io.redrive.packaging;

import io.redrive.console.RedriveApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Linux menu entry names the console window's class, so docks group the window under it and show its icon. */
class DesktopEntryTest {

    @Test
    void theMenuEntrysStartupWmClassIsTheWindowsClass() throws Exception {
        // JavaFX's GTK toolkit sets WM_CLASS to the Application subclass's name (read with xprop on the real window)
        String entry = Files.readString(Path.of("jpackage/linux/resources/Redrive.desktop"));
        assertThat(entry.lines().filter(l -> l.startsWith("StartupWMClass=")))
                .containsExactly("StartupWMClass=" + RedriveApp.class.getName());
    }
}
