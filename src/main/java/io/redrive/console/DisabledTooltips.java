package io.redrive.console;

import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

import java.util.List;

/**
 * Tooltips that also show while their control is disabled. JavaFX never picks a disabled node, so a disabled control
 * never sees the mouse and its own tooltip never shows: exactly when it should say why it is off. Here the scene
 * watches the mouse instead and shows the tooltip, after its usual delay, while the mouse is over the disabled
 * control; once enabled, the control's own tooltip handling takes over again.
 */
public final class DisabledTooltips {
    private DisabledTooltips() {
    }

    /**
     * Controls that write to Redis, after the caller bound when they are enabled. On a read-only connection (see
     * {@link SessionContext#readOnly()}) they are disabled for good and say why; otherwise they say why Redis is
     * away while it is. Their engine or cache refuses the write anyway: this only shows it before a click.
     */
    public static void writeControls(SessionContext context, Control... controls) {
        if (!disableWhenReadOnly(context, controls)) {
            whileDisconnected(context.connection(), controls);
        }
    }

    /**
     * Inputs that only prepare a write (a TTL spinner, a switch that stays usable while Redis is away): disabled
     * with the read-only reason on a read-only connection, left alone otherwise.
     */
    public static void writeInputs(SessionContext context, Control... controls) {
        disableWhenReadOnly(context, controls);
    }

    /**
     * The writing items of a context menu: a menu item has no tooltip, so on a read-only connection the reason
     * heads the menu, over the items it disables.
     */
    public static void writeItems(SessionContext context, ContextMenu menu, MenuItem... items) {
        if (!context.readOnly()) {
            return;
        }
        for (MenuItem item : items) {
            item.disableProperty().unbind();
            item.setDisable(true);
        }
        MenuItem reason = new MenuItem(SessionContext.READ_ONLY_REASON);
        reason.setId("readOnlyMenuReason");
        reason.setDisable(true);
        menu.getItems().addAll(0, List.of(reason, new SeparatorMenuItem()));
    }

    /** A control that is not disabled but tells of a read-only connection (a status beside a disabled switch). */
    public static void readOnlyNote(SessionContext context, Control control) {
        if (context.readOnly()) {
            control.setTooltip(new Tooltip(SessionContext.READ_ONLY_REASON));
        }
    }

    private static boolean disableWhenReadOnly(SessionContext context, Control... controls) {
        if (!context.readOnly()) {
            return false;
        }
        for (Control control : controls) {
            control.disableProperty().unbind();
            control.setDisable(true);
            install(control, new Tooltip(SessionContext.READ_ONLY_REASON));
        }
        return true;
    }

    /**
     * Makes each control say why Redis is away while it is (the controls' disabling is the caller's binding), and
     * its own tooltip, if it had one, otherwise.
     */
    public static void whileDisconnected(ConnectionState connection, Control... controls) {
        for (Control control : controls) {
            String own = control.getTooltip() == null ? "" : control.getTooltip().getText();
            Tooltip tooltip = new Tooltip();
            tooltip.textProperty().bind(Bindings.when(connection.connectedProperty()).then(own)
                    .otherwise(connection.reasonBinding()));
            install(control, tooltip);
            // no tooltip at all rather than an empty one while connected
            Runnable attach = () -> control.setTooltip(tooltip.getText().isEmpty() ? null : tooltip);
            tooltip.textProperty().addListener((o, was, now) -> attach.run());
            attach.run();
        }
    }

    /** Sets the control's tooltip and makes it show on hover while the control is disabled too. */
    public static void install(Control control, Tooltip tooltip) {
        control.setTooltip(tooltip);
        PauseTransition delay = new PauseTransition(tooltip.getShowDelay());
        double[] mouse = new double[2];
        delay.setOnFinished(e -> {
            if (control.isDisabled() && !tooltip.getText().isEmpty() && shown(control) && control.getScene() != null
                    && control.getScene().getWindow() != null) {
                tooltip.show(control, mouse[0] + 12, mouse[1] + 16);  // below and right of the pointer, as JavaFX puts it
            }
        });
        Runnable hide = () -> {
            delay.stop();
            if (tooltip.isShowing() && control.isDisabled()) {
                tooltip.hide();
            }
        };
        EventHandler<MouseEvent> moved = e -> {
            if (control.isDisabled() && shown(control) && contains(control, e.getScreenX(), e.getScreenY())) {
                mouse[0] = e.getScreenX();
                mouse[1] = e.getScreenY();
                if (!tooltip.isShowing() && delay.getStatus() != Animation.Status.RUNNING) {
                    delay.playFromStart();
                }
            } else {
                hide.run();
            }
        };
        EventHandler<MouseEvent> exited = e -> {  // every node the pointer leaves; only leaving the control matters
            if (!contains(control, e.getScreenX(), e.getScreenY())) {
                hide.run();
            }
        };
        ChangeListener<Scene> scenes = (o, was, now) -> {
            if (was != null) {
                was.removeEventFilter(MouseEvent.MOUSE_MOVED, moved);
                was.removeEventFilter(MouseEvent.MOUSE_EXITED_TARGET, exited);
            }
            if (now != null) {
                now.addEventFilter(MouseEvent.MOUSE_MOVED, moved);
                now.addEventFilter(MouseEvent.MOUSE_EXITED_TARGET, exited);
            }
        };
        control.sceneProperty().addListener(scenes);
        scenes.changed(control.sceneProperty(), null, control.getScene());
        control.disabledProperty().addListener((o, was, now) -> {
            if (!now) {
                delay.stop();
                tooltip.hide();
            }
        });
    }

    private static boolean contains(Node node, double screenX, double screenY) {
        Bounds bounds = node.localToScreen(node.getBoundsInLocal());
        return bounds != null && bounds.contains(screenX, screenY);
    }

    /** Visible, and so are all its parents (an unselected tab's content is not). */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
