package io.redrive.console;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.function.Function;

/**
 * Loads a screen's FXML (beside its controller class, same name) with a controller built by the caller, so
 * controllers take their view model in the constructor rather than being injected by reflection.
 */
public final class Views {
    private Views() {
    }

    public static <C> Loaded<C> load(Class<C> controllerType, Function<Class<?>, Object> controllers) {
        URL fxml = controllerType.getResource(controllerType.getSimpleName() + ".fxml");
        if (fxml == null) {
            throw new IllegalStateException("Missing " + controllerType.getSimpleName() + ".fxml beside " + controllerType.getName());
        }
        FXMLLoader loader = new FXMLLoader(fxml);
        loader.setControllerFactory(controllers::apply);
        try {
            Parent root = loader.load();
            return new Loaded<>(root, controllerType.cast(loader.getController()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + fxml + ": " + e.getMessage(), e);
        }
    }

    /** A loaded view: its root node and its controller. */
    public record Loaded<C>(Parent root, C controller) { }
}
