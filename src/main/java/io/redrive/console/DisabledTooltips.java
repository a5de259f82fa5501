package io.redrive.console;

import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * Tooltips that also show while their control is disabled. JavaFX never picks a disabled node, so a disabled control
 * never sees the mouse and its own tooltip never shows: exactly when it should say why it is off. Here the scene
 * watches the mouse instead and shows the tooltip, after its usual delay, while the mouse is over the disabled
 * control; once enabled, the control's own tooltip handling takes over again.
 */
public final class DisabledTooltips {
    private DisabledTooltips() {
    }

    /** Gives each control the read-only reason as its tooltip, shown while it is disabled (it does not disable it). */
    public static void readOnly(Control... controls) {
        for (Control control : controls) {
            install(control, new Tooltip(SessionContext.READ_ONLY_REASON));
        }
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
