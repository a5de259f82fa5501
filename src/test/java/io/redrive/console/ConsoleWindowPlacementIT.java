package io.redrive.console;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window remembers itself in the tests' own preferences node, never the user's, and a remembered size or
 * place that no screen present can hold (a 2560x1440 monitor since unplugged) opens inside the screen, sized to fit.
 */
class ConsoleWindowPlacementIT extends FxRobot {
    private ConsoleWindow window;
    private BackgroundTasks tasks;

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        if (tasks != null) {
            tasks.close();
        }
        Preferences prefs = UserStorage.preferences();
        for (String key : List.of("x", "y", "width", "height")) {
            prefs.remove(key);
        }
    }

    @Test
    void underTestTheConsoleRemembersItselfInTheTestsNodeNotTheUsers() {
        String testNode = System.getProperty(UserStorage.PREFERENCES_PROPERTY);
        assertThat(testNode).as("the build sets the tests' node").startsWith("io/redrive/test/");
        assertThat(UserStorage.preferences().absolutePath()).isEqualTo("/" + testNode)
                .isNotEqualTo("/" + UserStorage.DEFAULT_PREFERENCES);
        assertThat(UserStorage.home()).isNotEqualTo(java.nio.file.Path.of(System.getProperty("user.home"), ".redrive"));
        assertThat(UserStorage.keyringAllowed()).isFalse();
    }

    @Test
    void aWindowRememberedLargerAndBeyondTheScreenOpensInsideIt() throws Exception {
        Preferences prefs = UserStorage.preferences();
        prefs.putDouble("width", 2560);
        prefs.putDouble("height", 1440);
        prefs.putDouble("x", 3000);
        prefs.putDouble("y", 200);
        tasks = new BackgroundTasks();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            window = ConsoleWindow.show(stage, tasks, null);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.preferences().absolutePath()).isEqualTo(prefs.absolutePath());

        Rectangle2D opened = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        List<Rectangle2D> screens = Screen.getScreens().stream().map(Screen::getBounds).toList();
        assertThat(screens).anySatisfy(screen -> {
            assertThat(screen.contains(opened)).as("%s within %s", opened, screen).isTrue();
        });
        assertThat(opened.getWidth()).isLessThan(2560);
    }

    @Test
    void placementIsClampedToTheScreenItOverlapsMost() {
        List<Rectangle2D> laptopAndMonitor = List.of(new Rectangle2D(0, 0, 1280, 800), new Rectangle2D(1280, 0, 1920, 1080));
        // mostly on the monitor: kept there, pulled back inside its right edge
        assertThat(ConsoleWindow.fit(2800, 100, 800, 600, laptopAndMonitor)).isEqualTo(new Rectangle2D(2400, 100, 800, 600));
        // remembered where no screen is now: centred on the first, sized to fit it
        assertThat(ConsoleWindow.fit(5000, 3000, 2560, 1440, laptopAndMonitor)).isEqualTo(new Rectangle2D(0, 0, 1280, 800));
        // never placed: the default size, centred
        assertThat(ConsoleWindow.fit(Double.NaN, Double.NaN, 1024, 700, laptopAndMonitor)).isEqualTo(new Rectangle2D(128, 50, 1024, 700));
    }
}
